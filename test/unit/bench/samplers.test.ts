import { describe, expect, it } from 'vitest';
import { categoryCount, regionName } from '../../../bench/shape/generate-shape.js';
import { gamma, geometric, zipfPicker, zipfWeights } from '../../../bench/shape/samplers.js';
import { shapeFrom } from '../../../bench/shape/shape.js';
import { Rng } from '../../../src/demo/rng.js';

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const draws = (n: number, f: () => number): number[] => Array.from({ length: n }, f);

describe('benchmark shape samplers', () => {
  it('gamma has mean k·θ and variance k·θ² for small and large shapes', () => {
    const rng = Rng.fromSeed(1);
    for (const [k, theta] of [[0.3, 1], [0.3, 5], [2, 1], [7.5, 0.2]] as const) {
      const xs = draws(60_000, () => gamma(rng, k, theta));
      const m = mean(xs);
      const v = mean(xs.map((x) => (x - m) ** 2));
      expect(m).toBeCloseTo(k * theta, 1);
      expect(v / (k * theta * theta)).toBeGreaterThan(0.9);
      expect(v / (k * theta * theta)).toBeLessThan(1.1);
      expect(Math.min(...xs)).toBeGreaterThan(0);
    }
  });

  it('gamma with a small shape makes most customers rare buyers', () => {
    const rng = Rng.fromSeed(2);
    const rates = draws(20_000, () => gamma(rng, 0.3));
    const belowHalfMean = rates.filter((r) => r < 0.15).length / rates.length;
    expect(belowHalfMean).toBeGreaterThan(0.5);
  });

  it('Zipf draws rank i about 1 / (i + 1)^s as often as rank 0', () => {
    const rng = Rng.fromSeed(3);
    const s = 1.1;
    const picker = zipfPicker(500, s);
    const counts = new Array<number>(500).fill(0);
    const n = 200_000;
    for (let i = 0; i < n; i++) counts[picker.pick(rng)]!++;
    const w = zipfWeights(500, s);
    const total = w.reduce((a, b) => a + b, 0);
    for (const rank of [0, 1, 4, 9]) expect(counts[rank]! / n).toBeCloseTo(w[rank]! / total, 2);
    expect(counts[0]! / counts[1]!).toBeGreaterThan(2 ** s * 0.9);
    expect(counts[0]! / counts[1]!).toBeLessThan(2 ** s * 1.1);
  });

  it('Zipf exponent 0 is uniform', () => {
    const w = zipfWeights(10, 0);
    expect([...w]).toEqual(new Array(10).fill(1));
  });

  it('geometric basket sizes are ≥ 1 with the asked mean', () => {
    const rng = Rng.fromSeed(4);
    for (const m of [1, 2.5, 25]) {
      const xs = draws(50_000, () => geometric(rng, m));
      expect(Math.min(...xs)).toBe(1);
      expect(mean(xs)).toBeCloseTo(m, 0);
    }
  });

  it('is deterministic for a seed', () => {
    const a = Rng.fromSeed(9);
    const b = Rng.fromSeed(9);
    expect(draws(5, () => gamma(a, 0.4))).toEqual(draws(5, () => gamma(b, 0.4)));
  });
});

describe('benchmark shapes', () => {
  it('presets take flags on top and reject bad values', () => {
    expect(shapeFrom({ shape: 'wide' })).toMatchObject({ name: 'wide', lines: 1_160_000, customers: 200_000, products: 5_000, salesmen: 200, regions: 5, years: 3 });
    expect(shapeFrom({ shape: 'wide', lines: '200000' })).toMatchObject({ name: 'wide', lines: 200_000 });
    expect(shapeFrom({ shape: 'few-big', basket: '30' })).toMatchObject({ name: 'few-big+custom', basket: 30, customers: 2_000 });
    expect(() => shapeFrom({ shape: 'huge' })).toThrow(/--shape huge/);
    expect(() => shapeFrom({ customers: 'many' })).toThrow(/--customers many/);
    expect(() => shapeFrom({ shape: 'demo', products: '10' })).toThrow(/demo/);
  });

  it('names regions and sizes categories', () => {
    expect(regionName(0)).toBe('North');
    expect(regionName(12)).toBe('Region 13');
    expect(categoryCount(300)).toBe(5);
    expect(categoryCount(5_000)).toBe(50);
    expect(categoryCount(50_000)).toBe(60);
  });
});
