import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerSummary } from '../../src/analytics/clv.js';
import { dayNumber } from '../../src/analytics/calendar-day.js';
import { churnReport } from '../../src/reports/churn/churn-module.js';
import { clvReport } from '../../src/reports/clv/clv-module.js';
import { runReport } from '../../src/reports/run-report.js';
import { loadFixture } from '../helpers/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../helpers/services.js';

// CDNOW 1/10 sample (FHL 2005, as bundled with `lifetimes`) through the real import path.
const SAMPLE = fileURLToPath(new URL('../../../shared/datasets/cdnow/CDNOW_sample.txt', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface CdnowLine {
  customer: string;
  day: string;
  cds: number;
  dollars: string;
}

/** Sample columns: master id, sample id (the customer id of the literature), yyyymmdd, CDs, dollars. */
function readSample(): CdnowLine[] {
  return readFileSync(SAMPLE, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 5)
    .map((f) => {
      const d = f[2]!;
      return { customer: String(Number(f[1])), day: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`, cds: Number(f[3]), dollars: f[4]! };
    });
}

/** One order per sample line (one CD line), amount = dollars exactly as published. */
function toImportCsv(lines: CdnowLine[]): { customers: string; products: string; sales: string } {
  const ids = [...new Set(lines.map((l) => l.customer))];
  return {
    customers: ['customer_id,name', ...ids.map((id) => `${id},CDNOW customer ${id}`)].join('\n') + '\n',
    products: 'product_id,name\nCD,Compact discs\n',
    sales:
      [
        'order_id,ordered_at,customer_id,product_id,quantity,unit_price,amount',
        ...lines.map((l, i) => {
          const qty = Math.max(l.cds, 1);
          return `${i + 1},${l.day},${l.customer},CD,${qty},${(Number(l.dollars) / qty).toFixed(4)},${l.dollars}`;
        }),
      ].join('\n') + '\n',
  };
}

describe('CDNOW sample through import → clv report (FHL 2005; lifetimes)', () => {
  let t: TestDatabase;
  const lines = readSample();
  beforeAll(async () => {
    t = await createTestDatabase();
    await loadFixture(t.database, toImportCsv(lines));
  }, 120_000);
  afterAll(() => t.drop());

  it('fits the published BG/NBD and Gamma-Gamma parameters and customer 1’s 39-week expectation', async () => {
    const r = await runReport(t.database, clvReport, { filters: {}, asOf: '1997-09-30', limit: 0, options: { horizon: 39 } });
    expect(r.status).toBe('ok');
    expect(r.message).toBeUndefined();
    expect(r.customerCount).toBe(2357);
    const bg = r.model!.bgnbd;
    expect(Math.abs(bg.r - 0.243)).toBeLessThanOrEqual(0.015);
    expect(Math.abs(bg.alpha - 4.414)).toBeLessThanOrEqual(0.015);
    expect(Math.abs(bg.a - 0.793)).toBeLessThanOrEqual(0.015);
    expect(Math.abs(bg.b - 2.426)).toBeLessThanOrEqual(0.015);
    expect(bg.logLikelihood).toBeCloseTo(-9582.4, 0);
    const gg = r.model!.gammaGamma!;
    expect(Math.abs(gg.p - 6.25)).toBeLessThanOrEqual(0.015);
    expect(Math.abs(gg.q - 3.74)).toBeLessThanOrEqual(0.015);
    expect(Math.abs(gg.v - 15.44)).toBeLessThanOrEqual(0.015);
    const c1 = r.customers.find((c) => c.customerId === '1')!;
    expect(c1.frequency).toBe(2);
    expect(c1.recency).toBeCloseTo(30.43, 2);
    expect(c1.T).toBeCloseTo(38.86, 2);
    expect(Math.abs(c1.expectedPurchases! - 1.226)).toBeLessThanOrEqual(0.001);
    // sorted by clv, highest first
    const clvs = r.customers.map((c) => c.clv!);
    expect(clvs.every((v, i) => i === 0 || clvs[i - 1]! >= v)).toBe(true);
  });

  it('SQL aggregates equal the per-day summary: monetary = (revenue − first-day revenue)/(days − 1)', async () => {
    const r = await runReport(t.database, clvReport, { filters: {}, asOf: '1997-09-30', limit: 0, options: { horizon: 39 } });
    const byCustomer = new Map<string, { days: number[]; dollars: number[] }>();
    for (const l of lines) {
      const c = byCustomer.get(l.customer) ?? { days: [], dollars: [] };
      c.days.push(dayNumber(l.day));
      c.dollars.push(Number(l.dollars));
      byCustomer.set(l.customer, c);
    }
    let checked = 0;
    for (const c of r.customers) {
      const raw = byCustomer.get(c.customerId)!;
      const s = customerSummary(raw.days, raw.dollars, dayNumber('1997-09-30'), 'week')!;
      expect(c.frequency).toBe(s.x);
      expect(c.recency).toBeCloseTo(s.tx, 10);
      expect(c.T).toBeCloseTo(s.T, 10);
      expect(c.monetaryValue).toBeCloseTo(s.monetary, 8);
      checked++;
    }
    expect(checked).toBe(2357);
  });

  it('orders after the as-of day are ignored; churn agrees with clv on atRisk', async () => {
    const clv = await runReport(t.database, clvReport, { filters: {}, asOf: '1997-09-30', limit: 0 });
    const churn = await runReport(t.database, churnReport, { filters: {}, asOf: '1997-09-30', limit: 0 });
    const flagged = new Set(clv.customers.filter((c) => c.atRisk).map((c) => c.customerId));
    expect(churn.atRiskCount).toBe(flagged.size);
    expect(new Set(churn.customers.map((c) => c.customerId))).toEqual(flagged);
    const vars = churn.customers.map((c) => c.valueAtRisk);
    expect(vars.every((v, i) => i === 0 || vars[i - 1]! >= v)).toBe(true);
    expect(churn.customers.every((c) => c.rhythm.includes('last order'))).toBe(true);
    const full = await runReport(t.database, clvReport, { filters: {}, asOf: '1998-06-30', limit: 0 });
    expect(full.customers.find((c) => c.customerId === '1')!.frequency).toBeGreaterThanOrEqual(2);
  });

  it('runs through the real CLI command', async () => {
    const { stdout } = await promisify(execFile)(
      'node',
      ['bin/sales-bot.js', 'report', 'clv', '--as-of', '1997-09-30', '--horizon', '39', '--limit', '0', '--json'],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'silent' }, maxBuffer: 64 * 1024 * 1024 },
    );
    const r = JSON.parse(stdout) as { report: string; model: { bgnbd: { r: number } }; customers: { customerId: string; expectedPurchases: number }[] };
    expect(r.report).toBe('clv');
    expect(Math.abs(r.model.bgnbd.r - 0.243)).toBeLessThanOrEqual(0.015);
    expect(Math.abs(r.customers.find((c) => c.customerId === '1')!.expectedPurchases - 1.226)).toBeLessThanOrEqual(0.001);
  }, 60_000);
});
