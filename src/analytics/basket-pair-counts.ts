/**
 * Co-occurrence counts of baskets for two-item rules ({@link pairRules}), pruned to a support
 * threshold: the counting half of Apriori stopped at pairs.
 *
 * - itemCounts[i] = baskets holding item i (every item, each counted once per basket);
 * - pairs = for a < b both frequent (itemCounts ≥ minCount = {@link minCountFor}(minSupport, n)),
 *   the baskets holding both; pairs of an infrequent item are left out, as no pair holding one can
 *   reach the threshold (a pair is in at most as many baskets as either item).
 *
 * Why not Eclat ({@link frequentItemsets}) for pairs: it intersects the tid-lists of every two frequent
 * items, F²/2 intersections; a customer's 90 orders of 25 distinct products each make all 2,000 of them
 * frequent (support 1 % of 90 is one order), 2 M intersections and seconds of garbage collection, where
 * counting the pairs each basket holds costs Σ |basket ∩ frequent|² / 2 (28 k increments).
 *
 * @module
 */
import { minCountFor, type TransactionsInput } from './apriori.js';
import { PairCounter } from './pair-counter.js';
import type { PairCounts } from './pair-rules.js';

/**
 * The counts above for `input` (baskets of item indices in `[0, itemCount)`, any order, repeats
 * allowed; empty baskets count as transactions). RangeError for an item outside that range.
 */
export function basketPairCounts(input: TransactionsInput, minSupport: number): PairCounts {
  const { baskets } = input;
  const n = baskets.length;
  let itemCount = input.itemCount ?? 0;
  if (input.itemCount === undefined) for (const b of baskets) for (let i = 0; i < b.length; i++) itemCount = Math.max(itemCount, b[i]! + 1);
  const itemCounts = new Int32Array(itemCount);
  const lastSeen = new Int32Array(itemCount).fill(-1);
  for (let t = 0; t < n; t++) {
    const b = baskets[t]!;
    for (let i = 0; i < b.length; i++) {
      const it = b[i]!;
      if (!(it >= 0 && it < itemCount)) throw new RangeError(`item index ${it} outside [0, ${itemCount})`);
      if (lastSeen[it] !== t) {
        lastSeen[it] = t;
        itemCounts[it]!++;
      }
    }
  }
  const minCount = minCountFor(minSupport, n);
  const counter = new PairCounter(itemCount);
  lastSeen.fill(-1);
  const kept: number[] = [];
  for (let t = 0; t < n; t++) {
    const b = baskets[t]!;
    kept.length = 0;
    for (let i = 0; i < b.length; i++) {
      const it = b[i]!;
      if (itemCounts[it]! >= minCount && lastSeen[it] !== t) {
        lastSeen[it] = t;
        kept.push(it);
      }
    }
    if (kept.length > 1) counter.addDistinctSorted(kept.sort((x, y) => x - y));
  }
  const pairs: { a: number; b: number; count: number }[] = [];
  counter.forEachCell((a, b, count) => {
    if (a !== b) pairs.push({ a, b, count });
  });
  return { transactions: n, itemCounts, pairs };
}
