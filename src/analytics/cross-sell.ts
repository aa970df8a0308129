/**
 * Cross-sell suggestions from association rules: for a customer's set of bought products, the
 * consequents of rules whose whole antecedent the customer bought and whose consequent they have not.
 *
 * @module
 */
import type { AssociationRule } from './association-rules.js';
import { compareIds, type EntityId } from './ids.js';

/** The rule fields cross-sell needs (an {@link AssociationRule} fits). */
export type CrossSellRule = Pick<AssociationRule, 'antecedent' | 'consequent' | 'support' | 'confidence' | 'lift'>;

export interface CrossSellSuggestion {
  productId: number;
  /** confidence × lift of the best rule for this product. */
  score: number;
  confidence: number;
  lift: number;
  support: number;
  /** The antecedent of the best rule (products the customer bought that lead here). */
  because: number[];
}

/**
 * Order of suggestions: score desc, then confidence desc, then support desc, then shorter antecedent,
 * then productId asc. The same order picks the best rule per product.
 */
function compareSuggestions(a: CrossSellSuggestion, b: CrossSellSuggestion): number {
  return (
    b.score - a.score ||
    b.confidence - a.confidence ||
    b.support - a.support ||
    a.because.length - b.because.length ||
    a.productId - b.productId
  );
}

/**
 * Suggestions for one customer, one per product (the best rule), ranked by confidence × lift.
 * Empty `bought` or no matching rule → []. `limit` 0 (default) = all.
 */
export function crossSellFor(bought: Iterable<number>, rules: readonly CrossSellRule[], limit = 0): CrossSellSuggestion[] {
  const have = bought instanceof Set ? (bought as ReadonlySet<number>) : new Set(bought);
  const best = new Map<number, CrossSellSuggestion>();
  for (const r of rules) {
    const y = r.consequent[0];
    if (y === undefined || have.has(y)) continue;
    if (!r.antecedent.every((x) => have.has(x))) continue;
    const s: CrossSellSuggestion = {
      productId: y,
      score: r.confidence * r.lift,
      confidence: r.confidence,
      lift: r.lift,
      support: r.support,
      because: [...r.antecedent],
    };
    const prev = best.get(y);
    if (prev === undefined || compareSuggestions(s, prev) < 0) best.set(y, s);
  }
  const out = [...best.values()].sort(compareSuggestions);
  return limit > 0 ? out.slice(0, limit) : out;
}

/** What the SQL layer gives per customer: the products they bought (in the window) and their salesman. */
export interface CustomerBasketRow {
  customerId: EntityId;
  /** Owning salesman; `null` groups the customer under "unassigned". */
  salesmanId: EntityId | null;
  /** Distinct products the customer has bought. */
  productIds: ArrayLike<number>;
}

export interface SalesmanCrossSell {
  salesmanId: EntityId | null;
  customers: { customerId: EntityId; suggestions: CrossSellSuggestion[] }[];
}

/**
 * Suggestions for many customers grouped per salesman (for DMs). Customers without suggestions are
 * left out; within a salesman, customers are ordered by their best score desc (then customerId asc);
 * salesmen by id asc with `null` (unassigned) last.
 */
export function crossSellBySalesman(
  customers: readonly CustomerBasketRow[],
  rules: readonly CrossSellRule[],
  perCustomerLimit = 3,
): SalesmanCrossSell[] {
  const groups = new Map<EntityId | null, { customerId: EntityId; suggestions: CrossSellSuggestion[] }[]>();
  for (const c of customers) {
    const suggestions = crossSellFor(Array.from(c.productIds), rules, perCustomerLimit);
    if (suggestions.length === 0) continue;
    let g = groups.get(c.salesmanId);
    if (g === undefined) groups.set(c.salesmanId, (g = []));
    g.push({ customerId: c.customerId, suggestions });
  }
  const out: SalesmanCrossSell[] = [];
  for (const [salesmanId, list] of groups) {
    list.sort((a, b) => b.suggestions[0]!.score - a.suggestions[0]!.score || compareIds(a.customerId, b.customerId));
    out.push({ salesmanId, customers: list });
  }
  out.sort((a, b) => (a.salesmanId === null ? 1 : b.salesmanId === null ? -1 : compareIds(a.salesmanId, b.salesmanId)));
  return out;
}
