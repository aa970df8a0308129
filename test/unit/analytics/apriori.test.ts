import { describe, expect, it } from 'vitest';
import { frequentItemsets, minCountFor } from '../../../src/analytics/apriori.js';

const key = (items: Int32Array): string => Array.from(items).join(',');
const asMap = (r: ReturnType<typeof frequentItemsets>): Record<string, number> =>
  Object.fromEntries(r.itemsets.map((s) => [key(s.items), s.count]));

describe('minCountFor', () => {
  it('is an exact, epsilon-safe integer threshold', () => {
    expect(0.07 * 100).toBeGreaterThan(7); // 7.000000000000001: a naive ceil would demand 8
    expect(minCountFor(0.07, 100)).toBe(7);
    expect(minCountFor(0.006, 9835)).toBe(60); // 59.01 → 60
    expect(minCountFor(0.001, 9835)).toBe(10);
    expect(minCountFor(0, 100)).toBe(1);
    expect(minCountFor(0.5, 0)).toBe(1);
  });
});

describe('frequentItemsets', () => {
  // n = 5; counts: 0→3, 1→3, 2→2; {0,1}→2, {0,2}→2, {1,2}→1, {0,1,2}→1
  const baskets = [Int32Array.of(0, 1, 2), Int32Array.of(1, 0, 0), Int32Array.of(2, 0), Int32Array.of(1), Int32Array.of()];

  it('finds the itemsets with support ≥ min (inclusive), duplicates in a basket counted once', () => {
    const r = frequentItemsets({ baskets }, { minSupport: 0.4 });
    expect(r.transactions).toBe(5);
    expect(r.minCount).toBe(2);
    expect(asMap(r)).toEqual({ '0': 3, '1': 3, '2': 2, '0,1': 2, '0,2': 2 });
    expect(Array.from(r.itemCounts)).toEqual([3, 3, 2]);
  });

  it('goes down to count 1 and respects maxLen', () => {
    expect(asMap(frequentItemsets({ baskets }, { minSupport: 0.2 }))).toEqual({
      '0': 3, '1': 3, '2': 2, '0,1': 2, '0,2': 2, '1,2': 1, '0,1,2': 1,
    });
    expect(Object.keys(asMap(frequentItemsets({ baskets }, { minSupport: 0.2, maxLen: 2 })))).toHaveLength(6);
    expect(Object.keys(asMap(frequentItemsets({ baskets }, { minSupport: 0.2, maxLen: 1 })))).toEqual(['0', '1', '2']);
  });

  it('accepts plain arrays and an explicit itemCount with unused items', () => {
    const r = frequentItemsets({ baskets: [[3, 1], [3]], itemCount: 5 }, { minSupport: 0.5 });
    expect(asMap(r)).toEqual({ '1': 1, '3': 2, '1,3': 1 });
    expect(Array.from(r.itemCounts)).toEqual([0, 1, 0, 2, 0]);
  });

  it('handles no transactions and rejects out-of-range items', () => {
    expect(frequentItemsets({ baskets: [] }, { minSupport: 0.1 }).itemsets).toEqual([]);
    expect(() => frequentItemsets({ baskets: [[5]], itemCount: 3 }, { minSupport: 0.1 })).toThrow(RangeError);
  });
});
