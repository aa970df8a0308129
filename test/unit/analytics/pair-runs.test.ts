import { describe, expect, it } from 'vitest';
import { mergeRuns, PAIR_SHIFT, PairCollector, runOfCells, type PairRun } from '../../../src/analytics/pair-runs.js';

/** Seeded baskets (mulberry32) of up to `maxSize` distinct items below `items`, ascending. */
function randomBaskets(count: number, items: number, maxSize: number, seed: number): number[][] {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () =>
    [...new Set(Array.from({ length: Math.floor(next() * maxSize) }, () => Math.floor(next() * items)))].sort((x, y) => x - y),
  );
}

/** The counts by the definition: every pair a ≤ b of a basket once, as "a,b" → count. */
function naive(baskets: number[][]): Map<string, number> {
  const m = new Map<string, number>();
  for (const items of baskets) {
    for (let i = 0; i < items.length; i++) for (let j = i; j < items.length; j++) m.set(`${items[i]},${items[j]}`, (m.get(`${items[i]},${items[j]}`) ?? 0) + 1);
  }
  return m;
}

const cellsOf = (run: PairRun): Map<string, number> => {
  const m = new Map<string, number>();
  run.keys.forEach((key, k) => {
    const a = Math.floor(key / PAIR_SHIFT);
    m.set(`${a},${key - a * PAIR_SHIFT}`, run.counts[k]!);
  });
  return m;
};

const runOf = (baskets: number[][]): PairRun => {
  const c = new PairCollector();
  for (const b of baskets) c.addDistinctSorted(b);
  return c.toRun();
};

describe('pair runs', () => {
  const baskets = randomBaskets(2_000, 3_000, 30, 5);

  it('collects every pair of the baskets once per basket, keys strictly ascending', () => {
    const run = runOf(baskets);
    expect(run.baskets).toBe(2_000);
    expect(cellsOf(run)).toEqual(naive(baskets));
    for (let k = 1; k < run.keys.length; k++) expect(run.keys[k]!).toBeGreaterThan(run.keys[k - 1]!);
  });

  it('merges runs into the counts of all their baskets, whatever the split', () => {
    const parts = [baskets.slice(0, 10), baskets.slice(10, 900), baskets.slice(900, 901), baskets.slice(901), []].map(runOf);
    const merged = mergeRuns(parts);
    expect(merged.baskets).toBe(2_000);
    expect(cellsOf(merged)).toEqual(naive(baskets));
    expect(mergeRuns([])).toMatchObject({ baskets: 0, keys: new Float64Array(0) });
  });

  it('reads cells back into a run, and rejects items out of range and cells out of order', () => {
    const run = runOf(baskets.slice(0, 50));
    const a = Array.from(run.keys, (key) => Math.floor(key / PAIR_SHIFT));
    const b = Array.from(run.keys, (key, k) => key - a[k]! * PAIR_SHIFT);
    expect(runOfCells(a, b, run.counts, run.baskets)).toEqual(run);
    expect(() => runOfCells([2, 1], [3, 4], [1, 1], 1)).toThrow(RangeError);
    expect(() => new PairCollector().addDistinctSorted([1, PAIR_SHIFT])).toThrow(RangeError);
  });
});
