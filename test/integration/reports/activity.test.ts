import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityReport } from '../../../src/reports/activity/activity-module.js';
import { runReport } from '../../../src/reports/run-report.js';
import { seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';

/**
 * Window 2024-03-04 .. 2024-03-24 = 3 weeks counted back from the 24th:
 * w2 Mar 4–10, w1 Mar 11–17, w0 Mar 18–24.
 *            activities (w2, w1, w0)            revenue (w2, w1, w0)
 * S1         3 (2 visits A, call), 1 (visit B), 0    300 (A), 100 (B), 0
 * S2         0, 3 (2 calls B, email A), 1 (meeting)   0, 200 (B), −50 refund (A)
 * S3 active  0, 0, 0                                0, 0, 0
 * S4 inactive, nothing → not listed. A visit after the window does not count.
 * Nine salesman-weeks: Pearson = 9550 / √(116 · 980000); Spearman (average ranks) = 31.5 / √(49 · 50).
 */
describe('activity report', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seed()
      .salesman('S1', { name: 'Sam', region: 'North', active: true })
      .salesman('S2', { name: 'Sue', region: 'South', active: true })
      .salesman('S3', { name: 'Sid', region: 'North', active: true })
      .salesman('S4', { name: 'Old', region: 'North', active: false })
      .customer('A', { name: 'Alpha', region: 'North' })
      .customer('B', { name: 'Beta', region: 'South' })
      .product('P1', { name: 'Paper', category: 'Paper' })
      .product('P2', { name: 'Ink', category: 'Ink' })
      .sale({ order: 1, on: '2024-03-05T10:00:00Z', customer: 'A', product: 'P1', qty: 3, price: 100, salesman: 'S1' })
      .sale({ order: 2, on: '2024-03-12T10:00:00Z', customer: 'B', product: 'P2', price: 100, salesman: 'S1' })
      .sale({ order: 3, on: '2024-03-13T10:00:00Z', customer: 'B', product: 'P1', qty: 2, price: 100, salesman: 'S2' })
      .sale({ order: 4, on: '2024-03-20T10:00:00Z', customer: 'A', product: 'P1', qty: -1, price: 50, salesman: 'S2', amount: -50 })
      .activity({ id: 'a1', at: '2024-03-04T09:00:00Z', salesman: 'S1', kind: 'visit', customer: 'A' })
      .activity({ id: 'a2', at: '2024-03-06T09:00:00Z', salesman: 'S1', kind: 'visit', customer: 'A' })
      .activity({ id: 'a3', at: '2024-03-10T23:30:00Z', salesman: 'S1', kind: 'call' })
      .activity({ id: 'a4', at: '2024-03-11T09:00:00Z', salesman: 'S1', kind: 'visit', customer: 'B' })
      .activity({ id: 'a5', at: '2024-03-12T09:00:00Z', salesman: 'S2', kind: 'call', customer: 'B' })
      .activity({ id: 'a6', at: '2024-03-13T09:00:00Z', salesman: 'S2', kind: 'call', customer: 'B' })
      .activity({ id: 'a7', at: '2024-03-14T09:00:00Z', salesman: 'S2', kind: 'email', customer: 'A' })
      .activity({ id: 'a8', at: '2024-03-19T09:00:00Z', salesman: 'S2', kind: 'meeting' })
      .activity({ id: 'a9', at: '2024-03-25T09:00:00Z', salesman: 'S1', kind: 'visit', customer: 'A' })
      .load(t.database);
  });
  afterAll(() => t.drop());

  const window = { from: '2024-03-04', to: '2024-03-24' };

  it('totals per salesman and the correlation across salesman-weeks, zero weeks included', async () => {
    const r = await runReport(t.database, activityReport, { filters: window, asOf: '2024-03-31', limit: 0 });
    expect(r.period).toEqual(window);
    expect(r.weeks).toBe(3);
    expect(r.salesmen).toEqual([
      { salesmanId: 'S1', name: 'Sam', visits: 3, calls: 1, other: 0, activities: 4, revenue: 400, revenuePerActivity: 100, activeWeeks: 2 },
      { salesmanId: 'S2', name: 'Sue', visits: 0, calls: 2, other: 2, activities: 4, revenue: 150, revenuePerActivity: 37.5, activeWeeks: 2 },
      { salesmanId: 'S3', name: 'Sid', visits: 0, calls: 0, other: 0, activities: 0, revenue: 0, revenuePerActivity: null, activeWeeks: 0 },
    ]);
    expect(r.correlation.n).toBe(9);
    expect(r.correlation.pearson).toBeCloseTo(9550 / Math.sqrt(116 * 980000), 12);
    expect(r.correlation.spearman).toBeCloseTo(31.5 / Math.sqrt(49 * 50), 12);
    expect(r.totals).toEqual({ visits: 3, calls: 3, other: 2, activities: 8, revenue: 550 });
  });

  it('region (lines) agrees with the rollup path; region/customer filters keep activities with customers there', async () => {
    const rollup = await runReport(t.database, activityReport, { filters: window, asOf: '2024-03-31', limit: 0 });
    const both = await runReport(t.database, activityReport, { filters: { ...window, region: ['North', 'South'] }, asOf: '2024-03-31', limit: 0 });
    // Same revenue; activities without a customer (S1's call, S2's meeting) cannot be placed in a region.
    expect(both.totals).toEqual({ visits: 3, calls: 2, other: 1, activities: 6, revenue: 550 });
    expect(both.salesmen.map((s) => [s.salesmanId, s.revenue])).toEqual(rollup.salesmen.map((s) => [s.salesmanId, s.revenue]));
    const north = await runReport(t.database, activityReport, { filters: { ...window, region: ['North'] }, asOf: '2024-03-31', limit: 0 });
    expect(north.salesmen.map((s) => [s.salesmanId, s.visits, s.calls, s.other, s.revenue])).toEqual([
      ['S1', 2, 0, 0, 300],
      ['S3', 0, 0, 0, 0],
      ['S2', 0, 0, 1, -50],
    ]);
  });

  it('salesman and category filters', async () => {
    const s2 = await runReport(t.database, activityReport, { filters: { ...window, salesman: ['S2'] }, asOf: '2024-03-31', limit: 0 });
    expect(s2.salesmen.map((s) => s.salesmanId)).toEqual(['S2']);
    expect(s2.correlation.n).toBe(3);
    // (0, 0), (3, 200), (1, −50): Sxy = 550 − 3 · (4/3) · 50 = 350, Sxx = 10 − 16/3, Syy = 42500 − 7500
    expect(s2.correlation.pearson).toBeCloseTo((3 * 200 - 50 - 3 * (4 / 3) * (150 / 3)) / Math.sqrt((10 - 16 / 3) * (42500 - 7500)), 12);
    const ink = await runReport(t.database, activityReport, { filters: { ...window, category: ['Ink'] }, asOf: '2024-03-31', limit: 0 });
    expect(ink.totals.revenue).toBe(100);
    expect(ink.totals.activities).toBe(8); // activities are not product-specific
  });

  it('defaults to 26 weeks ending on the as-of day', async () => {
    const r = await runReport(t.database, activityReport, { filters: {}, asOf: '2024-03-24', limit: 0 });
    expect(r.period).toEqual({ from: '2023-09-25', to: '2024-03-24' });
    expect(r.weeks).toBe(26);
    expect(r.defaultWindow).toBe(true);
    expect(r.correlation.n).toBe(3 * 26);
    const v = activityReport.view(r);
    expect(v.title).toBe('Activities vs revenue · 2023-09-25 to 2024-03-24 (26 weeks)');
    expect(v.rows[0]).toEqual(['S1', 'Sam', '3', '1', '0', '400', '100', '2/26']);
  });

  it('no data at all is a valid empty result', async () => {
    const empty = await createTestDatabase();
    try {
      const r = await runReport(empty.database, activityReport, { filters: {}, asOf: '2024-03-31' });
      expect(r).toMatchObject({ salesmen: [], salesmanCount: 0, correlation: { pearson: null, spearman: null, n: 0 } });
      expect(activityReport.view(r).notes[0]).toBe('No salesmen match these filters.');
    } finally {
      await empty.drop();
    }
  });
});
