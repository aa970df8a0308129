import { sampleCorrelation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { averageRanks, correlation, pearson, spearman } from '../../../src/analytics/correlation.js';

describe('correlation', () => {
  it('Pearson and Spearman of a perfect linear and a monotone relation', () => {
    expect(correlation([1, 2, 3, 4, 5], [2, 4, 6, 8, 10])).toEqual({ pearson: 1, spearman: 1, n: 5 });
    const c = correlation([1, 2, 3, 4, 5], [1, 4, 9, 16, 100]);
    expect(c.spearman).toBe(1);
    expect(c.pearson!).toBeLessThan(1);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBe(-1);
  });

  it('matches simple-statistics for Pearson', () => {
    const x = [3, 1, 4, 1, 5, 9, 2, 6];
    const y = [2, 7, 1, 8, 2, 8, 1, 8];
    expect(pearson(x, y)!).toBeCloseTo(sampleCorrelation(x, y), 12);
  });

  it('uses average ranks for ties (hand-computed)', () => {
    expect(Array.from(averageRanks([10, 20, 20, 30, 20]))).toEqual([1, 3, 3, 5, 3]);
    // ranks x = [1, 2.5, 2.5, 4], y = [1, 2, 3, 4]: sxy = 4.5, sxx = 4.5, syy = 5
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])!).toBeCloseTo(4.5 / Math.sqrt(4.5 * 5), 12);
  });

  it('is NaN-safe: drops non-finite pairs, null when n < 3 or a variance is zero', () => {
    expect(correlation([1, Number.NaN, 2, 3, Infinity], [2, 5, 4, 6, 1])).toEqual({ pearson: 1, spearman: 1, n: 3 });
    expect(correlation([1, 2], [1, 2])).toEqual({ pearson: null, spearman: null, n: 2 });
    expect(correlation([], [])).toEqual({ pearson: null, spearman: null, n: 0 });
    expect(correlation([5, 5, 5, 5], [1, 2, 3, 4])).toEqual({ pearson: null, spearman: null, n: 4 });
    expect(() => correlation([1], [1, 2])).toThrow(RangeError);
  });
});
