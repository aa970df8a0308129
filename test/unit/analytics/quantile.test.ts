import { describe, expect, it } from 'vitest';
import { medianSorted, quantileType7, sortedAscending } from '../../../src/analytics/quantile.js';

describe('quantileType7 (R type 7)', () => {
  it('matches R quantile(type = 7) on small samples', () => {
    // R: quantile(1:4, c(0, .2, .4, .5, .9, 1)) → 1.0 1.6 2.2 2.5 3.7 4.0
    const s = [1, 2, 3, 4];
    expect(quantileType7(s, 0)).toBe(1);
    expect(quantileType7(s, 0.2)).toBeCloseTo(1.6, 12);
    expect(quantileType7(s, 0.4)).toBeCloseTo(2.2, 12);
    expect(quantileType7(s, 0.5)).toBeCloseTo(2.5, 12);
    expect(quantileType7(s, 0.9)).toBeCloseTo(3.7, 12);
    expect(quantileType7(s, 1)).toBe(4);
    // R: quantile(c(1, 3, 7, 20), .9) → 16.1
    expect(quantileType7(Float64Array.from([1, 3, 7, 20]), 0.9)).toBeCloseTo(16.1, 12);
  });

  it('handles ties, single values, empty input and out-of-range p', () => {
    expect(quantileType7([5, 5, 5], 0.3)).toBe(5);
    expect(quantileType7([42], 0.8)).toBe(42);
    expect(quantileType7([], 0.5)).toBeNaN();
    expect(quantileType7([1, 2], Number.NaN)).toBeNaN();
    expect(quantileType7([1, 2], -1)).toBe(1);
    expect(quantileType7([1, 2], 2)).toBe(2);
  });

  it('median and sorting helpers', () => {
    expect(medianSorted([1, 2, 3, 10])).toBe(2.5);
    expect(medianSorted([1, 2, 30])).toBe(2);
    expect(Array.from(sortedAscending([3, Number.NaN, -1, 10, 2]))).toEqual([-1, 2, 3, 10]);
  });
});
