import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { resetEnv } from '../../src/config/env.js';
import { PLANTED } from '../../src/demo/scenario.js';
import { dealsReport } from '../../src/reports/deals/deals-module.js';
import { runReport } from '../../src/reports/run-report.js';
import { loadDemoData } from '../../src/services/load-demo-data.js';
import { createTestDatabase } from '../helpers/services.js';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/sales-bot.js');

/** The real CLI in a child process: exit code, stdout and stderr as a user sees them. */
async function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...extraEnv } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** The same CLI in this process (a child process costs seconds of tsx start-up per call). */
async function inProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    await main(['node', 'sales-bot', ...args]);
    return { code: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'demo-data-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sales-bot demo-data', () => {
  it('writes the six export files and the plan (targets), gzipped, and says what it wrote in one line', async () => {
    const out = join(dir, 'gz');
    const r = await cli(['demo-data', '--orders', '1500', '--seed', '5', '--end', '2025-06-30', '--out', out, '--gzip']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/^Wrote 25 salesmen, [\d,]+ customers, 237 products, [\d,]+ sales lines \(1,500 orders plus a planted tender\), [\d,]+ leads, [\d,]+ activities and [\d,]+ targets from 2023-04-01 to 2025-06-30 to .+ in [\d.]+ s\.\n$/);
    expect((await readdir(out)).sort()).toEqual(
      ['activities', 'customers', 'leads', 'products', 'sales', 'salesmen', 'targets'].map((k) => `${k}.csv.gz`),
    );
    const sales = gunzipSync(await readFile(join(out, 'sales.csv.gz'))).toString('utf8');
    expect(sales.startsWith('order_id,line_no,ordered_at,customer_id,salesman_id,product_id,quantity,unit_price,discount,amount\n')).toBe(true);
  });

  it('gives the same bytes on a second run, whatever the machine time zone', async () => {
    const args = (out: string) => ['demo-data', '--orders', '800', '--seed', '9', '--end', '2024-12-31', '--months', '25', '--out', out];
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      const a = await inProcess(args(join(dir, 'a')));
      process.env.TZ = 'America/New_York';
      const b = await inProcess(args(join(dir, 'b')));
      expect([a.code, b.code]).toEqual([0, 0]);
      for (const f of ['sales.csv', 'customers.csv', 'leads.csv', 'activities.csv']) {
        expect((await readFile(join(dir, 'b', f))).equals(await readFile(join(dir, 'a', f)))).toBe(true);
      }
      expect(a.stdout).toContain('from 2022-12-01 to 2024-12-31');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('defaults the last day to yesterday in SALES_TZ', async () => {
    const r = await inProcess(['demo-data', '--orders', '300', '--out', join(dir, 'default')]);
    expect(r.code).toBe(0);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const today = new Date().toISOString().slice(0, 10);
    // Around midnight UTC the business day may differ by one; either is "yesterday" somewhere.
    expect([yesterday, new Date(Date.parse(today) - 2 * 86_400_000).toISOString().slice(0, 10), today]).toContain(
      /to (\d{4}-\d{2}-\d{2}) to/.exec(r.stdout)![1],
    );
  });

  it('rejects bad options with one line and exit code 2', async () => {
    const bad = await inProcess(['demo-data', '--orders', 'lots', '--out', join(dir, 'x')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--orders must be a whole number');
    const badDay = await inProcess(['demo-data', '--end', '2025-02-30', '--out', join(dir, 'x')]);
    expect(badDay.code).toBe(2);
    expect(badDay.stderr).toContain('--end must be a calendar day');
  });

  it('explains itself in --help', async () => {
    const r = await inProcess(['demo-data', '--help']);
    expect(r.code).toBe(0);
    for (const s of ['--orders', '--seed', '--out', '--end', '--months', '--gzip', 'byte-identical', 'SALES_TZ']) expect(r.stdout).toContain(s);
  });
});

describe('demo data: deal risk', () => {
  it('plants one deal per warning, each flagged for its reason after a real import', async () => {
    resetEnv();
    const t = await createTestDatabase();
    try {
      await loadDemoData(t.database, { orders: 1500, seed: 7, end: '2025-06-30', timeZone: 'UTC' });
      const r = await runReport(t.database, dealsReport, { filters: {}, limit: 0 });
      expect(r.asOf).toBe('2025-06-30');
      // Every open stage has enough history for its 90th percentile.
      for (const th of r.thresholds) expect(th.p90Days, th.stage).not.toBeNull();
      const byId = new Map(r.deals.map((d) => [d.leadId, d]));
      const expected = [
        [PLANTED.dealRisk.stalled, 'stalled'],
        [PLANTED.dealRisk.noActivity, 'no_activity'],
        [PLANTED.dealRisk.overdue, 'overdue'],
        [PLANTED.dealRisk.wonNoOrder, 'won_no_order'],
      ] as const;
      for (const [id, reason] of expected) expect(byId.get(id)?.reasons, id).toContain(reason);
      // Each planted deal carries the amount and close date the leads file gave it.
      expect(byId.get(PLANTED.dealRisk.overdue)).toMatchObject({ amount: 7200, expectedClose: '2025-06-26', daysInStage: 10 });
      expect(byId.get(PLANTED.dealRisk.wonNoOrder)).toMatchObject({ stage: 'won', amount: 12000, daysInStage: 45 });
    } finally {
      await t.drop();
    }
  }, 300_000);
});
