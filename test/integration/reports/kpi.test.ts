import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kpiReport } from '../../../src/reports/kpi/kpi-module.js';
import { runReport } from '../../../src/reports/run-report.js';
import { csv, loadFixture } from '../../helpers/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';

describe('kpi report', () => {
  let t: TestDatabase;
  let empty: TestDatabase;
  beforeAll(async () => {
    [t, empty] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    await loadFixture(t.database, {
      salesmen: csv(`
        salesman_id,name,region,active
        S1,Sam,North,true
        S2,Sue,South,true
        S3,Old,North,false`),
      customers: csv(`
        customer_id,name,region
        A,Alpha,North
        B,Beta,South`),
      products: csv(`
        product_id,name,category
        P,Paper,Office
        Q,Quill,Office`),
      // Recent window 02-10..03-10, prior 01-11..02-09; active window 03-04..03-10.
      sales: csv(`
        order_id,ordered_at,customer_id,product_id,quantity,unit_price,salesman_id
        1,2024-03-01,A,P,2,100,S1
        2,2024-03-10,A,Q,10,10,S1
        3,2024-03-05,A,P,-1,100,S1
        4,2024-02-20,A,Q,1,10,S1
        5,2024-01-20,A,Q,3,10,S1
        6,2024-03-09,B,P,1,50,`),
    });
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
