/**
 * Mean, population standard deviation and coefficient of variation (two-pass, numerically stable).
 *
 * @module
 */

export interface Dispersion {
  n: number;
  mean: number;
  /** Population standard deviation √(Σ(x − mean)²/n). */
  std: number;
  /** std / mean; `null` when n = 0 or mean ≤ 0 (a CV is only meaningful for a positive mean). */
  cv: number | null;
}

/**
 * Dispersion of `values` padded with `zeros` extra zero observations (so sparse daily/weekly data
 * need not be densified). n = 0 → mean 0, std 0, cv null.
 */
export function dispersion(values: ArrayLike<number>, zeros = 0): Dispersion {
  const n = values.length + zeros;
  if (n === 0) return { n: 0, mean: 0, std: 0, cv: null };
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const mean = sum / n;
  let ss = zeros * mean * mean;
  for (let i = 0; i < values.length; i++) {
    const d = values[i]! - mean;
    ss += d * d;
  }
  const std = Math.sqrt(ss / n);
  return { n, mean, std, cv: mean > 0 ? std / mean : null };
}
