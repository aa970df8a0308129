import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALERT_NAMES } from '../../../src/lib/alert-names.js';
import { REPORTS } from '../../../src/reports/registry.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/**
 * Places where a report's name is the same word used for something else, each with why. Alert kinds
 * (`/sales subscribe alert churn`) are their own registry (src/lib/alert-names.ts) and are allowed as
 * alert names anywhere alerts are handled.
 */
const OTHER_MEANINGS: Record<string, { word: string; meaning: string }[]> = {
  'src/db/import/kinds.ts': [{ word: 'activity', meaning: 'the CSV kind of the activities file' }],
  'src/demo/leads-stream.ts': [{ word: 'timing', meaning: 'a lost reason in the demo data' }],
  'src/reports/churn/churn-report.ts': [{ word: 'why', meaning: 'an export column' }],
  'src/slack/parse/subscription-command.ts': [{ word: 'monthly', meaning: 'a schedule word (`subscribe rfm monthly`)' }],
};

describe('report names', () => {
  it('appear as string literals only in their own folder: nothing else switches on a report name', () => {
    const names = REPORTS.map((r) => r.name);
    const offenders: string[] = [];
    for (const file of sourceFiles(join(root, 'src'))) {
      const path = relative(root, file);
      // Comments may mention reports; only code counts.
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      for (const name of names) {
        if (path.startsWith(`src/reports/${name}/`)) continue;
        if (!new RegExp(`(['"\`])${name}\\1`).test(code)) continue;
        if ((ALERT_NAMES as readonly string[]).includes(name)) continue;
        if (OTHER_MEANINGS[path]?.some((o) => o.word === name)) continue;
        offenders.push(`${path}: '${name}'`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps its list of other meanings true', () => {
    for (const [path, words] of Object.entries(OTHER_MEANINGS)) {
      const code = readFileSync(join(root, path), 'utf8');
      for (const { word } of words) expect(code, `${path} no longer says '${word}': drop it from the list`).toMatch(new RegExp(`(['"\`])${word}\\1`));
    }
  });
});
