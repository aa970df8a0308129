import { describe, expect, it } from 'vitest';
import { topCandidates } from '../../../src/analytics/top-k.js';

/** Brute force: rows whose score is ≥ the k-th largest score. */
function expected(score: number[], k: number): number[] {
  const scored = score.map((s, i) => [s, i] as const).filter(([s]) => !Number.isNaN(s));
  if (k <= 0 || k >= scored.length) return scored.map(([, i]) => i);
  const cut = scored.map(([s]) => s).sort((p, q) => q - p)[k - 1]!;
  return scored.filter(([s]) => s >= cut).map(([, i]) => i);
}

describe('topCandidates', () => {
  it('keeps every row tied at the cut, skips NaN, and returns all for k ≤ 0 or k ≥ n', () => {
    const score = Float64Array.from([5, 1, 3, Number.NaN, 3, 3, 9, -2]);
    expect(Array.from(topCandidates(score, 2))).toEqual([0, 6]);
    expect(Array.from(topCandidates(score, 3))).toEqual([0, 2, 4, 5, 6]);
    expect(Array.from(topCandidates(score, 0))).toEqual([0, 1, 2, 4, 5, 6, 7]);
    expect(Array.from(topCandidates(score, 7))).toEqual([0, 1, 2, 4, 5, 6, 7]);
    expect(Array.from(topCandidates(new Float64Array(0), 3))).toEqual([]);
  });

  it('agrees with sorting on many ties and random data', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const n = 50 + seed * 37;
      const score = Array.from({ length: n }, (_, i) => {
        const h = Math.imul(i + 1, 2654435761 + seed) >>> 0;
        return h % 11 === 0 ? Number.NaN : (h % (seed % 3 === 0 ? 5 : 1000)) - 100;
      });
      for (const k of [1, 2, 10, n >> 1, n - 1]) {
        expect(Array.from(topCandidates(Float64Array.from(score), k))).toEqual(expected(score, k));
      }
    }
  });
});
