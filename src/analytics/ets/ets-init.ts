/**
 * Starting values for the ETS maximum-likelihood search, following R `forecast`'s `initstate` and
 * `initparam` heuristics so the search starts where R's does:
 *
 * - Season (when the model has one): classical decomposition (centred 2×m moving average, seasonal
 *   figure = mean detrended value per position, centred to sum 0 or m) when n ≥ 3m; with fewer
 *   observations a regression on a linear trend plus one Fourier pair. The m − 1 newest seasonal
 *   states are s₀ = figure of position m, s₁ = position m − 1, …; multiplicative indices are floored at 0.01.
 * - Level and slope: least-squares line through the first max(10, 2m) (at most n) seasonally adjusted
 *   values: ℓ₀ = intercept, b₀ = slope (additive trend); for a multiplicative trend ℓ₀ and b₀ come from
 *   the ratio of the line's first two fitted values. Without a trend ℓ₀ is their mean.
 * - Parameters (R's fractions of the usual bounds): α = 1e-4 + 0.2·(0.9999 − 1e-4)/m,
 *   β = 1e-4 + 0.1·(0.9999 − 1e-4) (or α − 0.001 when that exceeds α), γ = 1e-4 + 0.05·(0.9999 − 1e-4)
 *   (or 0.95·(1 − α) when that exceeds 1 − α), φ = 0.8 + 0.99·0.18.
 *
 * @module
 */
import type { EtsParams, EtsSpec, EtsState } from './ets-types.js';
import { USUAL_BOUNDS } from './ets-bounds.js';

/**
 * Initial state ℓ₀, b₀ and the m seasonal states (newest first, normalised to sum 0 for an additive
 * season and m for a multiplicative one — the m-th is implied by the other m − 1, as in R).
 *
 * Edge cases: needs n ≥ 2 without a season and n ≥ m + 2 with one (the caller checks); a seasonal
 * figure that is NaN because a position never has a detrended value falls back to 0 / 1.
 */
export function initialState(y: ArrayLike<number>, spec: EtsSpec): EtsState {
  const n = y.length;
  const m = spec.season !== 'N' ? spec.m : 1;
  let seasonNewestFirst: number[] = [];
  let adjusted: number[] = Array.from({ length: n }, (_, i) => y[i] as number);
  if (spec.season !== 'N') {
    const mult = spec.season === 'M';
    const seasonal = n >= 3 * m ? decomposeSeasonal(y, m, mult) : fourierSeasonal(y, m, mult);
    let init = [] as number[];
    for (let k = m - 1; k >= 1; k--) init.push(seasonal[k] as number); // rev(seasonal[2:m])
    if (mult) {
      init = init.map((v) => Math.max(v, 1e-2));
      const sum = init.reduce((a, v) => a + v, 0);
      if (sum > m) init = init.map((v) => v / (sum + 1e-2 * init.length));
      adjusted = adjusted.map((v, i) => v / Math.max(seasonal[i] as number, 1e-2));
    } else {
      adjusted = adjusted.map((v, i) => v - (seasonal[i] as number));
    }
    const last = mult ? m - init.reduce((a, v) => a + v, 0) : -init.reduce((a, v) => a + v, 0);
    seasonNewestFirst = [...init, last];
  }
  const maxn = Math.min(Math.max(10, 2 * m), n);
  let level: number;
  let trend = 0;
  if (spec.trend === 'N') {
    let s = 0;
    for (let i = 0; i < maxn; i++) s += adjusted[i] as number;
    level = s / maxn;
  } else {
    const [a, b] = lineFit(adjusted, maxn);
    if (spec.trend === 'A') {
      level = a;
      trend = b;
      // with multiplicative error ℓ₀ + b₀ = 0 would make the first forecast 0
      if (Math.abs(level + trend) < 1e-8) {
        level *= 1 + 1e-3;
        trend *= 1 + 1e-3;
      }
    } else {
      let first = a + b;
      if (Math.abs(first) < 1e-8) first = 1e-7;
      trend = (a + 2 * b) / first;
      level = first / trend;
      if (Math.abs(trend) > 1e10) trend = Math.sign(trend) * 1e10;
      if (level < 1e-8 || trend < 1e-8) {
        level = Math.max(adjusted[0] as number, 1e-3);
        trend = Math.max((adjusted[1] as number) / (adjusted[0] as number), 1e-3);
      }
    }
  }
  return { level, trend, season: seasonNewestFirst };
}

/** R `initparam` starting values inside the usual bounds. */
export function initialParams(spec: EtsSpec): EtsParams {
  const { lower, upper } = USUAL_BOUNDS;
  const m = spec.season !== 'N' ? spec.m : 1;
  let alpha = lower.alpha + (0.2 * (upper.alpha - lower.alpha)) / m;
  if (alpha > 1 || alpha < 0) alpha = lower.alpha + 2e-3;
  let beta = 0;
  if (spec.trend !== 'N') {
    beta = lower.beta + 0.1 * (upper.beta - lower.beta);
    if (beta < 0 || beta > alpha) beta = alpha - 1e-3;
  }
  let gamma = 0;
  if (spec.season !== 'N') {
    gamma = lower.gamma + 0.05 * (upper.gamma - lower.gamma);
    if (gamma < 0 || gamma > 1 - alpha) gamma = 0.95 * (1 - alpha);
  }
  const phi = spec.trend !== 'N' && spec.damped ? lower.phi + 0.99 * (upper.phi - lower.phi) : 1;
  return { alpha, beta, gamma, phi };
}

/** Least-squares line through (1, v₀) … (k, vₖ₋₁): [intercept, slope]. */
function lineFit(v: readonly number[], k: number): [number, number] {
  if (k < 2) return [v[0] as number, 0];
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < k; i++) {
    const x = i + 1;
    const yv = v[i] as number;
    sx += x;
    sy += yv;
    sxx += x * x;
    sxy += x * yv;
  }
  const slope = (k * sxy - sx * sy) / (k * sxx - sx * sx);
  return [(sy - slope * sx) / k, slope];
}

/**
 * Seasonal component of R's `decompose` (classical): centred moving average of order m (2×m for even m),
 * detrended values per position averaged over the cycles that have them, centred; repeated over n.
 */
function decomposeSeasonal(y: ArrayLike<number>, m: number, mult: boolean): number[] {
  const n = y.length;
  const half = Math.floor(m / 2);
  const even = m % 2 === 0;
  const sums = new Float64Array(m);
  const counts = new Float64Array(m);
  for (let t = half; t < n - half; t++) {
    let s = 0;
    for (let k = -half; k <= half; k++) {
      const w = even && Math.abs(k) === half ? 0.5 : 1;
      s += w * (y[t + k] as number);
    }
    const trend = s / m;
    const v = y[t] as number;
    sums[t % m] = (sums[t % m] as number) + (mult ? v / trend : v - trend);
    counts[t % m] = (counts[t % m] as number) + 1;
  }
  const figure = Array.from({ length: m }, (_, i) => ((counts[i] as number) > 0 ? (sums[i] as number) / (counts[i] as number) : mult ? 1 : 0));
  const mean = figure.reduce((a, v) => a + v, 0) / m;
  const centred = figure.map((v) => (mult ? v / mean : v - mean));
  return Array.from({ length: n }, (_, t) => centred[t % m] as number);
}

/**
 * Short-series seasonal start (R: `tslm(y ~ trend + fourier(y, 1))`): fit a + b·t + c·sin(2πt/m) +
 * d·cos(2πt/m), then the season is y − (a + b·t) or y / (a + b·t).
 */
function fourierSeasonal(y: ArrayLike<number>, m: number, mult: boolean): number[] {
  const n = y.length;
  const cols = m === 2 ? 3 : 4; // with m = 2 the sine column is identically zero
  const xtx = Array.from({ length: cols }, () => new Float64Array(cols));
  const xty = new Float64Array(cols);
  const row = (t: number): number[] => {
    const r = [1, t, Math.cos((2 * Math.PI * t) / m)];
    if (cols === 4) r.push(Math.sin((2 * Math.PI * t) / m));
    return r;
  };
  for (let i = 0; i < n; i++) {
    const r = row(i + 1);
    for (let a = 0; a < cols; a++) {
      xty[a] = (xty[a] as number) + (r[a] as number) * (y[i] as number);
      for (let b = 0; b < cols; b++) (xtx[a] as Float64Array)[b] = ((xtx[a] as Float64Array)[b] as number) + (r[a] as number) * (r[b] as number);
    }
  }
  const coef = solve(xtx, xty);
  const a = coef[0] ?? 0;
  const b = coef[1] ?? 0;
  return Array.from({ length: n }, (_, i) => {
    const base = a + b * (i + 1);
    return mult ? (y[i] as number) / base : (y[i] as number) - base;
  });
}

/** Gaussian elimination with partial pivoting for the tiny normal equations above (≤ 4 unknowns). */
function solve(a: Float64Array[], b: Float64Array): number[] {
  const k = b.length;
  const m = a.map((r, i) => [...r, b[i] as number]);
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs((m[r] as number[])[c] as number) > Math.abs((m[piv] as number[])[c] as number)) piv = r;
    [m[c], m[piv]] = [m[piv] as number[], m[c] as number[]];
    const pr = m[c] as number[];
    const d = pr[c] as number;
    if (Math.abs(d) < 1e-300) continue;
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const rr = m[r] as number[];
      const f = (rr[c] as number) / d;
      for (let j = c; j <= k; j++) rr[j] = (rr[j] as number) - f * (pr[j] as number);
    }
  }
  return m.map((r, i) => ((r[i] as number) !== 0 ? (r[k] as number) / (r[i] as number) : 0));
}
