import { describe, expect, it } from 'vitest';
import { slowMovers, stockValueOf } from '../../../src/analytics/slow-movers.js';

describe('slowMovers', () => {
  const p = (productId: number, lastSoldDay: string | null, stockQty: number | null, unitCost: number | null, unitPrice: number | null) => ({
    productId,
    lastSoldDay,
    stockQty,
    unitCost,
    unitPrice,
  });

  it('buckets cumulatively by days since the last sale, never-sold included', () => {
    const r = slowMovers(
      [
        p(1, '2024-04-01', 10, 1, 2), // 29 days: not slow
        p(2, '2024-03-31', 10, 2, 5), // 30 days: d30, value 20 (cost)
        p(3, '2024-02-01', 4, null, 5), // 89 days: d30 + d60, value 20 (price: no cost)
        p(4, '2024-01-31', null, 3, 4), // 90 days: all buckets, stock unknown
        p(5, null, 2, 10, null), // never sold: all buckets, value 20
        p(6, null, -3, 10, null), // never sold, negative stock valued 0
        p(7, '2024-05-02', 1, 1, 1), // sold after as-of: not slow
      ],
      '2024-04-30',
    );
    expect(r.buckets).toEqual({ d30: 5, d60: 4, d90: 3 });
    expect(r.stockValue).toEqual({ d30: 60, d60: 40, d90: 20 });
    expect(r.products.map((x) => [x.productId, x.daysSinceSale, x.stockValue])).toEqual([
      [5, null, 20],
      [6, null, 0],
      [4, 90, null],
      [3, 89, 20],
      [2, 30, 20],
    ]);
    expect(r.products[0]!.lastSoldAt).toBeNull();
  });

  it('values stock at cost, else price, else unknown; empty input', () => {
    expect(stockValueOf({ stockQty: 3, unitCost: 2, unitPrice: 5 })).toBe(6);
    expect(stockValueOf({ stockQty: 3, unitCost: null, unitPrice: 5 })).toBe(15);
    expect(stockValueOf({ stockQty: 3, unitCost: null, unitPrice: null })).toBeNull();
    expect(stockValueOf({ stockQty: null, unitCost: 1, unitPrice: 1 })).toBeNull();
    expect(slowMovers([], '2024-01-01')).toEqual({ buckets: { d30: 0, d60: 0, d90: 0 }, stockValue: { d30: 0, d60: 0, d90: 0 }, products: [] });
  });
});
