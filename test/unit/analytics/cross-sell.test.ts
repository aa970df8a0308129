import { describe, expect, it } from 'vitest';
import {
  crossSellBySalesman,
  crossSellCandidates,
  crossSellFor,
  listCrossSell,
  type CrossSellRule,
  type CrossSellSuggestion,
} from '../../../src/analytics/cross-sell.js';
import { compareIds } from '../../../src/analytics/ids.js';
import { seededFloats } from '../../../src/demo/rng.js';

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

/** The straightforward definition: every rule for the customer, best rule per product, then sorted. */
function reference(bought: readonly number[], rules: readonly CrossSellRule[], limit: number): CrossSellSuggestion[] {
  const have = new Set(bought);
  const best = new Map<number, CrossSellSuggestion>();
  const order = (a: CrossSellSuggestion, b: CrossSellSuggestion): number =>
    b.score - a.score || b.confidence - a.confidence || b.support - a.support || a.because.length - b.because.length || a.productId - b.productId;
  for (const r of rules) {
    const y = r.consequent[0]!;
    if (have.has(y) || !r.antecedent.every((x) => have.has(x))) continue;
    const s = { productId: y, score: r.confidence * r.lift, confidence: r.confidence, lift: r.lift, support: r.support, because: [...r.antecedent] };
    const prev = best.get(y);
    if (prev === undefined || order(s, prev) < 0) best.set(y, s);
  }
  const out = [...best.values()].sort(order);
  return limit > 0 ? out.slice(0, limit) : out;
}

/** Random rules over `items` items with coarse measures, so scores and whole rules tie often. */
function randomCase(seed: number, items: number, ruleCount: number, customers: number, idStep = 3) {
  const rand = seededFloats(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const rules: CrossSellRule[] = [];
  for (let k = 0; k < ruleCount; k++) {
    const size = 1 + int(3);
    const antecedent = [...new Set(Array.from({ length: size }, () => int(items)))].sort((a, b) => a - b);
    let y = int(items);
    while (antecedent.includes(y)) y = (y + 1) % items;
    rules.push({ antecedent, consequent: [y], confidence: (1 + int(4)) / 4, lift: (1 + int(3)) / 2, support: (1 + int(2)) / 10 });
  }
  // Customer ids `idStep` apart, some customers without purchases, a buyer nobody owns.
  const basket = new Map<number, number[]>();
  const ids = Array.from({ length: customers }, (_, i) => 1 + i * idStep);
  for (const id of [...ids, 100_000]) basket.set(id, [...new Set(Array.from({ length: int(6) }, () => int(items)))]);
  const owners = [7, 3, null].map((salesmanId, k) => ({ salesmanId, customers: Int32Array.from(ids.filter((_, i) => i % 3 === k)) }));
  const buyers = Array.from({ length: items }, (_, item) => ({ item, customers: [...basket].filter(([, b]) => b.includes(item)).map(([id]) => id) }));
  return { rules, basket, owners, buyers };
}

describe('CrossSellMatcher via crossSellFor', () => {
  it('matches the rule-by-rule definition, ties included', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { rules, basket } = randomCase(seed, 12, 80, 60);
      for (const bought of basket.values()) for (const limit of [0, 1, 3]) expect(crossSellFor(bought, rules, limit)).toEqual(reference(bought, rules, limit));
    }
  });

  it('ignores items no rule names and repeated items', () => {
    expect(crossSellFor([1, 1, 2, 2, 99, -1], rules)).toEqual(crossSellFor([1, 2], rules));
  });
});

describe('crossSellCandidates + listCrossSell', () => {
  const expected = (c: ReturnType<typeof randomCase>, perCustomer: number, limit: number) => {
    const rows = c.owners.flatMap((o) => Array.from(o.customers, (id) => ({ customerId: id, salesmanId: o.salesmanId, productIds: c.basket.get(id)! })));
    return crossSellBySalesman(rows, c.rules, perCustomer).map((g) => ({
      salesmanId: g.salesmanId,
      customerCount: g.customers.length,
      customers: limit > 0 ? g.customers.slice(0, limit) : g.customers,
    }));
  };
  const listed = (c: ReturnType<typeof randomCase>, perCustomer: number, limit: number, items = 12) => {
    // Portal ids whose order differs from the internal ids', so the tie-break really uses them.
    const portal = (id: number) => `C${String(1_000_000 - id).padStart(7, '0')}`;
    const groups = crossSellCandidates(c.buyers.slice(0, items), c.owners, c.rules, { perCustomer, limit });
    const lists = listCrossSell(groups, limit, { customer: portal, salesman: (s) => s });
    return { lists, portal };
  };

  it('gives the per-salesman lists of crossSellBySalesman, cut to the limit, for dense and sparse ids and > 32 items', () => {
    for (const [items, customers, idStep] of [
      [12, 200, 3], // ids dense enough to be rows
      [40, 1500, 1], // two words per bit set, > 1000 distinct sets (the hash table grows)
      [70, 40, 1000], // sparse ids, three words
    ] as const) {
      for (let seed = 1; seed <= (customers > 1000 ? 2 : 6); seed++) {
        const c = randomCase(seed * 7 + items, items, 150, customers, idStep);
        for (const [perCustomer, limit] of [
          [3, 0],
          [3, 4],
          [1, 1],
          [2, 25],
        ] as const) {
          const { lists, portal } = listed(c, perCustomer, limit, items);
          const want = expected(c, perCustomer, 0).map((g) => {
            const sorted = [...g.customers].sort(
              (a, b) => b.suggestions[0]!.score - a.suggestions[0]!.score || compareIds(portal(a.customerId as number), portal(b.customerId as number)),
            );
            return { ...g, customers: limit > 0 ? sorted.slice(0, limit) : sorted };
          });
          expect(lists).toEqual(want);
        }
      }
    }
  });

  it('candidates are the top of the list plus everyone tied with its last place', () => {
    const owners = [{ salesmanId: 1, customers: [10, 11, 12, 13] }];
    const buyers = [
      { item: 1, customers: [10, 11, 12, 13] },
      { item: 2, customers: [10] },
    ];
    // 10 bought {1, 2}: {1,2} ⇒ 5 (2.4) is its best; 11–13 bought {1}: {1} ⇒ 2 (8.1) is theirs.
    const [g] = crossSellCandidates(buyers, owners, rules, { perCustomer: 1, limit: 2 });
    expect(g!.customerCount).toBe(4);
    expect(g!.candidates.map((c) => c.customerId)).toEqual([11, 12, 13]);
    // A list of exactly the top group needs nobody else.
    expect(crossSellCandidates(buyers, owners, rules, { perCustomer: 1, limit: 3 })[0]!.candidates).toHaveLength(3);
    expect(crossSellCandidates(buyers, owners, rules, { perCustomer: 1, limit: 4 })[0]!.candidates).toHaveLength(4);
    const [l] = listCrossSell([g!], 2, { customer: (id) => -id, salesman: (s) => s });
    expect(l!.customers.map((c) => c.customerId)).toEqual([13, 12]);
  });

  it('leaves out salesmen without suggestions and customers nobody owns', () => {
    const g = crossSellCandidates([{ item: 3, customers: [1, 2] }], [{ salesmanId: 'S', customers: [1] }, { salesmanId: 'T', customers: [9] }], rules, {
      perCustomer: 3,
      limit: 0,
    });
    expect(g).toEqual([{ salesmanId: 'S', customerCount: 1, candidates: [{ customerId: 1, suggestions: [expect.objectContaining({ productId: 7 })] }] }]);
    expect(crossSellCandidates([], [], [], { perCustomer: 3, limit: 20 })).toEqual([]);
  });
});
