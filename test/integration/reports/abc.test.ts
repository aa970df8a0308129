import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abcReport } from '../../../src/reports/abc/abc-module.js';
import { runReport } from '../../../src/reports/run-report.js';
import { seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';

/**
 * Window 2024-03-04 (Mon) .. 2024-03-31 (Sun) = 4 weeks counted back from the 31st:
 * w0 Mar 25–31, w1 Mar 18–24, w2 Mar 11–17, w3 Mar 4–10.
 * P1 500 (10 units every week → cv 0, X) · P2 300 (30 units in w3 → [30,0,0,0], cv √3, Z)
 * P3 100 (2 units in w0 and w1 → [2,2,0,0], cv 1, Y) · P8 50 and P9 50 (tie) · P4 active, unsold
 * in the window · P6 only a refund (−50) · P5 inactive and unsold (not listed).
 * Positive total 1000 → cumulative 0.5 A, 0.8 A (boundary), 0.9 B, 0.95 B (boundary), 1.0 C.
 */
describe('abc report', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seed()
      .salesman('S1', { name: 'Sam' })
      .salesman('S2', { name: 'Sue' })
      .customer('A', { name: 'Alpha', region: 'North' })
      .customer('B', { name: 'Beta', region: 'South' })
      .product('P1', { name: 'Paper A4', category: 'Paper', active: true })
      .product('P2', { name: 'Paper A3', category: 'Paper', active: true })
      .product('P3', { name: 'Ink black', category: 'Ink', active: true })
      .product('P4', { name: 'Ink blue', category: 'Ink', active: true })
      .product('P5', { name: 'Old paper', category: 'Paper', active: false })
      .product('P6', { name: 'Ink red', category: 'Ink', active: true })
      .product('P8', { name: 'Toner 8', category: 'Toner', active: true })
      .product('P9', { name: 'Toner 9', category: 'Toner', active: true })
      .sale({ order: 1, on: '2024-03-04T10:00:00Z', customer: 'A', product: 'P1', qty: 10, price: 12.5, salesman: 'S1' })
      .sale({ order: 2, on: '2024-03-11T10:00:00Z', customer: 'A', product: 'P1', qty: 10, price: 12.5, salesman: 'S1' })
      .sale({ order: 3, on: '2024-03-18T10:00:00Z', customer: 'A', product: 'P1', qty: 10, price: 12.5, salesman: 'S1' })
      .sale({ order: 4, on: '2024-03-31T23:30:00Z', customer: 'A', product: 'P1', qty: 10, price: 12.5, salesman: 'S1' })
      .sale({ order: 5, on: '2024-03-04T09:00:00Z', customer: 'B', product: 'P2', qty: 30, price: 10, salesman: 'S2' })
      .sale({ order: 6, on: '2024-03-25T09:00:00Z', customer: 'A', product: 'P3', qty: 2, price: 25, salesman: 'S2' })
      .sale({ order: 7, on: '2024-03-18T09:00:00Z', customer: 'A', product: 'P3', qty: 2, price: 25, salesman: 'S2' })
      .sale({ order: 8, on: '2024-03-20T09:00:00Z', customer: 'A', product: 'P8', price: 50 })
      .sale({ order: 9, on: '2024-03-20T09:00:00Z', customer: 'A', product: 'P9', price: 50 })
      .sale({ order: 10, on: '2024-03-21T09:00:00Z', customer: 'A', product: 'P6', qty: -1, price: 50, salesman: 'S2', amount: -50 })
      .sale({ order: 11, on: '2024-02-01T09:00:00Z', customer: 'A', product: 'P4', price: 70, salesman: 'S2' })
      .sale({ order: 12, on: '2024-04-02T09:00:00Z', customer: 'A', product: 'P4', price: 70, salesman: 'S2' })
      .load(t.database);
  });
  afterAll(() => t.drop());

  const window = { from: '2024-03-04', to: '2024-03-31' };

  it('classifies by cumulative revenue share (boundaries inclusive, ties by id) and XYZ by weekly units', async () => {
    const r = await runReport(t.database, abcReport, { filters: window, asOf: '2024-03-31', limit: 0 });
    expect(r.report).toBe('abc');
    expect(r.weeks).toBe(4);
    expect(r.period).toEqual(window);
    expect(r.products.map((p) => p.productId)).toEqual(['P1', 'P2', 'P3', 'P8', 'P9', 'P4', 'P6']);
    const by = Object.fromEntries(r.products.map((p) => [p.productId, p]));
    expect(by.P1).toMatchObject({ name: 'Paper A4', revenue: 500, share: 0.5, cumulativeShare: 0.5, class: 'A', cv: 0, xyz: 'X', abcXyz: 'AX', units: 40 });
    expect(by.P2).toMatchObject({ revenue: 300, cumulativeShare: 0.8, class: 'A', xyz: 'Z' });
    expect(by.P2!.cv).toBeCloseTo(Math.sqrt(3), 12);
    expect(by.P3).toMatchObject({ revenue: 100, cumulativeShare: 0.9, class: 'B', cv: 1, xyz: 'Y' });
    expect(by.P8).toMatchObject({ cumulativeShare: 0.95, class: 'B' });
    expect(by.P9).toMatchObject({ cumulativeShare: 1, class: 'C' });
    // Unsold in the window (sales before and after it do not count): C, no demand → Z.
    expect(by.P4).toMatchObject({ revenue: 0, share: 0, class: 'C', cv: null, xyz: 'Z' });
    // A refund only: negative share, does not move the cumulative share, always C.
    expect(by.P6).toMatchObject({ revenue: -50, share: -0.05, cumulativeShare: 1, class: 'C', xyz: 'Z', units: -1 });
    expect(r.summary).toEqual({ A: 2, B: 2, C: 3 });
    expect(r.totalRevenue).toBe(950);
  });

  it('without from: starts on the first sale day and counts zero weeks', async () => {
    const r = await runReport(t.database, abcReport, { filters: {}, asOf: '2024-03-31', limit: 0 });
    expect(r.period).toEqual({ from: '2024-02-01', to: '2024-03-31' });
    expect(r.weeks).toBe(9); // ⌊59 / 7⌋ + 1
    const p4 = r.products.find((p) => p.productId === 'P4')!;
    expect(p4.revenue).toBe(70); // the 2024-04-02 sale is after as-of
    const p1 = r.products.find((p) => p.productId === 'P1')!;
    // 10 units in 4 of 9 weeks (the line at 23:30 UTC on the 31st is inside the as-of day).
    const mean = 40 / 9;
    const std = Math.sqrt((4 * (10 - mean) ** 2 + 5 * mean ** 2) / 9);
    expect(p1.cv).toBeCloseTo(std / mean, 12); // ≈ 1.118: steady weeks, but 5 empty ones make it erratic
    expect(p1.xyz).toBe('Z');
  });

  it('region filter (order lines) agrees with the rollup path and restricts sales, not the catalogue', async () => {
    const viaRollup = await runReport(t.database, abcReport, { filters: window, asOf: '2024-03-31', limit: 0 });
    const viaLines = await runReport(t.database, abcReport, { filters: { ...window, region: ['North', 'South'] }, asOf: '2024-03-31', limit: 0 });
    expect(viaLines.products).toEqual(viaRollup.products);
    const south = await runReport(t.database, abcReport, { filters: { ...window, region: ['South'] }, asOf: '2024-03-31', limit: 0 });
    expect(south.products[0]).toMatchObject({ productId: 'P2', revenue: 300, share: 1, cumulativeShare: 1, class: 'C' });
    expect(south.products.filter((p) => p.revenue !== 0)).toHaveLength(1);
    expect(south.productCount).toBe(7);
  });

  it('salesman and category filters; one product holding all revenue is C by the contract (cumulative share 1 > 0.95)', async () => {
    const s1 = await runReport(t.database, abcReport, { filters: { ...window, salesman: ['S1'] }, asOf: '2024-03-31', limit: 0 });
    expect(s1.products[0]).toMatchObject({ productId: 'P1', revenue: 500, class: 'C' });
    expect(s1.totalRevenue).toBe(500);
    const ink = await runReport(t.database, abcReport, { filters: { ...window, category: ['Ink'] }, asOf: '2024-03-31', limit: 0 });
    expect(ink.products.map((p) => [p.productId, p.revenue, p.class])).toEqual([
      ['P3', 100, 'C'],
      ['P4', 0, 'C'],
      ['P6', -50, 'C'],
    ]);
  });

  it('caps the list but keeps the counts', async () => {
    const r = await runReport(t.database, abcReport, { filters: window, asOf: '2024-03-31', limit: 2 });
    expect(r.products.map((p) => p.productId)).toEqual(['P1', 'P2']);
    expect(r.productCount).toBe(7);
    const view = abcReport.view(r);
    expect(view.title).toBe('ABC/XYZ products · 2024-03-04 to 2024-03-31 (4 weeks)');
    expect(view.rows[0]).toEqual(['P1', 'Paper A4', '500', '50.0%', '50.0%', 'AX', '0.00']);
    expect(view.cutNote).toBe('Top 2 of 7 products; --limit 0 for all.');
  });

  it('no data at all is a valid empty result', async () => {
    const empty = await createTestDatabase();
    try {
      const r = await runReport(empty.database, abcReport, { filters: {}, asOf: '2024-03-31' });
      expect(r).toMatchObject({ products: [], productCount: 0, totalRevenue: 0, summary: { A: 0, B: 0, C: 0 }, weeks: 1, dataAsOf: null });
      expect(abcReport.view(r).notes[0]).toBe('No products match these filters.');
      await seed()
        .product('X', { name: 'Thing' })
        .load(empty.database);
      const r2 = await runReport(empty.database, abcReport, { filters: {}, asOf: '2024-03-31' });
      expect(r2.products).toEqual([expect.objectContaining({ productId: 'X', revenue: 0, class: 'C', xyz: 'Z' })]);
    } finally {
      await empty.drop();
    }
  });
});
