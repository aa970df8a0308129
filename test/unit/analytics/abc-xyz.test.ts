import { describe, expect, it } from 'vitest';
import { abcXyz, xyzClass } from '../../../src/analytics/abc-xyz.js';

describe('abcXyz', () => {
  it('classifies by cumulative share including the product itself (hand-computed)', () => {
    const r = abcXyz([
      { productId: 4, revenue: 5 },
      { productId: 1, revenue: 50 },
      { productId: 3, revenue: 15 },
      { productId: 2, revenue: 30 },
      { productId: 5, revenue: 0 },
      { productId: 6, revenue: -10 }, // refunds exceed sales
    ]);
    expect(r.products.map((p) => [p.productId, p.class])).toEqual([
      [1, 'A'], // 0.50
      [2, 'A'], // 0.80 — on the boundary, inclusive
      [3, 'B'], // 0.95 — inclusive
      [4, 'C'], // 1.00
      [5, 'C'], // no revenue
      [6, 'C'], // negative
    ]);
    expect(r.products.map((p) => p.cumulativeShare)).toEqual([0.5, 0.8, 0.95, 1, 1, 1]);
    expect(r.products[5]!.share).toBeCloseTo(-0.1, 12);
    expect(r.summary).toEqual({ A: 2, B: 1, C: 3 });
    expect(r.revenueByClass).toEqual({ A: 80, B: 15, C: -5 });
    expect(r.totalRevenue).toBe(90);
    expect(r.products[0]!.xyz).toBeNull();
  });

  it('breaks revenue ties by product id and handles empty / all-zero input', () => {
    const r = abcXyz([
      { productId: 9, revenue: 10 },
      { productId: 2, revenue: 10 },
    ]);
    expect(r.products.map((p) => [p.productId, p.cumulativeShare, p.class])).toEqual([
      [2, 0.5, 'A'],
      [9, 1, 'C'],
    ]);
    expect(abcXyz([]).summary).toEqual({ A: 0, B: 0, C: 0 });
    const zero = abcXyz([{ productId: 1, revenue: 0 }]);
    expect(zero.products[0]).toMatchObject({ share: 0, cumulativeShare: 0, class: 'C' });
  });

  it('adds XYZ from the population CV of weekly units, padding missing weeks with zeros', () => {
    const r = abcXyz(
      [
        { productId: 1, revenue: 4, weeklyUnits: [10, 10, 10, 10] }, // cv 0 → X
        { productId: 2, revenue: 3, weeklyUnits: [0, 20, 0, 20] }, // mean 10, std 10 → cv 1 → Y
        { productId: 3, revenue: 2, weeklyUnits: [0, 0, 0, 40] }, // mean 10, std √300 → Z
        { productId: 4, revenue: 1, weeklyUnits: [20, 20] }, // padded to 4 weeks: mean 10, std 10 → Y
        { productId: 5, revenue: 0, weeklyUnits: [] }, // mean 0 → Z, cv null
      ],
      { weeks: 4 },
    );
    expect(r.products.map((p) => p.xyz)).toEqual(['X', 'Y', 'Z', 'Y', 'Z']);
    expect(r.products[2]!.cv).toBeCloseTo(Math.sqrt(300) / 10, 12);
    expect(r.products[4]!.cv).toBeNull();
    expect(r.products[0]!.abcXyz).toBe('AX');
    expect(r.xyzSummary).toEqual({ X: 1, Y: 2, Z: 2 });
    expect([xyzClass(0.5), xyzClass(0.5000001), xyzClass(1), xyzClass(1.01), xyzClass(null)]).toEqual(['X', 'Y', 'Y', 'Z', 'Z']);
  });
});
