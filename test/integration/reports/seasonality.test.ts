import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../../../src/reports/run-report.js';
import { firstCompleteMonthStart, lastCompleteMonthEnd } from '../../../src/reports/seasonality/seasonality-report.js';
import { seasonalityReport } from '../../../src/reports/seasonality/seasonality-module.js';
import { seed, type Seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';

// A pure seasonal pattern (mean 1) on a flat level: the 2×12 moving average is exactly the level, so the
// multiplicative decomposition must return these indices exactly and a strength of 1.
const PATTERN = [0.8, 0.85, 0.95, 1.0, 1.05, 1.2, 1.3, 1.25, 1.0, 0.9, 0.8, 0.9];
const months = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, k) => {
    const t = from + k;
    return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
  });
const M2021_01 = 2021 * 12;

/**
 * 2021-01..2023-12: N (North, paper) buys 1000 × pattern each month; S (South, ink) buys 500 flat;
 * W (West, ink) buys 500 but skips 2022-08 and returns its whole 2022-05 purchase (net 0).
 */
function addSales(s: Seed): Seed {
  for (const [k, m] of months(M2021_01, M2021_01 + 35).entries()) {
    s.sale({ order: `N${m}`, on: `${m}-10`, customer: 'N', product: 'PAPER', price: (1000 * PATTERN[k % 12]!).toFixed(2) });
    s.sale({ order: `S${m}`, on: `${m}-20`, customer: 'S', product: 'INK', price: 500 });
    if (m !== '2022-08') s.sale({ order: `W${m}`, on: `${m}-05`, customer: 'W', product: 'INK', price: 500 });
    if (m === '2022-05') s.sale({ order: `WR${m}`, on: `${m}-25`, customer: 'W', product: 'INK', qty: -1, price: 500 });
  }
  return s;
}

describe('seasonality report', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    const s = seed()
      .customer('N', { name: 'North Co', region: 'North' })
      .customer('S', { name: 'South Co', region: 'South' })
      .customer('W', { name: 'West Co', region: 'West' })
      .product('PAPER', { name: 'Paper', category: 'Paper' })
      .product('INK', { name: 'Ink', category: 'Ink' });
    await addSales(s).load(t.database);
  });
  afterAll(() => t.drop());

  it('recovers a known pattern exactly, from order lines and from the daily rollup alike', async () => {
    const byCustomer = await runReport(t.database, seasonalityReport, { filters: { customer: ['N'] }, asOf: '2023-12-31' });
    const byCategory = await runReport(t.database, seasonalityReport, { filters: { category: ['Paper'] }, asOf: '2023-12-31' });
    expect([byCustomer.dataSource, byCategory.dataSource]).toEqual(['order_lines', 'daily_sales']);
    for (const r of [byCustomer, byCategory]) {
      expect(r).toMatchObject({ status: 'ok', monthCount: 36, firstMonth: '2021-01', lastMonth: '2023-12' });
      r.seasonalIndex!.forEach((v, i) => expect(v).toBeCloseTo(PATTERN[i]!, 10));
      expect(r.peakMonths).toEqual([7, 8, 6]);
      expect(r.peakMonthNames).toEqual(['Jul', 'Aug', 'Jun']);
      expect(r.strength).toBeCloseTo(1, 10);
      expect(r.months[0]).toMatchObject({ month: '2021-01', value: 800, trend: null });
    }
    const view = seasonalityReport.view(byCustomer);
    // Months across (issue 11: all twelve on page 1 of a chat answer); the CSV export keeps one row per month.
    expect(view.columns.map((c) => c.label)).toEqual(['month', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
    expect(view.rows.map((r) => [r[0], r[7]])).toEqual([
      ['vs typical', '+30.0%'],
      ['index', '1.300'],
    ]);
    expect(view.export?.rows[6]).toEqual(['Jul', expect.closeTo(1.3, 10), expect.closeTo(0.3, 10)]);
  });

  it('a flat business has no peaks and no seasonal strength', async () => {
    const r = await runReport(t.database, seasonalityReport, { filters: { region: ['South'] }, asOf: '2023-12-31' });
    expect(r.status).toBe('ok');
    r.seasonalIndex!.forEach((v) => expect(v).toBeCloseTo(1, 12));
    expect(r.peakMonths).toEqual([]);
    expect(r.strength).toBe(0);
  });

  it('uses complete months only: drops the partial as-of month and a partial first month', async () => {
    const r = await runReport(t.database, seasonalityReport, { filters: {}, asOf: '2023-12-30' });
    expect([r.firstMonth, r.lastMonth, r.monthCount]).toEqual(['2021-01', '2023-11', 35]);
    const fromMid = await runReport(t.database, seasonalityReport, { filters: { from: '2021-01-05' }, asOf: '2023-12-31' });
    expect([fromMid.firstMonth, fromMid.monthCount]).toEqual(['2021-02', 35]);
    expect(lastCompleteMonthEnd('2024-02-29')).toBe('2024-02-29');
    expect(lastCompleteMonthEnd('2024-03-01')).toBe('2024-02-29');
    expect(firstCompleteMonthStart('2024-01-31')).toBe('2024-02-01');
    expect(firstCompleteMonthStart('2024-02-01')).toBe('2024-02-01');
  });

  it('fewer than 24 complete months is a clear "not enough history" result, not an error', async () => {
    const r = await runReport(t.database, seasonalityReport, { filters: {}, asOf: '2022-12-15' });
    expect(r).toMatchObject({ status: 'insufficient', monthCount: 23, monthsRequired: 24, seasonalIndex: null, peakMonths: [], strength: null });
    expect(r.message).toBe('Seasonality needs at least 24 complete months of history; only 23 available.');
    expect(r.months).toHaveLength(23);
    expect(seasonalityReport.view(r).notes).toEqual([r.message]);
  });

  it('months with no net revenue (a refund, a gap) are named in a clear message', async () => {
    const r = await runReport(t.database, seasonalityReport, { filters: { region: ['West'] }, asOf: '2023-12-31' });
    expect(r.status).toBe('non-positive');
    expect(r.message).toMatch(/2 month\(s\) are zero, negative or missing: 2022-05, 2022-08/);
    expect(r.months.find((m) => m.month === '2022-08')!.value).toBe(0);
  });

  it('no sales at all', async () => {
    const r = await runReport(t.database, seasonalityReport, { filters: {}, asOf: '2020-06-30' });
    expect(r).toMatchObject({ status: 'insufficient', monthCount: 0, months: [], firstMonth: null });
    expect(r.message).toMatch(/No complete month of sales/);
  });
});
