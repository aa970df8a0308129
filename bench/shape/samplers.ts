import { WeightedPicker, type Rng } from '../../src/demo/rng.js';

/**
 * The draws a company's shape needs beyond the demo generator's Rng (normal, poisson, WeightedPicker are
 * reused from there). Pure: no I/O; unit-tested in test/unit/bench.
 */

/**
 * Gamma(shape k, scale θ) for any real k > 0, mean kθ (Marsaglia–Tsang; k < 1 via Gamma(k + 1)·U^(1/k)).
 * The demo's Rng.gamma takes whole shapes only; customer purchase rates need small ones (0.2–0.5: most
 * customers buy once or twice, a long tail of regulars).
 */
export function gamma(rng: Rng, shape: number, scale = 1): number {
  if (!(shape > 0) || !(scale > 0)) throw new Error(`gamma needs shape and scale > 0, got ${shape}, ${scale}`);
  if (shape < 1) return gamma(rng, shape + 1, scale) * Math.pow(1 - rng.float(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.float();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}

/** 1, 2, 3, … with mean `mean` ≥ 1 (geometric): basket sizes and quantities with a long tail. */
export function geometric(rng: Rng, mean: number): number {
  if (mean <= 1) return 1;
  return 1 + Math.floor(Math.log(1 - rng.float()) / Math.log(1 - 1 / mean));
}

/** Weights 1 / (i + 1)^s for ranks 0..n-1: Zipf popularity, rank 0 the best seller. */
export function zipfWeights(n: number, exponent: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 1 / Math.pow(i + 1, exponent);
  return w;
}

/** Draws a rank of 0..n-1 with Zipf(s) probabilities. */
export function zipfPicker(n: number, exponent: number): WeightedPicker {
  return new WeightedPicker(zipfWeights(n, exponent));
}
