/**
 * Association rules (arules' conventions) from frequent itemsets: single-item consequent, non-empty
 * antecedent, the support threshold applied to the whole rule X ∪ Y (inclusive), the confidence
 * threshold inclusive.
 *
 * Measures, with n transactions and counts c(·):
 * - support    = c(X∪Y)/n
 * - confidence = c(X∪Y)/c(X)
 * - lift       = confidence / supp(Y) = c(X∪Y)·n / (c(X)·c(Y))
 * - leverage   = supp(X∪Y) − supp(X)·supp(Y)
 * - conviction = (1 − supp(Y)) / (1 − confidence); `null` when confidence = 1 (conviction is +∞,
 *   which JSON cannot carry).
 *
 * @module
 */
import { frequentItemsets, type TransactionsInput } from './apriori.js';

export interface AssociationRuleOptions {
  /** Minimum rule support (fraction of transactions), inclusive; compared as an integer count. */
  readonly minSupport: number;
  /** Minimum confidence, inclusive (c(X∪Y) ≥ ⌈minConfidence·c(X) − 1e-9⌉). */
  readonly minConfidence: number;
  /** Maximum items per rule, antecedent + consequent (≥ 2). Default 2 (pairs). */
  readonly maxLen?: number;
  /** Keep only the first `limit` rules after sorting; 0 (default) keeps all. `ruleCount` is unaffected. */
  readonly limit?: number;
}

export interface AssociationRulesInput extends TransactionsInput {
  /**
   * Item index → external id (e.g. the portal's product id). Rules carry these ids; when omitted they
   * carry the item indices.
   */
  readonly itemIds?: ArrayLike<number>;
}

export interface AssociationRule {
  /** Antecedent item ids, ascending. Never empty. */
  readonly antecedent: number[];
  /** Exactly one item id. */
  readonly consequent: number[];
  /** Transactions containing antecedent ∪ consequent. */
  readonly count: number;
  readonly support: number;
  readonly confidence: number;
  readonly lift: number;
  readonly leverage: number;
  /** `null` stands for +∞ (confidence = 1). */
  readonly conviction: number | null;
}

export interface AssociationRulesResult {
  readonly transactions: number;
  /** Number of rules found (before `limit`). */
  readonly ruleCount: number;
  readonly rules: AssociationRule[];
}

/**
 * A rule X ⇒ Y's measures from counts: c = baskets with X∪Y, cx = with X, cy = with Y, n = all baskets.
 * support = c/n, confidence = c/cx, lift = c·n/(cx·cy), leverage = support − (cx/n)(cy/n),
 * conviction = (1 − cy/n)/(1 − confidence), null when confidence is 1 (infinite).
 */
export function ruleMeasures(
  antecedent: number[],
  consequent: number,
  c: number,
  cx: number,
  cy: number,
  n: number,
): AssociationRule {
  const support = c / n;
  const confidence = c / cx;
  const suppY = cy / n;
  return {
    antecedent,
    consequent: [consequent],
    count: c,
    support,
    confidence,
    lift: (c * n) / (cx * cy),
    leverage: support - (cx / n) * suppY,
    conviction: c === cx ? null : (1 - suppY) / (1 - confidence),
  };
}

/**
 * Rule order: lift desc, then confidence desc, then count desc, then shorter antecedent first, then
 * antecedent ids lexicographically ascending, then consequent id ascending. Total and deterministic.
 */
export function compareRules(a: AssociationRule, b: AssociationRule): number {
  if (a.lift !== b.lift) return b.lift - a.lift;
  if (a.confidence !== b.confidence) return b.confidence - a.confidence;
  if (a.count !== b.count) return b.count - a.count;
  if (a.antecedent.length !== b.antecedent.length) return a.antecedent.length - b.antecedent.length;
  for (let i = 0; i < a.antecedent.length; i++) {
    const d = a.antecedent[i]! - b.antecedent[i]!;
    if (d !== 0) return d;
  }
  return a.consequent[0]! - b.consequent[0]!;
}

/**
 * Mines the rules of `input`'s transactions. Rules of length 1 (empty antecedent) are never produced.
 * n = 0 → no rules. Runs in time roughly proportional to the number of frequent itemsets times the
 * length of their tid-lists (see {@link frequentItemsets}).
 */
export function associationRules(input: AssociationRulesInput, options: AssociationRuleOptions): AssociationRulesResult {
  const maxLen = options.maxLen ?? 2;
  const limit = options.limit ?? 0;
  const fi = frequentItemsets(input, { minSupport: options.minSupport, maxLen });
  const n = fi.transactions;
  const ids = input.itemIds;
  const idOf = (i: number): number => (ids === undefined ? i : (ids[i] as number));

  const countOf = new Map<string, number>();
  for (const s of fi.itemsets) if (s.items.length >= 2) countOf.set(s.items.join(','), s.count);
  const subsetCount = (items: Int32Array, skip: number): number => {
    if (items.length === 2) return fi.itemCounts[items[1 - skip]!]!;
    let key = '';
    for (let i = 0; i < items.length; i++) if (i !== skip) key += (key === '' ? '' : ',') + items[i]!;
    const c = countOf.get(key);
    if (c === undefined) throw new Error(`internal: subset ${key} of a frequent itemset is missing`);
    return c;
  };

  const rules: AssociationRule[] = [];
  for (const s of fi.itemsets) {
    const k = s.items.length;
    if (k < 2) continue;
    const c = s.count;
    for (let y = 0; y < k; y++) {
      const cx = subsetCount(s.items, y);
      const minC = Math.ceil(options.minConfidence * cx - 1e-9);
      if (c < minC) continue;
      const cy = fi.itemCounts[s.items[y]!]!;
      const antecedent: number[] = [];
      for (let i = 0; i < k; i++) if (i !== y) antecedent.push(idOf(s.items[i]!));
      antecedent.sort((a, b) => a - b);
      rules.push(ruleMeasures(antecedent, idOf(s.items[y]!), c, cx, cy, n));
    }
  }
  rules.sort(compareRules);
  const ruleCount = rules.length;
  return { transactions: n, ruleCount, rules: limit > 0 ? rules.slice(0, limit) : rules };
}
