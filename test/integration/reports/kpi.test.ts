import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kpiReport } from '../../../src/reports/kpi/kpi-module.js';
import { runReport } from '../../../src/reports/run-report.js';
import { seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';

describe('kpi report', () => {
  let t: TestDatabase;
  let empty: TestDatabase;
  beforeAll(async () => {
    [t, empty] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    await seed()
      .salesman('S1', { name: 'Sam', region: 'North', active: true })
      .salesman('S2', { name: 'Sue', region: 'South', active: true })
      .salesman('S3', { name: 'Old', region: 'North', active: false })
      .customer('A', { name: 'Alpha', region: 'North' })
      .customer('B', { name: 'Beta', region: 'South' })
      .product('P', { name: 'Paper', category: 'Office' })
      .product('Q', { name: 'Quill', category: 'Office' })
      // Recent window 02-10..03-10, prior 01-11..02-09; active window 03-04..03-10.
      .sale({ order: 1, on: '2024-03-01', customer: 'A', product: 'P', qty: 2, price: 100, salesman: 'S1' })
      .sale({ order: 2, on: '2024-03-10', customer: 'A', product: 'Q', qty: 10, price: 10, salesman: 'S1' })
      .sale({ order: 3, on: '2024-03-05', customer: 'A', product: 'P', qty: -1, price: 100, salesman: 'S1' })
      .sale({ order: 4, on: '2024-02-20', customer: 'A', product: 'Q', price: 10, salesman: 'S1' })
      .sale({ order: 5, on: '2024-01-20', customer: 'A', product: 'Q', qty: 3, price: 10, salesman: 'S1' })
      .sale({ order: 6, on: '2024-03-09', customer: 'B', product: 'P', price: 50 })
      .load(t.database);
  });
  afterAll(() => Promise.all([t.drop(), empty.drop()]));

  it('computes run rate, active ratio, top mover and a zero-filled 30-day series', async () => {
    const r = await runReport(t.database, kpiReport, { filters: {}, asOf: '2024-03-10' });
    // MTD = 200 + 100 − 100 (refund) + 50 = 250 over 10 of 31 days.
    expect(r.monthToDate).toBeCloseTo(250, 9);
    expect(r.runRate).toBeCloseTo((250 / 10) * 31, 9);
    // S1 sold on 03-10 (the refund on 03-05 alone would not count); S2 sold nothing; S3 is inactive.
    expect(r.activeSalesmenRatio).toBe(0.5);
    expect(r.details.activeSalesmen).toEqual({ active: 2, withSale: 1, ratio: 0.5 });
    // Q: 11 units recent vs 3 prior; P has 1 + 1 = 2 units (below the 5-unit minimum).
    expect(r.topMover).toMatchObject({ productId: 'Q', name: 'Quill', recentUnits: 11, priorUnits: 3 });
    expect(r.topMover!.change).toBeCloseTo(8 / 30, 12);
    expect(r.dailyRevenue).toHaveLength(30);
    expect(r.dailyRevenue[0]).toEqual({ day: '2024-02-10', revenue: 0 });
    expect(r.dailyRevenue.at(-1)).toEqual({ day: '2024-03-10', revenue: 100 });
    expect(r.dailyRevenue.find((d) => d.day === '2024-03-05')!.revenue).toBe(-100);
    expect(r.dailyRevenue.find((d) => d.day === '2024-02-20')!.revenue).toBe(10);
  });

  it('a minimum above every product leaves no mover', async () => {
    const r = await runReport(t.database, kpiReport, { filters: {}, asOf: '2024-03-10', options: { minUnits: 12 } });
    expect(r.topMover).toBeNull();
  });

  it('applies region filters through the order lines and salesman filters through daily_sales', async () => {
    const north = await runReport(t.database, kpiReport, { filters: { region: ['North'] }, asOf: '2024-03-10' });
    expect(north.monthToDate).toBeCloseTo(200, 9);
    expect(north.details.activeSalesmen).toEqual({ active: 1, withSale: 1, ratio: 1 });
    const south = await runReport(t.database, kpiReport, { filters: { region: ['South'] }, asOf: '2024-03-10' });
    expect(south.monthToDate).toBeCloseTo(50, 9);
    expect(south.activeSalesmenRatio).toBe(0);
    const s2 = await runReport(t.database, kpiReport, { filters: { salesman: ['S2'] }, asOf: '2024-03-10' });
    expect(s2.monthToDate).toBe(0);
    expect(s2.runRate).toBe(0);
    expect(s2.details.activeSalesmen).toEqual({ active: 1, withSale: 0, ratio: 0 });
    expect(s2.topMover).toBeNull();
  });

  it('to: moves "today" back', async () => {
    const r = await runReport(t.database, kpiReport, { filters: { to: '2024-02-29' }, asOf: '2024-03-10' });
    expect(r.today).toBe('2024-02-29');
    expect(r.monthToDate).toBeCloseTo(10, 9);
    expect(r.runRate).toBeCloseTo(10, 9);
  });

  it('empty data is a valid empty result', async () => {
    const r = await runReport(empty.database, kpiReport, { filters: {}, asOf: '2024-03-10' });
    expect(r).toMatchObject({ runRate: 0, monthToDate: 0, activeSalesmenRatio: null, topMover: null });
    expect(r.dailyRevenue.every((d) => d.revenue === 0)).toBe(true);
    expect(kpiReport.view(r).keyFigures.length).toBeGreaterThan(0);
  });
});
