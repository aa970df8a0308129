import { describe, expect, it } from 'vitest';
import { associationRules } from '../../../src/analytics/association-rules.js';
import { minCountFor } from '../../../src/analytics/apriori.js';
import { basketPairCounts } from '../../../src/analytics/basket-pair-counts.js';
import { PairCounter } from '../../../src/analytics/pair-counter.js';
import { pairRules } from '../../../src/analytics/pair-rules.js';

/** Deterministic pseudo-random baskets over `items` items, with repeats and empty baskets. */
function baskets(n: number, items: number, seed: number): number[][] {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: n }, () => Array.from({ length: Math.floor(next() * 6) }, () => Math.floor(next() * next() * items)));
}

function countsOf(list: number[][], itemCount: number, dense: boolean) {
  const counter = new PairCounter(dense ? itemCount : 0);
  for (const b of list) counter.add(b);
  const itemCounts = new Int32Array(itemCount);
  const pairs: { a: number; b: number; count: number }[] = [];
  for (const [a, b, count] of counter.cells()) {
    if (a === b) itemCounts[a] = count;
    else pairs.push({ a, b, count });
  }
  return { transactions: counter.baskets, itemCounts, pairs };
}

describe('pairRules', () => {
  it.each([
    [0.01, 0.1],
    [0.002, 0],
    [0.02, 0.3],
  ])('gives exactly the two-item rules of associationRules (min support %s, min confidence %s)', (minSupport, minConfidence) => {
    const list = baskets(3000, 40, 7);
    const expected = associationRules({ baskets: list, itemCount: 40 }, { minSupport, minConfidence, maxLen: 2 });
    for (const dense of [true, false]) {
      const rules = pairRules(countsOf(list, 40, dense), { minSupport, minConfidence });
      expect(expected.ruleCount).toBeGreaterThan(0);
      expect(rules).toEqual(expected.rules);
    }
  });

  it.each([
    [0.01, 0.1],
    [0.002, 0],
    [0.03, 0.2],
  ])('from basketPairCounts: the same rules as associationRules, pairs of infrequent items left out (min support %s)', (minSupport, minConfidence) => {
    // Few baskets over many items (a customer's orders): every item is frequent at a low support.
    for (const list of [baskets(3000, 40, 11), baskets(60, 400, 5)]) {
      const expected = associationRules({ baskets: list }, { minSupport, minConfidence, maxLen: 2 });
      const counts = basketPairCounts({ baskets: list }, minSupport);
      expect(expected.ruleCount).toBeGreaterThan(0);
      expect(pairRules(counts, { minSupport, minConfidence })).toEqual(expected.rules);
      const full = countsOf(list, counts.itemCounts.length, false);
      expect(Array.from(counts.itemCounts)).toEqual(Array.from(full.itemCounts));
      const minCount = minCountFor(minSupport, list.length);
      const frequent = (i: number) => full.itemCounts[i]! >= minCount;
      const key = (p: { a: number; b: number; count: number }) => `${p.a},${p.b}:${p.count}`;
      expect(counts.pairs.map(key).sort()).toEqual(full.pairs.filter((p) => frequent(p.a) && frequent(p.b)).map(key).sort());
    }
  });

  it('basketPairCounts rejects an item outside the catalogue', () => {
    expect(() => basketPairCounts({ baskets: [[0, 5]], itemCount: 3 }, 0.1)).toThrow(RangeError);
  });

  it('has no rules without transactions', () => {
    expect(pairRules({ transactions: 0, itemCounts: [], pairs: [] }, { minSupport: 0, minConfidence: 0 })).toEqual([]);
  });
});

describe('PairCounter', () => {
  it('counts baskets, items and pairs once per basket, dense or sparse, and merges added counts', () => {
    for (const bound of [10, 0]) {
      const c = new PairCounter(bound);
      c.add([3, 1, 3]);
      c.addDistinctSorted([1, 2, 3]);
      c.add([]);
      c.addCount(3, 1, 5);
      const cells = [...c.cells()].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
      expect(c.baskets).toBe(3);
      expect(cells).toEqual([
        [1, 1, 2],
        [1, 2, 1],
        [1, 3, 7],
        [2, 2, 1],
        [2, 3, 1],
        [3, 3, 2],
      ]);
    }
  });

  it('merges counters of either layout into the sum of both', () => {
    const list = baskets(500, 30, 3);
    const whole = new PairCounter(30);
    for (const b of list) whole.add(b);
    for (const [left, right] of [[30, 30], [30, 0], [0, 30], [0, 0]] as const) {
      const a = new PairCounter(left);
      const b = new PairCounter(right);
      list.forEach((basket, i) => (i % 3 === 0 ? a : b).add(basket));
      a.merge(b);
      const sorted = (c: PairCounter) => [...c.cells()].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
      expect(a.baskets).toBe(500);
      expect(sorted(a)).toEqual(sorted(whole));
    }
  });

  it('refuses items outside its range', () => {
    expect(() => new PairCounter(4).add([4])).toThrow(RangeError);
    expect(() => new PairCounter().add([-1])).toThrow(RangeError);
  });
});
