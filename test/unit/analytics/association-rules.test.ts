import { describe, expect, it } from 'vitest';
import { associationRules } from '../../../src/analytics/association-rules.js';

// n = 5; c(0)=3, c(1)=3, c(2)=2, c(01)=2, c(02)=2, c(12)=1, c(012)=1
const baskets = [[0, 1, 2], [0, 1], [0, 2], [1], []];

describe('associationRules', () => {
  it('computes the measures and sorts by lift, then confidence, then antecedent', () => {
    const r = associationRules({ baskets, itemIds: [10, 20, 30] }, { minSupport: 0.4, minConfidence: 0.6 });
    expect(r.transactions).toBe(5);
    expect(r.ruleCount).toBe(4);
    expect(r.rules.map((x) => `${x.antecedent.join('+')}=>${x.consequent[0]}`)).toEqual(['30=>10', '10=>30', '10=>20', '20=>10']);
    const [a, b, c] = r.rules;
    // {30} ⇒ {10}: support 2/5, confidence 2/2, lift 1/(3/5), leverage 0.4 − 0.4·0.6, conviction ∞ → null
    expect(a).toMatchObject({ count: 2, support: 0.4, confidence: 1, conviction: null });
    expect(a!.lift).toBeCloseTo(5 / 3, 12);
    expect(a!.leverage).toBeCloseTo(0.16, 12);
    // {10} ⇒ {30}: confidence 2/3, lift (2·5)/(3·2), conviction (1 − 0.4)/(1 − 2/3) = 1.8
    expect(b!.confidence).toBeCloseTo(2 / 3, 12);
    expect(b!.lift).toBeCloseTo(5 / 3, 12);
    expect(b!.conviction).toBeCloseTo(1.8, 12);
    // {10} ⇒ {20}: lift 10/9, leverage 0.4 − 0.36
    expect(c!.lift).toBeCloseTo(10 / 9, 12);
    expect(c!.leverage).toBeCloseTo(0.04, 12);
  });

  it('applies inclusive thresholds to the whole rule and never makes empty antecedents', () => {
    expect(associationRules({ baskets }, { minSupport: 0.4, minConfidence: 2 / 3 }).ruleCount).toBe(4);
    expect(associationRules({ baskets }, { minSupport: 0.4, minConfidence: 0.67 }).ruleCount).toBe(1);
    expect(associationRules({ baskets }, { minSupport: 0.4, minConfidence: 1 }).ruleCount).toBe(1);
    // min-support 0.2 with max-len 3 adds {1,2}- and {0,1,2}-based rules; min-confidence 0 keeps all
    const all = associationRules({ baskets }, { minSupport: 0.2, minConfidence: 0, maxLen: 3 });
    expect(all.ruleCount).toBe(2 * 3 + 3); // three pairs × 2 directions + triple × 3 consequents
    expect(all.rules.every((x) => x.antecedent.length >= 1 && x.consequent.length === 1)).toBe(true);
    // default maxLen is 2
    expect(associationRules({ baskets }, { minSupport: 0.2, minConfidence: 0 }).ruleCount).toBe(6);
  });

  it('limit cuts the list but not ruleCount; no data → no rules', () => {
    const r = associationRules({ baskets }, { minSupport: 0.4, minConfidence: 0.6, limit: 1 });
    expect(r.ruleCount).toBe(4);
    expect(r.rules).toHaveLength(1);
    expect(associationRules({ baskets: [] }, { minSupport: 0.1, minConfidence: 0.1 })).toEqual({ transactions: 0, ruleCount: 0, rules: [] });
    expect(associationRules({ baskets: [[1], [2]] }, { minSupport: 0.1, minConfidence: 0.1 }).ruleCount).toBe(0);
  });
});
