import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemoData } from '../../src/demo/generate-demo-data.js';
import { REPORTS } from '../../src/reports/registry.js';
import { escapeFit } from '../../src/slack/blocks/text.js';
import { blockKitViolations } from '../helpers/block-kit-validator.js';
import { runCli } from '../helpers/cli.js';

describe('sales-bot demo on the embedded database', () => {
  let dir: string;
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('loads demo data, prints every report and writes each report’s Slack message and chart', async () => {
    dir = await mkdtemp(join(tmpdir(), 'demo-cmd-'));
    const out = join(dir, 'out');
    const r = await runCli(['demo', '--orders', '1500', '--out', out], { env: { PGLITE_DIR: join(dir, 'pglite') }, timeoutMs: 180_000 });
    expect(r.code, r.stderr).toBe(0);
    for (const report of REPORTS) expect(r.stdout).toMatch(new RegExp(`^  ${report.name}\\s`, 'm'));
    const files = await readdir(join(out, 'slack'));
    for (const report of REPORTS) {
      expect(files).toContain(`${report.name}.json`);
      const message = JSON.parse(await readFile(join(out, 'slack', `${report.name}.json`), 'utf8')) as { text: string; blocks: unknown[] };
      expect(blockKitViolations(message), report.name).toEqual([]);
      if (files.includes(`${report.name}.png`)) {
        const png = await readFile(join(out, 'slack', `${report.name}.png`));
        expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      }
    }
    expect(files.filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(14);

    // The demo company has a plan: the goals answer ranks real targets (issue 16), the forecast answer a model (issue 15).
    const goals = JSON.stringify(JSON.parse(await readFile(join(out, 'slack', 'goals.json'), 'utf8')));
    expect(goals).toMatch(/Company · revenue · \d{4}-Q[1-4]/);
    expect(goals).toMatch(/\d+%/);
    expect(files).toContain('goals.png');
    expect(JSON.stringify(JSON.parse(await readFile(join(out, 'slack', 'forecast.json'), 'utf8')))).toMatch(/ETS\([AM],/);

    // The scheduled jobs ran in-process: a digest, a churn alert and a weekly anomaly alert to a channel,
    // cross-sell and deal-risk DMs to salesmen, and the admin's followed metrics (issue 15) with their expected ranges.
    expect(r.stdout).toMatch(/weekly digest, churn alert, cross-sell DMs, deal-risk DMs, anomaly alert, followed-metric digest/);
    const jobs = (await readdir(join(out, 'jobs'))).filter((f) => f.endsWith('.json'));
    expect(jobs.filter((f) => f.includes('-post-C')).length).toBeGreaterThanOrEqual(2);
    expect(jobs.filter((f) => f.includes('-post-D')).length).toBeGreaterThanOrEqual(1);
    let dealDms = 0;
    for (const f of jobs) {
      const message = JSON.parse(await readFile(join(out, 'jobs', f), 'utf8')) as { text?: string; blocks?: unknown[] };
      if (message.blocks) expect(blockKitViolations(message), f).toEqual([]);
      // A deal-risk DM: a salesman's own deals with "Log activity" and "Mark lost…" (issue 16).
      if (f.includes('-post-D') && /deals? needs? attention/.test(message.text ?? '')) {
        dealDms++;
        expect(JSON.stringify(message.blocks)).toContain('deal_mark_lost');
      }
    }
    expect(dealDms).toBeGreaterThanOrEqual(1);
    // The admin's followed-metric digest: revenue and orders, each against its expected range.
    const followed = jobs.filter((f) => f.includes('-post-DDEMOADMIN'));
    expect(followed.length).toBeGreaterThanOrEqual(1);
    const digest = JSON.stringify(JSON.parse(await readFile(join(out, 'jobs', followed[0]!), 'utf8')));
    expect(digest).toMatch(/Revenue/);
    expect(digest).toMatch(/expected/i);

    // The anomaly alert finds the anomaly the demo plants (issue 15): the same generator run again (it is
    // deterministic) names the tender, its region and account; the alert, summary or thread, must show the
    // region's revenue above its range with the account among the drivers.
    const end = /demo orders up to (\d{4}-\d{2}-\d{2})/.exec(r.stderr)?.[1];
    expect(end, r.stderr).toBeDefined();
    const generated = await generateDemoData({ orders: 1500, seed: 42, end: new Date(`${end!}T00:00:00Z`), outDir: join(dir, 'again') });
    const tender = generated.planted.tender!;
    expect(tender).not.toBeNull();
    const account = tender.customerName;
    // The alert's summary and its thread parts: every anomaly's section text.
    const sections: string[] = [];
    for (const f of jobs.filter((x) => x.includes('-post-CDEMOSALES'))) {
      const message = JSON.parse(await readFile(join(out, 'jobs', f), 'utf8')) as { text?: string; blocks?: { text?: { text?: string } }[] };
      if (/outside the expected range|^Anomalies \d/.test(JSON.stringify(message.blocks?.[0] ?? {}) + (message.text ?? ''))) sections.push(...(message.blocks ?? []).map((b) => b.text?.text ?? ''));
    }
    expect(sections.length).toBeGreaterThan(0);
    const planted = sections.find((t) => t.includes(`*Revenue*, region ${tender.region}, week of ${tender.weekFrom}:`));
    expect(planted, sections.join('\n')).toBeDefined();
    expect(planted).toContain(':chart_with_upwards_trend:');
    expect(planted!.split('\n').find((l) => l.startsWith('Drivers vs expected:'))).toContain(`customer ${escapeFit(account, 60)} +`);
  }, 200_000);
});
