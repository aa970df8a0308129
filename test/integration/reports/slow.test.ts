import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../../../src/reports/run-report.js';
import { slowReport } from '../../../src/reports/slow/slow-module.js';
import { csv, loadFixture } from '../../helpers/fixtures.js';
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
    await loadFixture(t.database, {
      salesmen: csv(`
        salesman_id,name
        S1,Sam
        S2,Sue`),
      customers: csv(`
        customer_id,name,region
        A,Alpha,North
        B,Beta,South`),
      products: csv(`
        product_id,name,category,unit_price,unit_cost,stock_qty,active
        P1,Paper A4,Paper,5,2,100,true
        P2,Paper A3,Paper,1.5,,2,true
        P3,Ink black,Ink,3,1,-3,true
        P4,Ink blue,Ink,4,2,10,true
        P5,Ink red,Ink,4,,5,true
        P6,Old paper,Paper,1,1,50,false
        P7,Toner,Toner,20,10,1,true
        P8,Toner XL,Toner,30,15,,true`),
      sales: csv(`
        order_id,ordered_at,customer_id,product_id,quantity,unit_price,salesman_id,amount
        1,2024-03-30T12:00:00Z,A,P1,1,5,S1,
        2,2024-03-02T12:00:00Z,A,P8,1,30,S2,
        3,2024-03-01T23:30:00Z,B,P2,1,1.5,S2,
        4,2024-01-31T08:00:00Z,A,P3,1,3,S2,
        5,2023-12-31T08:00:00Z,A,P7,1,20,S2,
        6,2024-03-29T08:00:00Z,A,P7,-1,20,S2,-20
        7,2023-12-01T08:00:00Z,A,P5,1,4,S2,
        8,2024-04-05T08:00:00Z,A,P5,1,4,S2,`),
    });
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
