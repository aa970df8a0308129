import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/** 32-bit integer hash (murmur3 finalizer): neighbouring seeds must not give neighbouring states. */
function mix32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/**
 * Seeded random source for the demo generator: every random choice goes through one of these, so the
 * same seed gives the same files. Each part of the world draws from its own `fork()`, so a change in
 * how orders are drawn does not reshuffle the customers.
 */
export class Rng {
  private constructor(private readonly g: JumpableRandomGenerator) {}

  /** Any safe integer works as a seed; its high bits are folded in so 2^32 + 1 ≠ 1. */
  static fromSeed(seed: number): Rng {
    const hi = Math.floor(seed / 0x1_0000_0000);
    const g = xoroshiro128plus(mix32((seed >>> 0) ^ mix32(hi + 0x9e3779b9)));
    // xoroshiro's first outputs still echo the seed's bit pattern; burn them.
    for (let i = 0; i < 16; i++) g.next();
    return new Rng(g);
  }

  /** An independent stream 2^64 draws away; the parent moves on so the next fork differs. */
  fork(): Rng {
    const child = new Rng(this.g.clone());
    this.g.jump();
    return child;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return uniformFloat64(this.g);
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return uniformInt(this.g, min, max);
  }

  between(min: number, max: number): number {
    return min + (max - min) * uniformFloat64(this.g);
  }

  chance(p: number): boolean {
    return uniformFloat64(this.g) < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[uniformInt(this.g, 0, items.length - 1)]!;
  }

  /** Standard normal (Box–Muller; the second value is dropped to keep the stream simple). */
  normal(): number {
    const u = 1 - uniformFloat64(this.g); // (0, 1]: log(0) would be -Infinity
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniformFloat64(this.g));
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - uniformFloat64(this.g)) * mean;
  }

  /** Gamma with integer shape k and the given mean: k = 1 is memoryless, large k is clockwork. */
  gamma(k: number, mean: number): number {
    let product = 1;
    for (let i = 0; i < k; i++) product *= 1 - uniformFloat64(this.g);
    return (-Math.log(product) / k) * mean;
  }

  /** Poisson count (Knuth for small means, a rounded normal for large ones, where it is close enough). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let n = 0;
    let p = uniformFloat64(this.g);
    while (p > limit) {
      n++;
      p *= uniformFloat64(this.g);
    }
    return n;
  }
}

/** Draws indices in proportion to fixed weights (cumulative table + binary search: O(log n) per draw). */
export class WeightedPicker {
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i]!;
      if (!(w >= 0)) throw new Error(`weight ${i} is ${w}`);
      sum += w;
      this.cumulative[i] = sum;
    }
    if (!(sum > 0)) throw new Error('all weights are zero');
    this.total = sum;
  }

  pick(rng: Rng): number {
    const x = rng.float() * this.total;
    const c = this.cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** A seeded stream of floats in [0, 1), for code that only needs `() => number` (tests, benchmarks). */
export function seededFloats(seed: number): () => number {
  const r = Rng.fromSeed(seed);
  return () => r.float();
}
