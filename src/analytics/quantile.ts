/**
 * Sample quantiles with linear interpolation — R's `quantile(type = 7)` (the R and NumPy default).
 *
 * @module
 */

/**
 * R type-7 quantile of an ascending-sorted sample.
 *
 * With n values x₍₁₎ ≤ … ≤ x₍ₙ₎ (1-based) and h = (n − 1)·p + 1:
 * Q(p) = x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋+1₎ − x₍⌊h⌋₎).
 * Q(0) is the minimum, Q(1) the maximum, Q(0.5) the usual median.
 *
 * Edge cases: `sorted` must already be ascending (not checked, for speed); an empty sample gives `NaN`;
 * a single value is returned for every p; `p` is clamped to [0, 1] and a NaN `p` gives `NaN`.
 *
 * @param sorted ascending-sorted values (plain array or typed array)
 * @param p probability in [0, 1]
 * @returns the interpolated quantile, in the units of the data
 */
export function quantileType7(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0 || Number.isNaN(p)) return Number.NaN;
  const pp = p < 0 ? 0 : p > 1 ? 1 : p;
  const h = (n - 1) * pp; // 0-based position
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const xlo = sorted[lo] as number;
  const xhi = sorted[hi] as number;
  const frac = h - lo;
  return frac === 0 ? xlo : xlo + frac * (xhi - xlo);
}

/**
 * Median of an ascending-sorted sample (type-7 quantile at p = 0.5: the mean of the two middle values
 * when n is even). Empty input gives `NaN`.
 */
export function medianSorted(sorted: ArrayLike<number>): number {
  return quantileType7(sorted, 0.5);
}

/**
 * Ascending copy of the values as a Float64Array (numeric sort; NaN values are dropped).
 * Convenience for callers that hold unsorted data.
 */
export function sortedAscending(values: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) out.push(v);
  }
  const arr = Float64Array.from(out);
  arr.sort();
  return arr;
}
