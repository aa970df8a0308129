import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import madge from 'madge';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const srcDir = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1]!,
  );
}

/** architecture.md: which layers may import which libraries. */
const RULES: { pkg: RegExp; allowed: RegExp; why: string }[] = [
  { pkg: /^@slack\//, allowed: /^src\/slack\//, why: 'only src/slack talks to Slack' },
  { pkg: /^(drizzle-orm|postgres|@electric-sql\/pglite)(\/|$)/, allowed: /^src\/db\//, why: 'only src/db talks to the database' },
  { pkg: /^bullmq(\/|$)/, allowed: /^src\/jobs\//, why: 'only src/jobs talks to BullMQ' },
];

describe('architecture', () => {
  const files = sourceFiles(srcDir).map((f) => relative(root, f));

  it.each(RULES)('$why', ({ pkg, allowed }) => {
    const offenders = files.filter((f) => !allowed.test(f) && importsOf(join(root, f)).some((i) => pkg.test(i)));
    expect(offenders).toEqual([]);
  });

  it('keeps src/analytics pure (no I/O modules, no other layers)', () => {
    const io = /^(node:)?(fs|net|http|https|child_process|worker_threads|dgram)(\/|$)|^(ioredis|pino)$|\/(db|slack|jobs|services|config|cli|charts|api)\//;
    const offenders = files
      .filter((f) => f.startsWith('src/analytics/'))
      .flatMap((f) => importsOf(join(root, f)).filter((i) => io.test(i)).map((i) => `${f} imports ${i}`));
    expect(offenders).toEqual([]);
  });

  it('has no import cycles', async () => {
    const graph = await madge(srcDir, { fileExtensions: ['ts'], tsConfig: join(root, 'tsconfig.json') });
    expect(graph.circular()).toEqual([]);
  });
});
