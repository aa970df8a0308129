import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env, resetEnv } from '../../../src/config/env.js';
import { runReport } from '../../../src/reports/run-report.js';
import { timingReport } from '../../../src/reports/timing/timing-module.js';
import { seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';

/**
 * Orders (UTC → Europe/Berlin):
 * 1 Mon 2024-03-04 08:30Z, two lines 100 + 50 (one order) → Berlin Mon 09
 * 2 Mon 2024-03-04 08:45Z, 100                        → Berlin Mon 09
 * 3 Sun 2024-03-10 23:30Z, 300 (South)                → Berlin Mon 00 (next day)
 * 4 Mon 2024-04-01 22:15Z, 40 (after DST: +02:00)     → Berlin Tue 00
 * 5 Tue 2024-03-05 10:00Z, refund −20                 → Berlin Tue 11
 * 6, 7 Wed 2024-03-06 14:10Z / 14:20Z, 75 each (S1)   → Berlin Wed 15
 */
describe('timing report', () => {
  let t: TestDatabase;
  const zone = env().SALES_TZ;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seed()
      .salesman('S1', { name: 'Sam' })
      .salesman('S2', { name: 'Sue' })
      .customer('A', { name: 'Alpha', region: 'North' })
      .customer('B', { name: 'Beta', region: 'South' })
      .product('P1', { name: 'Paper', category: 'Paper' })
      .product('P2', { name: 'Ink', category: 'Ink' })
      .sale({ order: 1, on: '2024-03-04T08:30:00Z', customer: 'A', product: 'P1', price: 100, salesman: 'S1' })
      .sale({ order: 1, on: '2024-03-04T08:30:00Z', customer: 'A', product: 'P2', price: 50, salesman: 'S1' })
      .sale({ order: 2, on: '2024-03-04T08:45:00Z', customer: 'A', product: 'P1', price: 100, salesman: 'S2' })
      .sale({ order: 3, on: '2024-03-10T23:30:00Z', customer: 'B', product: 'P1', qty: 3, price: 100, salesman: 'S2' })
      .sale({ order: 4, on: '2024-04-01T22:15:00Z', customer: 'A', product: 'P2', price: 40, salesman: 'S2' })
      .sale({ order: 5, on: '2024-03-05T10:00:00Z', customer: 'A', product: 'P1', qty: -1, price: 20, salesman: 'S2', amount: -20 })
      .sale({ order: 6, on: '2024-03-06T14:10:00Z', customer: 'A', product: 'P2', price: 75, salesman: 'S1' })
      .sale({ order: 7, on: '2024-03-06T14:20:00Z', customer: 'A', product: 'P2', price: 75, salesman: 'S1' })
      .load(t.database);
  });
  afterAll(async () => {
    resetEnv({ SALES_TZ: zone });
    await t.drop();
  });

  it('UTC: revenue and distinct orders per weekday (Mon = 0) × hour, refunds netted, peak cell', async () => {
    resetEnv({ SALES_TZ: 'UTC' });
    const r = await runReport(t.database, timingReport, { filters: {}, asOf: '2024-04-30' });
    expect(r.timeZone).toBe('UTC');
    expect(r.matrix).toHaveLength(7);
    expect(r.matrix.every((row) => row.length === 24)).toBe(true);
    expect(r.matrix[0]![8]).toBe(250);
    expect(r.orders[0]![8]).toBe(2); // order 1 has two lines but counts once
    expect(r.matrix[6]![23]).toBe(300);
    expect(r.matrix[1]![10]).toBe(-20);
    expect(r.orders[1]![10]).toBe(1);
    expect(r.matrix[0]![22]).toBe(40);
    expect(r.matrix[2]![14]).toBe(150);
    expect(r.orders[2]![14]).toBe(2);
    expect(r.peak).toEqual({ dayOfWeek: 6, hour: 23 });
    expect(r.totalRevenue).toBe(720);
    expect(r.totalOrders).toBe(7);
    expect(r.byDay.map((d) => d.revenue)).toEqual([290, -20, 150, 0, 0, 0, 300]);
  });

  it('Europe/Berlin: days and hours move with the zone, across the DST change', async () => {
    resetEnv({ SALES_TZ: 'Europe/Berlin' });
    const r = await runReport(t.database, timingReport, { filters: {}, asOf: '2024-04-30' });
    expect(r.timeZone).toBe('Europe/Berlin');
    expect(r.matrix[0]![9]).toBe(250); // 08:30Z in winter = 09:30 CET
    expect(r.matrix[0]![0]).toBe(300); // Sunday 23:30Z = Monday 00:30 CET
    expect(r.matrix[1]![0]).toBe(40); // Monday 22:15Z after DST = Tuesday 00:15 CEST
    expect(r.matrix[1]![11]).toBe(-20);
    expect(r.matrix[2]![15]).toBe(150);
    expect(r.matrix[6]!.every((v) => v === 0)).toBe(true);
    expect(r.peak).toEqual({ dayOfWeek: 0, hour: 0 });
    // to: is a Berlin business day: Sunday 2024-03-10 ends at 23:00Z, so order 3 is outside.
    const early = await runReport(t.database, timingReport, { filters: { to: '2024-03-10' }, asOf: '2024-04-30' });
    expect(early.totalRevenue).toBe(380);
    expect(timingReport.view(r).title).toBe('Sales timing by weekday and hour (Europe/Berlin) · up to 2024-04-30');
    resetEnv({ SALES_TZ: 'UTC' });
  });

  it('a revenue tie goes to the cell with more orders; filters apply', async () => {
    resetEnv({ SALES_TZ: 'UTC' });
    // S1: Mon 08 = 150 in 1 order, Wed 14 = 150 in 2 orders.
    const s1 = await runReport(t.database, timingReport, { filters: { salesman: ['S1'] }, asOf: '2024-04-30' });
    expect(s1.peak).toEqual({ dayOfWeek: 2, hour: 14 });
    expect(s1.totalRevenue).toBe(300);
    const south = await runReport(t.database, timingReport, { filters: { region: ['South'] }, asOf: '2024-04-30' });
    expect(south.totalOrders).toBe(1);
    expect(south.peak).toEqual({ dayOfWeek: 6, hour: 23 });
    const ink = await runReport(t.database, timingReport, { filters: { category: ['Ink'] }, asOf: '2024-04-30' });
    expect(ink.matrix[0]![8]).toBe(50);
    expect(ink.orders[0]![8]).toBe(1);
    const window = await runReport(t.database, timingReport, { filters: { from: '2024-03-05', to: '2024-03-06' }, asOf: '2024-04-30' });
    expect(window.totalRevenue).toBe(130);
    expect(window.peak).toEqual({ dayOfWeek: 2, hour: 14 });
    // Only a refund in the window: no positive cell, but the refund's order counts.
    const refund = await runReport(t.database, timingReport, { filters: { from: '2024-03-05', to: '2024-03-05' }, asOf: '2024-04-30' });
    expect(refund.peak).toEqual({ dayOfWeek: 1, hour: 10 });
    const v = timingReport.view(s1);
    expect(v.keyFigures[0]).toEqual({ label: 'Peak', value: 'Wed 14:00–15:00 · 150' });
    expect(v.rows).toHaveLength(7);
    expect(v.rows[2]!.slice(0, 5)).toEqual(['Wed', '2', '150', '50.0%', '14:00']);
  });

  it('no data at all is a valid empty result', async () => {
    const empty = await createTestDatabase();
    try {
      const r = await runReport(empty.database, timingReport, { filters: {}, asOf: '2024-03-31' });
      expect(r.peak).toBeNull();
      expect(r.matrix.flat().every((v) => v === 0)).toBe(true);
      expect(r.totalOrders).toBe(0);
      const v = timingReport.view(r);
      expect(v.notes).toEqual(['No orders in this window.']);
      expect(v.keyFigures[0]).toEqual({ label: 'Peak', value: '—' });
    } finally {
      await empty.drop();
    }
  });
});
