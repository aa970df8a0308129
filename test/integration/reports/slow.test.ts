import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../../../src/reports/run-report.js';
import { slowReport } from '../../../src/reports/slow/slow-module.js';
import { seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';

/**
 * As of 2024-03-31: P1 sold yesterday · P8 29 days ago (not slow) · P2 30 days ago (d30, boundary)
 * · P3 60 days ago (d30, d60) · P7 91 days ago, then only a refund · P5 121 days ago, plus a sale after
 * as-of that must not count · P4 never sold · P6 inactive (not listed).
 */
describe('slow report', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seed()
      .salesman('S1', { name: 'Sam' })
      .salesman('S2', { name: 'Sue' })
      .customer('A', { name: 'Alpha', region: 'North' })
      .customer('B', { name: 'Beta', region: 'South' })
      .product('P1', { name: 'Paper A4', category: 'Paper', price: 5, cost: 2, stock: 100, active: true })
      .product('P2', { name: 'Paper A3', category: 'Paper', price: 1.5, stock: 2, active: true })
      .product('P3', { name: 'Ink black', category: 'Ink', price: 3, cost: 1, stock: -3, active: true })
      .product('P4', { name: 'Ink blue', category: 'Ink', price: 4, cost: 2, stock: 10, active: true })
      .product('P5', { name: 'Ink red', category: 'Ink', price: 4, stock: 5, active: true })
      .product('P6', { name: 'Old paper', category: 'Paper', price: 1, cost: 1, stock: 50, active: false })
      .product('P7', { name: 'Toner', category: 'Toner', price: 20, cost: 10, stock: 1, active: true })
      .product('P8', { name: 'Toner XL', category: 'Toner', price: 30, cost: 15, active: true })
      .sale({ order: 1, on: '2024-03-30T12:00:00Z', customer: 'A', product: 'P1', price: 5, salesman: 'S1' })
      .sale({ order: 2, on: '2024-03-02T12:00:00Z', customer: 'A', product: 'P8', price: 30, salesman: 'S2' })
      .sale({ order: 3, on: '2024-03-01T23:30:00Z', customer: 'B', product: 'P2', price: 1.5, salesman: 'S2' })
      .sale({ order: 4, on: '2024-01-31T08:00:00Z', customer: 'A', product: 'P3', price: 3, salesman: 'S2' })
      .sale({ order: 5, on: '2023-12-31T08:00:00Z', customer: 'A', product: 'P7', price: 20, salesman: 'S2' })
      .sale({ order: 6, on: '2024-03-29T08:00:00Z', customer: 'A', product: 'P7', qty: -1, price: 20, salesman: 'S2', amount: -20 })
      .sale({ order: 7, on: '2023-12-01T08:00:00Z', customer: 'A', product: 'P5', price: 4, salesman: 'S2' })
      .sale({ order: 8, on: '2024-04-05T08:00:00Z', customer: 'A', product: 'P5', price: 4, salesman: 'S2' })
      .load(t.database);
  });
  afterAll(() => t.drop());

  it('buckets products by days without a sale; never sold first; refunds and later sales ignored', async () => {
    const r = await runReport(t.database, slowReport, { filters: {}, asOf: '2024-03-31', limit: 0 });
    expect(r.referenceDay).toBe('2024-03-31');
    expect(r.productCount).toBe(7);
    expect(r.buckets).toEqual({ d30: 5, d60: 4, d90: 3 });
    // stock values: P4 10×2, P5 5×price 4 (no cost), P7 1×10, P3 negative stock → 0, P2 2×price 1.5
    expect(r.stockValue).toEqual({ d30: 53, d60: 50, d90: 50 });
    expect(r.products).toEqual([
      { productId: 'P4', name: 'Ink blue', category: 'Ink', lastSoldAt: null, daysSinceSale: null, stockQty: 10, stockValue: 20 },
      { productId: 'P5', name: 'Ink red', category: 'Ink', lastSoldAt: '2023-12-01', daysSinceSale: 121, stockQty: 5, stockValue: 20 },
      { productId: 'P7', name: 'Toner', category: 'Toner', lastSoldAt: '2023-12-31', daysSinceSale: 91, stockQty: 1, stockValue: 10 },
      { productId: 'P3', name: 'Ink black', category: 'Ink', lastSoldAt: '2024-01-31', daysSinceSale: 60, stockQty: -3, stockValue: 0 },
      { productId: 'P2', name: 'Paper A3', category: 'Paper', lastSoldAt: '2024-03-01', daysSinceSale: 30, stockQty: 2, stockValue: 3 },
    ]);
  });

  it('the sale after as-of counts once as-of moves past it; to: earlier than as-of is the reference day', async () => {
    const later = await runReport(t.database, slowReport, { filters: {}, asOf: '2024-04-06', limit: 0 });
    expect(later.products.find((p) => p.productId === 'P5')).toBeUndefined();
    const early = await runReport(t.database, slowReport, { filters: { to: '2024-03-01' }, asOf: '2024-03-31', limit: 0 });
    expect(early.referenceDay).toBe('2024-03-01');
    // P1, P8 and P2 had not sold yet by 2024-03-01 23:59 except P2 (that day: 0 days, not slow).
    expect(early.products.map((p) => [p.productId, p.daysSinceSale])).toEqual([
      ['P1', null],
      ['P4', null],
      ['P8', null],
      ['P5', 91],
      ['P7', 61],
      ['P3', 30],
    ]);
  });

  it('region / salesman filters mean "last sale within that scope"; category restricts the products', async () => {
    const south = await runReport(t.database, slowReport, { filters: { region: ['South'] }, asOf: '2024-03-31', limit: 0 });
    // Only P2 sold to the South (30 days ago): everything else is never sold there.
    expect(south.buckets).toEqual({ d30: 7, d60: 6, d90: 6 });
    expect(south.products.find((p) => p.productId === 'P2')).toMatchObject({ daysSinceSale: 30 });
    expect(south.products.find((p) => p.productId === 'P1')).toMatchObject({ lastSoldAt: null });
    const s1 = await runReport(t.database, slowReport, { filters: { salesman: ['S1'] }, asOf: '2024-03-31', limit: 0 });
    expect(s1.buckets.d30).toBe(6); // everything but P1
    expect(s1.products.some((p) => p.productId === 'P1')).toBe(false);
    const ink = await runReport(t.database, slowReport, { filters: { category: ['Ink'] }, asOf: '2024-03-31', limit: 0 });
    expect(ink.productCount).toBe(3);
    expect(ink.products.map((p) => p.productId)).toEqual(['P4', 'P5', 'P3']);
  });

  it('a customer filter means "last sale to that customer"; refunds and later sales still ignored', async () => {
    const a = await runReport(t.database, slowReport, { filters: { customer: ['A'] }, asOf: '2024-03-31', limit: 0 });
    expect(a.productCount).toBe(7);
    expect(a.buckets).toEqual({ d30: 5, d60: 5, d90: 4 });
    expect(a.products.map((p) => [p.productId, p.lastSoldAt, p.daysSinceSale])).toEqual([
      ['P4', null, null],
      ['P2', null, null],
      ['P5', '2023-12-01', 121],
      ['P7', '2023-12-31', 91],
      ['P3', '2024-01-31', 60],
    ]);
    const bInk = await runReport(t.database, slowReport, { filters: { customer: ['B'], category: ['Paper'] }, asOf: '2024-03-31', limit: 0 });
    expect(bInk.products.map((p) => [p.productId, p.daysSinceSale])).toEqual([
      ['P1', null],
      ['P2', 30],
    ]);
  });

  it('the view names the day and shows never-sold products', async () => {
    const r = await runReport(t.database, slowReport, { filters: {}, asOf: '2024-03-31', limit: 2 });
    const v = slowReport.view(r);
    expect(v.title).toBe('Slow movers · as of 2024-03-31');
    expect(v.keyFigures[1]).toEqual({ label: 'No sale in 30 days', value: '5 products · stock 53' });
    expect(v.rows[0]).toEqual(['P4', 'Ink blue', 'never', '—', '10', '20']);
    expect(v.cutNote).toBe('Top 2 of 5 slow products; --limit 0 for all.');
  });

  it('no data at all is a valid empty result', async () => {
    const empty = await createTestDatabase();
    try {
      const r = await runReport(empty.database, slowReport, { filters: {}, asOf: '2024-03-31' });
      expect(r).toMatchObject({ productCount: 0, buckets: { d30: 0, d60: 0, d90: 0 }, products: [] });
      expect(slowReport.view(r).notes).toEqual(['No active products match these filters.']);
    } finally {
      await empty.drop();
    }
  });
});
