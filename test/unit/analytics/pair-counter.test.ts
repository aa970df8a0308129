import { describe, expect, it } from 'vitest';
import { PairCounter } from '../../../src/analytics/pair-counter.js';

/** Seeded baskets (mulberry32) of up to `maxSize` items below `items`, so reruns agree. */
function randomBaskets(count: number, items: number, maxSize: number, seed: number): number[][] {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(next() * maxSize) }, () => Math.floor(next() * items)));
}

/** The counts by the definition: per basket its distinct items, every pair a ≤ b once. */
function naive(baskets: number[][]): Map<string, number> {
  const m = new Map<string, number>();
  for (const basket of baskets) {
    const items = [...new Set(basket)].sort((x, y) => x - y);
    for (let i = 0; i < items.length; i++) for (let j = i; j < items.length; j++) m.set(`${items[i]},${items[j]}`, (m.get(`${items[i]},${items[j]}`) ?? 0) + 1);
  }
  return m;
}

describe('PairCounter beyond the dense layout', () => {
  // 5,000 items (25 M cells) is far past the dense limit: the hash table grows many times over.
  const baskets = randomBaskets(3_000, 5_000, 40, 7);
  const expected = naive(baskets);

  it('counts every pair of a large catalogue exactly, through growth of its table', () => {
    const c = new PairCounter(5_000);
    for (const b of baskets) c.add(b);
    expect(c.baskets).toBe(3_000);
    expect(c.cellCount).toBe(expected.size);
    const got = new Map([...c.cells()].map(([a, b, n]) => [`${a},${b}`, n]));
    expect(got).toEqual(expected);
    for (const [key, n] of [...expected].slice(0, 500)) {
      const [a, b] = key.split(',').map(Number) as [number, number];
      expect(c.count(b, a)).toBe(n);
    }
    expect(c.count(4_999, 4_998)).toBe(expected.get('4998,4999') ?? 0);
  });

  it('lists the cells ascending by a, then b, and merges split counters into the whole', () => {
    const left = new PairCounter(5_000);
    const right = new PairCounter(5_000);
    baskets.forEach((b, i) => (i % 2 === 0 ? left : right).add(b));
    left.merge(right);
    const { a, b, count } = left.sortedCells();
    expect(a.length).toBe(expected.size);
    const outOfOrder = Array.from(a).findIndex((x, k) => k > 0 && !(a[k - 1]! < x || (a[k - 1] === x && b[k - 1]! < b[k]!)));
    expect(outOfOrder).toBe(-1);
    const got = new Map(Array.from(a, (x, k) => [`${x},${b[k]}`, count[k]!]));
    expect(got).toEqual(expected);
  });

  it('lists a small dense counter the same way', () => {
    const c = new PairCounter(20);
    const small = randomBaskets(200, 20, 6, 3);
    for (const b of small) c.add(b);
    const { a, b, count } = c.sortedCells();
    expect(new Map(Array.from(a, (x, k) => [`${x},${b[k]}`, count[k]!]))).toEqual(naive(small));
    expect([...c.cells()].map(([x, y]) => `${x},${y}`)).toEqual(Array.from(a, (x, k) => `${x},${b[k]}`));
  });
});
