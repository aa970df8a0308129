/**
 * Association rules of two items (max-len 2) from co-occurrence counts instead of baskets: the same
 * rules, measures and order as {@link associationRules} with `maxLen: 2`, for callers that keep counts
 * (a rollup) rather than transactions.
 *
 * @module
 */
import { minCountFor } from './apriori.js';
import { compareRules, ruleMeasures, type AssociationRule, type AssociationRuleOptions } from './association-rules.js';

export interface PairCounts {
  /** Number of transactions n. */
  readonly transactions: number;
  /** Transactions containing each item (index → count). */
  readonly itemCounts: ArrayLike<number>;
  /** Transactions containing both items, for unordered pairs a < b; pairs never seen may be left out. */
  readonly pairs: readonly { readonly a: number; readonly b: number; readonly count: number }[];
}

/**
 * Every rule {x} ⇒ {y} over the pairs whose count reaches the support threshold (inclusive, as an
 * integer count) and whose confidence reaches `minConfidence`, best lift first ({@link compareRules}).
 */
export function pairRules(counts: PairCounts, options: Omit<AssociationRuleOptions, 'maxLen'>): AssociationRule[] {
  const n = counts.transactions;
  if (n === 0) return [];
  const minCount = minCountFor(options.minSupport, n);
  const rules: AssociationRule[] = [];
  for (const { a, b, count: c } of counts.pairs) {
    if (c < minCount) continue;
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const cx = counts.itemCounts[x]!;
      if (c < Math.ceil(options.minConfidence * cx - 1e-9)) continue;
      const cy = counts.itemCounts[y]!;
      rules.push(ruleMeasures([x], y, c, cx, cy, n));
    }
  }
  return rules.sort(compareRules);
}
