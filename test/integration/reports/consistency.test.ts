import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workingDays } from '../../../src/analytics/calendar-day.js';
import { env, resetEnv } from '../../../src/config/env.js';
import { consistencyReport } from '../../../src/reports/consistency/consistency-module.js';
import { runReport } from '../../../src/reports/run-report.js';
import { seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';

/**
 * Week of Mon 2024-03-04 .. Sun 2024-03-10 (5 working days Mon–Fri):
 * S1 100 every working day → cv 0, consistency 1 · S7 50 every working day (tie on consistency)
 * S2 500 on Monday (one order, two lines) + 100 on Saturday (an extra observation)
 *   → [500, 0, 0, 0, 0, 100]: mean 100, std √(200000/6), cv 1.826
 * S6 inactive, 60 on Wednesday → [0, 0, 60, 0, 0]: mean 12, std 24, cv 2
 * S3 active, no sales → 0 · S4 only a refund (−50) → cv null, consistency 0 · S5 inactive, no sales (not listed)
 * A line without salesman is left out.
 */
describe('consistency report', () => {
  let t: TestDatabase;
  const workdays = process.env.SALES_WORKDAYS;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seed()
      .salesman('S1', { name: 'Sam', region: 'North', active: true })
      .salesman('S2', { name: 'Sue', region: 'South', active: true })
      .salesman('S3', { name: 'Sid', region: 'North', active: true })
      .salesman('S4', { name: 'Sal', region: 'South', active: true })
      .salesman('S5', { name: 'Old', region: 'North', active: false })
      .salesman('S6', { name: 'Gone', active: false })
      .salesman('S7', { name: 'Sky', region: 'South', active: true })
      .customer('A', { name: 'Alpha', region: 'North' })
      .customer('B', { name: 'Beta', region: 'South' })
      .product('P1', { name: 'Paper', category: 'Paper' })
      .product('P2', { name: 'Ink', category: 'Ink' })
      .sale({ order: 1, on: '2024-03-04T10:00:00Z', customer: 'A', product: 'P1', price: 100, salesman: 'S1' })
      .sale({ order: 2, on: '2024-03-05T10:00:00Z', customer: 'A', product: 'P1', price: 100, salesman: 'S1' })
      .sale({ order: 3, on: '2024-03-06T10:00:00Z', customer: 'A', product: 'P1', price: 100, salesman: 'S1' })
      .sale({ order: 4, on: '2024-03-07T10:00:00Z', customer: 'A', product: 'P1', price: 100, salesman: 'S1' })
      .sale({ order: 5, on: '2024-03-08T10:00:00Z', customer: 'A', product: 'P1', price: 100, salesman: 'S1' })
      .sale({ order: 11, on: '2024-03-04T10:00:00Z', customer: 'A', product: 'P1', price: 50, salesman: 'S7' })
      .sale({ order: 12, on: '2024-03-05T10:00:00Z', customer: 'A', product: 'P1', price: 50, salesman: 'S7' })
      .sale({ order: 13, on: '2024-03-06T10:00:00Z', customer: 'A', product: 'P1', price: 50, salesman: 'S7' })
      .sale({ order: 14, on: '2024-03-07T10:00:00Z', customer: 'A', product: 'P1', price: 50, salesman: 'S7' })
      .sale({ order: 15, on: '2024-03-08T10:00:00Z', customer: 'A', product: 'P1', price: 50, salesman: 'S7' })
      .sale({ order: 21, on: '2024-03-04T09:00:00Z', customer: 'B', product: 'P1', price: 300, salesman: 'S2' })
      .sale({ order: 21, on: '2024-03-04T09:00:00Z', customer: 'B', product: 'P2', price: 200, salesman: 'S2' })
      .sale({ order: 22, on: '2024-03-09T09:00:00Z', customer: 'B', product: 'P1', price: 100, salesman: 'S2' })
      .sale({ order: 31, on: '2024-03-05T09:00:00Z', customer: 'A', product: 'P1', qty: -1, price: 50, salesman: 'S4', amount: -50 })
      .sale({ order: 41, on: '2024-03-06T09:00:00Z', customer: 'B', product: 'P1', price: 60, salesman: 'S6' })
      .sale({ order: 51, on: '2024-03-06T09:00:00Z', customer: 'B', product: 'P1', price: 999 })
      .sale({ order: 61, on: '2024-02-01T09:00:00Z', customer: 'A', product: 'P1', price: 1000, salesman: 'S1' })
      .load(t.database);
  });
  afterAll(async () => {
    resetEnv({ SALES_WORKDAYS: workdays });
    await t.drop();
  });

  const week = { from: '2024-03-04', to: '2024-03-10' };

  it('daily revenue over working days, zero days counted, extra sale days added; no-sales salesmen listed with 0', async () => {
    const r = await runReport(t.database, consistencyReport, { filters: week, asOf: '2024-03-31', limit: 0 });
    expect(r.period).toEqual(week);
    expect(r.workingDays).toBe(5);
    expect(r.workdays).toEqual([1, 2, 3, 4, 5]);
    expect(r.withoutSales).toBe(2); // S3 (no sales) and S4 (refund only)
    expect(r.salesmen.map((s) => s.salesmanId)).toEqual(['S1', 'S7', 'S2', 'S6', 'S3', 'S4']);
    const by = Object.fromEntries(r.salesmen.map((s) => [s.salesmanId, s]));
    expect(by.S1).toMatchObject({ name: 'Sam', revenue: 500, orders: 5, days: 5, salesDays: 5, meanDaily: 100, stdDaily: 0, cv: 0, consistency: 1 });
    expect(by.S2).toMatchObject({ revenue: 600, orders: 2, days: 6, salesDays: 2, meanDaily: 100 });
    expect(by.S2!.stdDaily).toBeCloseTo(Math.sqrt(200000 / 6), 9);
    expect(by.S2!.cv).toBeCloseTo(Math.sqrt(200000 / 6) / 100, 12);
    expect(by.S2!.consistency).toBeCloseTo(1 / (1 + Math.sqrt(200000 / 6) / 100), 12);
    expect(by.S6).toMatchObject({ name: 'Gone', revenue: 60, meanDaily: 12, cv: 2 });
    expect(by.S6!.stdDaily).toBeCloseTo(24, 12);
    expect(by.S6!.consistency).toBeCloseTo(1 / 3, 12);
    expect(by.S3).toMatchObject({ revenue: 0, orders: 0, meanDaily: 0, stdDaily: 0, cv: null, consistency: 0 });
    expect(by.S4).toMatchObject({ revenue: -50, orders: 1, meanDaily: -10, cv: null, consistency: 0 });
    const v = consistencyReport.view(r);
    expect(v.title).toBe('Sales consistency · 2024-03-04 to 2024-03-10 (5 working days)');
    expect(v.keyFigures).toEqual([
      { label: 'Salesmen', value: '6' },
      { label: 'Most consistent', value: 'Sam (1.00)' },
      { label: 'No net sales', value: '2' },
    ]);
    expect(v.rows[2]).toEqual(['S2', 'Sue', '600', '2', '2 (33%)', '100', '183', '1.83', '0.35']);
  });

  it('SALES_WORKDAYS decides the working days', async () => {
    resetEnv({ SALES_WORKDAYS: 'mon-sat' });
    try {
      const r = await runReport(t.database, consistencyReport, { filters: week, asOf: '2024-03-31', limit: 0 });
      expect(r.workingDays).toBe(6);
      const s1 = r.salesmen.find((s) => s.salesmanId === 'S1')!;
      expect(s1.days).toBe(6);
      expect(s1.cv).toBeCloseTo(1 / Math.sqrt(5), 12); // [100 ×5, 0]
      expect(r.salesmen.find((s) => s.salesmanId === 'S2')!.days).toBe(6); // Saturday is now a working day
    } finally {
      resetEnv({ SALES_WORKDAYS: workdays });
    }
  });

  it('defaults to the 90 days ending on the as-of day and says so', async () => {
    const r = await runReport(t.database, consistencyReport, { filters: {}, asOf: '2024-03-10', limit: 0 });
    expect(r.period).toEqual({ from: '2023-12-12', to: '2024-03-10' });
    expect(r.defaultWindow).toBe(true);
    expect(r.workingDays).toBe(workingDays('2023-12-12', '2024-03-10').length);
    expect(r.salesmen.find((s) => s.salesmanId === 'S1')).toMatchObject({ revenue: 1500, orders: 6 });
    const v = consistencyReport.view(r);
    expect(v.title).toBe(`Sales consistency · 2023-12-12 to 2024-03-10 (${r.workingDays} working days)`);
    expect(v.notes).toContain('Default window: the last 90 days; use from:/last: to change it.');
  });

  it('region (order lines) agrees with the rollup path; filters narrow sales and roster', async () => {
    const rollup = await runReport(t.database, consistencyReport, { filters: week, asOf: '2024-03-31', limit: 0 });
    const lines = await runReport(t.database, consistencyReport, { filters: { ...week, region: ['North', 'South'] }, asOf: '2024-03-31', limit: 0 });
    expect(lines.salesmen).toEqual(rollup.salesmen);
    // North: roster S1, S3 (home region) + anyone selling to North customers (S7, S4).
    const north = await runReport(t.database, consistencyReport, { filters: { ...week, region: ['North'] }, asOf: '2024-03-31', limit: 0 });
    expect(north.salesmen.map((s) => s.salesmanId)).toEqual(['S1', 'S7', 'S3', 'S4']);
    const ink = await runReport(t.database, consistencyReport, { filters: { ...week, category: ['Ink'] }, asOf: '2024-03-31', limit: 0 });
    expect(ink.salesmen[0]).toMatchObject({ salesmanId: 'S2', revenue: 200, orders: 1 });
    expect(ink.salesmen.slice(1).every((s) => s.revenue === 0 && s.consistency === 0)).toBe(true);
    expect(ink.salesmen).toHaveLength(5); // active S1, S2, S3, S4, S7
    const s2 = await runReport(t.database, consistencyReport, { filters: { ...week, salesman: ['S2'] }, asOf: '2024-03-31', limit: 0 });
    expect(s2.salesmen.map((s) => s.salesmanId)).toEqual(['S2']);
  });

  it('no data at all is a valid empty result', async () => {
    const empty = await createTestDatabase();
    try {
      const r = await runReport(empty.database, consistencyReport, { filters: {}, asOf: '2024-03-31' });
      expect(r).toMatchObject({ salesmen: [], salesmanCount: 0, period: { from: '2024-01-02', to: '2024-03-31' } });
      expect(consistencyReport.view(r).notes[0]).toBe('No active salesmen match these filters.');
      await seed()
        .salesman('S1', { name: 'Sam' })
        .load(empty.database);
      const r2 = await runReport(empty.database, consistencyReport, { filters: {}, asOf: '2024-03-31' });
      expect(r2.salesmen).toEqual([expect.objectContaining({ salesmanId: 'S1', revenue: 0, orders: 0, cv: null, consistency: 0 })]);
      expect(consistencyReport.view(r2).notes[0]).toBe('No salesman has positive revenue in this window.');
    } finally {
      await empty.drop();
    }
  });
});
