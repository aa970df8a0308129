import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { associationRules } from '../../src/analytics/association-rules.js';

/** Groceries (arules), read as published: one basket per line, items comma-separated, names trimmed. */
function loadGroceries(): { baskets: Int32Array[]; names: string[] } {
  const text = readFileSync(new URL('../../../shared/datasets/groceries/groceries.csv', import.meta.url), 'utf8');
  const names: string[] = [];
  const index = new Map<string, number>();
  const baskets = text
    .split(/\r?\n/)
    .filter((line) => line.length > 0)
    .map((line) =>
      Int32Array.from(
        line
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0)
          .map((s) => {
            let i = index.get(s);
            if (i === undefined) {
              i = names.length;
              names.push(s);
              index.set(s, i);
            }
            return i;
          }),
      ),
    );
  return { baskets, names };
}

describe('association rules on Groceries (arules reference)', () => {
  const { baskets, names } = loadGroceries();
  const label = (ids: number[]): string[] => ids.map((i) => names[i]!).sort();

  it('has 9,835 baskets and 169 items', () => {
    expect(baskets.length).toBe(9835);
    expect(names.length).toBe(169);
  });

  it('min-support 0.006, min-confidence 0.25, max-len 4 → 463 rules, top {herbs} ⇒ {root vegetables}', () => {
    const res = associationRules({ baskets, itemCount: names.length }, { minSupport: 0.006, minConfidence: 0.25, maxLen: 4, limit: 10 });
    expect(res.transactions).toBe(9835);
    expect(res.ruleCount).toBe(463);
    expect(res.rules).toHaveLength(10);
    const top = res.rules[0]!;
    expect(label(top.antecedent)).toEqual(['herbs']);
    expect(label(top.consequent)).toEqual(['root vegetables']);
    expect(top.support).toBeCloseTo(0.0070158, 7);
    expect(top.confidence).toBeCloseTo(0.43125, 10);
    expect(top.lift).toBeCloseTo(3.956477, 6);
  });

  it('min-support 0.001, min-confidence 0.5, max-len 10 → 5,668 rules, top {Instant food products, soda} ⇒ {hamburger meat}', () => {
    const res = associationRules({ baskets, itemCount: names.length }, { minSupport: 0.001, minConfidence: 0.5, maxLen: 10 });
    expect(res.ruleCount).toBe(5668);
    expect(res.rules).toHaveLength(5668);
    const top = res.rules[0]!;
    expect(label(top.antecedent)).toEqual(['Instant food products', 'soda']);
    expect(label(top.consequent)).toEqual(['hamburger meat']);
    expect(top.lift).toBeCloseTo(18.99565, 5);
    // Every rule honours the thresholds and the sort.
    for (const r of res.rules) {
      expect(r.count).toBeGreaterThanOrEqual(10);
      expect(r.confidence).toBeGreaterThanOrEqual(0.5);
      expect(r.antecedent.length + 1).toBeLessThanOrEqual(10);
    }
    for (let i = 1; i < res.rules.length; i++) expect(res.rules[i - 1]!.lift).toBeGreaterThanOrEqual(res.rules[i]!.lift);
  });
});
