/**
 * Pearson and Spearman correlation of paired samples.
 *
 * Pairs where either value is not finite (NaN, ±∞) are dropped first; `n` is the number of pairs
 * used. A coefficient is `null` when n < 3 or either variable has zero variance.
 *
 * @module
 */

export interface Correlation {
  pearson: number | null;
  spearman: number | null;
  n: number;
}

function finitePairs(x: ArrayLike<number>, y: ArrayLike<number>): [Float64Array, Float64Array] {
  if (x.length !== y.length) throw new RangeError(`x and y differ in length (${x.length} vs ${y.length})`);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (Number.isFinite(a) && Number.isFinite(b)) {
      xs.push(a);
      ys.push(b);
    }
  }
  return [Float64Array.from(xs), Float64Array.from(ys)];
}

function pearsonOf(x: Float64Array, y: Float64Array): number | null {
  const n = x.length;
  if (n < 3) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/** Ranks 1..n, ties receiving the average of the ranks they span. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && values[order[j]!] === values[order[i]!]) j++;
    const rank = (i + 1 + j) / 2; // mean of ranks i+1 .. j
    for (let k = i; k < j; k++) ranks[order[k]!] = rank;
    i = j;
  }
  return ranks;
}

/** Pearson's r. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const [a, b] = finitePairs(x, y);
  return pearsonOf(a, b);
}

/** Spearman's ρ: Pearson's r of the average ranks (correct with ties). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const [a, b] = finitePairs(x, y);
  if (a.length < 3) return null;
  return pearsonOf(averageRanks(a), averageRanks(b));
}

/** Both coefficients and the number of pairs used. */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>): Correlation {
  const [a, b] = finitePairs(x, y);
  return {
    pearson: pearsonOf(a, b),
    spearman: a.length < 3 ? null : pearsonOf(averageRanks(a), averageRanks(b)),
    n: a.length,
  };
}
