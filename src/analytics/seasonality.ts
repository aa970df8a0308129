/**
 * Monthly seasonality by classical multiplicative decomposition, identical to R's
 * `decompose(ts(x, frequency = 12, start = …), type = "multiplicative")`.
 *
 * @module
 */

/** Month names used in results, index 0 = January. */
export const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** Minimum series length: two full years. */
export const MIN_MONTHS = 24;

/** Options of {@link seasonalDecomposition}. */
export interface SeasonalityOptions {
  /** A calendar month is a peak when its index exceeds this (default 1.05, i.e. ≥ 5 % above a typical month). */
  peakThreshold?: number;
}

/** One month of the decomposition: value = trend × seasonal × remainder. */
export interface DecomposedMonth {
  /** `YYYY-MM`. */
  month: string;
  value: number;
  /** Centred 2×12 moving average; null for the first and last 6 months. */
  trend: number | null;
  /** Seasonal index of that calendar month. */
  seasonal: number;
  /** value / (trend × seasonal); null where the trend is null. */
  remainder: number | null;
}

/** Result of {@link seasonalDecomposition}. */
export type SeasonalityResult =
  | {
      status: 'ok';
      /** Per-month decomposition, in series order. */
      months: DecomposedMonth[];
      /** Seasonal index per calendar month, Jan..Dec (mean 1), whatever the start month. */
      seasonalIndex: number[];
      /** Calendar months (1 = Jan) with index > peakThreshold, highest index first; may be empty. */
      peakMonths: number[];
      /** Calendar month (1 = Jan) with the highest index (always set, even when not a clear peak). */
      strongestMonth: number;
      /** F_S = max(0, 1 − Var(ln R)/Var(ln S + ln R)) over months with a trend; in [0, 1]. */
      strength: number;
      peakThreshold: number;
    }
  | {
      status: 'insufficient';
      /** Months supplied. */
      monthsAvailable: number;
      monthsRequired: number;
      message: string;
    }
  | {
      status: 'non-positive';
      /** `YYYY-MM` of the months whose value is ≤ 0 or not finite. */
      nonPositiveMonths: string[];
      message: string;
    };

function parseStart(start: string): { year: number; month0: number } {
  const m = /^(\d{4})-(\d{2})$/.exec(start);
  const month = m ? Number(m[2]) : 0;
  if (!m || month < 1 || month > 12) throw new RangeError(`seasonality: start month must be YYYY-MM, got "${start}"`);
  return { year: Number(m[1]), month0: month - 1 };
}

function label(year: number, month0: number, offset: number): string {
  const t = year * 12 + month0 + offset;
  const y = Math.floor(t / 12);
  return `${String(y).padStart(4, '0')}-${String((t % 12) + 1).padStart(2, '0')}`;
}

function variance(a: number[]): number {
  const n = a.length;
  if (n < 2) return Number.NaN;
  let mean = 0;
  for (const v of a) mean += v;
  mean /= n;
  let s = 0;
  for (const v of a) s += (v - mean) * (v - mean);
  return s / (n - 1);
}

/**
 * Classical multiplicative decomposition of a monthly series of complete months (e.g. revenue).
 *
 * With values y_t (t = 0..n−1, month of t = start + t):
 * - trend T_t = (½y_{t−6} + y_{t−5} + … + y_{t+5} + ½y_{t+6}) / 12 for 6 ≤ t ≤ n−7 (centred 2×12 MA);
 * - detrended ratio y_t / T_t; raw index of a calendar month = mean of its ratios; indices are divided
 *   by their mean so they average 1 (R: `figure / mean(figure)`);
 * - remainder R_t = y_t / (S_t · T_t);
 * - strength F_S = max(0, 1 − Var(ln R_t) / Var(ln S_t + ln R_t)) over t with a trend (sample variances);
 * - peaks: calendar months with index > `peakThreshold` (default 1.05), highest first.
 *
 * Edge cases: fewer than 24 values → `{ status: 'insufficient' }`; any value ≤ 0 or not finite →
 * `{ status: 'non-positive', nonPositiveMonths }` — a multiplicative model needs positive values (a month with no
 * revenue has no meaningful ratio); the caller may report it as is or decompose a longer/aggregated series.
 * The caller must drop the current incomplete month. Throws RangeError on a malformed `start`.
 *
 * @param values monthly values in time order
 * @param start month of `values[0]`, `YYYY-MM`
 */
export function seasonalDecomposition(
  values: ArrayLike<number>,
  start: string,
  options: SeasonalityOptions = {},
): SeasonalityResult {
  const { year, month0 } = parseStart(start);
  const n = values.length;
  const peakThreshold = options.peakThreshold ?? 1.05;
  if (n < MIN_MONTHS) {
    return {
      status: 'insufficient',
      monthsAvailable: n,
      monthsRequired: MIN_MONTHS,
      message: `Seasonality needs at least ${MIN_MONTHS} complete months of history; only ${n} available.`,
    };
  }
  const bad: string[] = [];
  for (let t = 0; t < n; t++) {
    const v = values[t] as number;
    if (!(v > 0 && Number.isFinite(v))) bad.push(label(year, month0, t));
  }
  if (bad.length > 0) {
    return {
      status: 'non-positive',
      nonPositiveMonths: bad,
      message: `Multiplicative seasonality needs positive values; ${bad.length} month(s) are zero, negative or missing: ${bad.join(', ')}.`,
    };
  }
  const y = (t: number): number => values[t] as number;
  const trend: (number | null)[] = new Array<number | null>(n).fill(null);
  for (let t = 6; t <= n - 7; t++) {
    let s = 0.5 * (y(t - 6) + y(t + 6));
    for (let j = -5; j <= 5; j++) s += y(t + j);
    trend[t] = s / 12;
  }
  // raw index per position k = t mod 12 (relative to the start), mean of available ratios
  const sum = new Float64Array(12);
  const cnt = new Float64Array(12);
  for (let t = 0; t < n; t++) {
    const tr = trend[t];
    if (tr === null || tr === undefined) continue;
    const k = t % 12;
    sum[k] = (sum[k] as number) + y(t) / tr;
    cnt[k] = (cnt[k] as number) + 1;
  }
  const figure = Array.from(sum, (s, k) => s / (cnt[k] as number));
  const meanFigure = figure.reduce((p, q) => p + q, 0) / 12;
  const byPosition = figure.map((f) => f / meanFigure);
  const seasonalIndex = new Array<number>(12).fill(0);
  for (let k = 0; k < 12; k++) seasonalIndex[(month0 + k) % 12] = byPosition[k] as number;

  const months: DecomposedMonth[] = [];
  const logR: number[] = [];
  const logSR: number[] = [];
  for (let t = 0; t < n; t++) {
    const s = byPosition[t % 12] as number;
    const tr = trend[t] ?? null;
    const rem = tr === null ? null : y(t) / (s * tr);
    if (rem !== null) {
      logR.push(Math.log(rem));
      logSR.push(Math.log(s) + Math.log(rem));
    }
    months.push({ month: label(year, month0, t), value: y(t), trend: tr, seasonal: s, remainder: rem });
  }
  const vSR = variance(logSR);
  const strength = vSR > 0 ? Math.max(0, 1 - variance(logR) / vSR) : 0;
  const order = seasonalIndex.map((v, i) => ({ v, m: i + 1 })).sort((p, q) => q.v - p.v || p.m - q.m);
  return {
    status: 'ok',
    months,
    seasonalIndex,
    peakMonths: order.filter((o) => o.v > peakThreshold).map((o) => o.m),
    strongestMonth: (order[0] as { m: number }).m,
    strength,
    peakThreshold,
  };
}
