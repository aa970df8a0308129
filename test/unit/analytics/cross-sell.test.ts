import { describe, expect, it } from 'vitest';
import { crossSellBySalesman, crossSellFor, type CrossSellRule } from '../../../src/analytics/cross-sell.js';

const rule = (antecedent: number[], y: number, confidence: number, lift: number, support = 0.1): CrossSellRule => ({
  antecedent,
  consequent: [y],
  confidence,
  lift,
  support,
});

const rules = [
  rule([1], 5, 0.5, 2), // score 1.0
  rule([1, 2], 5, 0.8, 3), // score 2.4 — best rule for 5
  rule([2], 6, 0.5, 2.4), // score 1.2
  rule([3], 7, 0.9, 9), // antecedent not bought
  rule([1], 2, 0.9, 9), // score 8.1; consequent already bought by customers who have 2
  rule([2], 8, 0.25, 4.8), // score 1.2 (exactly), ties 6 on score, lower confidence
];

describe('crossSellFor', () => {
  it('keeps rules with antecedent ⊆ bought and consequent ∉ bought, one per product, by confidence × lift', () => {
    const s = crossSellFor([1, 2], rules);
    expect(s.map((x) => x.productId)).toEqual([5, 6, 8]);
    expect(s[0]).toMatchObject({ productId: 5, confidence: 0.8, lift: 3, because: [1, 2] });
    expect(s[0]!.score).toBeCloseTo(2.4, 12);
    expect(crossSellFor(new Set([1, 2]), rules, 1).map((x) => x.productId)).toEqual([5]);
  });

  it('returns nothing for an empty basket or no rules', () => {
    expect(crossSellFor([], rules)).toEqual([]);
    expect(crossSellFor([1], [])).toEqual([]);
  });
});

describe('crossSellBySalesman', () => {
  it('groups customers per salesman, best customer first, unassigned last, skips customers without suggestions', () => {
    const g = crossSellBySalesman(
      [
        { customerId: 11, salesmanId: 2, productIds: [1] },
        { customerId: 12, salesmanId: 2, productIds: Int32Array.of(1, 2) },
        { customerId: 13, salesmanId: null, productIds: [2] },
        { customerId: 14, salesmanId: 1, productIds: [9] },
      ],
      rules,
      2,
    );
    expect(g.map((x) => x.salesmanId)).toEqual([2, null]);
    // 11 bought only 1, so {1} ⇒ {2} (score 8.1) applies to it: best score first
    expect(g[0]!.customers.map((c) => c.customerId)).toEqual([11, 12]);
    expect(g[0]!.customers[0]!.suggestions.map((x) => x.productId)).toEqual([2, 5]);
  });
});
