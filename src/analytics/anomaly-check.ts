/**
 * Is the latest day (or week) of a metric anomalous? It is when its actual lies outside the 95 %
 * one-step-ahead prediction interval of an ETS model fitted on the history up to the period before.
 *
 * Two seasons, handled separately because the ETS engine takes one season of at most 24 periods:
 * - the weekly cycle (daily grain): the ETS season, m = the number of working days per week (SALES_WORKDAYS).
 *   The daily series holds working days only, so position mod m is the weekday; non-working days are never
 *   in the series and never checked;
 * - the yearly cycle (a November peak): a month-of-year index Iₘ (mean 1) from the classical
 *   multiplicative decomposition ({@link seasonalDecomposition}) of the monthly means of the history
 *   (mean value per period in each calendar month). The ETS model is fitted to the deseasonalised series
 *   aₜ = yₜ ÷ I(month of t) and its forecast is reseasonalised: expected = â × I(month of the checked period),
 *   bounds likewise. So a normal November peak is expected, not alerted. For weekly grain (m = 52 is beyond
 *   the engine) this index is the only season: weekly values, deseasonalised, fitted without an ETS season;
 *   a week belongs to the month of its Thursday (ISO rule). With under two years of history there is no
 *   index (all Iₘ = 1) and the first days of a seasonal peak can alert: the finding says so (`yearlySeason: false`).
 *
 * Alert rule: outside the interval AND beyond the series' own tail of one-step errors (1.5 × their 97.5 %
 * quantile on that side, see {@link alertThresholds}: a run checks ≈ 200 series, and small slices have long
 * tails) AND |actual − expected| ≥ {@link MIN_DEVIATION} × expected (materiality).
 *
 * Interval (one step ahead, h = 1, exact under the model's Gaussian innovations, so no simulation):
 * additive error â ± 1.96·σ; multiplicative error â·(1 ± 1.96·σ) with σ relative. The lower bound is
 * clamped at 0 (the metrics are sums, counts or a ratio of them). Units: those of the metric.
 *
 * Edge cases (no check, `undefined`): fewer than {@link MIN_HISTORY} periods of history (8 weeks of
 * working days daily, 26 weeks weekly); a sparse series (more than a quarter of the history periods are 0:
 * a small salesman's daily orders are mostly noise the Gaussian interval does not describe); a history
 * that is constant (no variance to judge by); a non-finite actual. Public holidays that fall on working
 * days are not known (there is no holiday calendar) and will alert as drops.
 *
 * @module
 */
import { seasonalDecomposition } from './seasonality.js';
import { dayNumber, ymdOf } from './calendar-day.js';
import { etsFilter, etsPointForecast } from './ets/ets-recursion.js';
import { selectEts } from './ets/ets-select.js';
import type { EtsFit } from './ets/ets-fit.js';
import { etsName, type EtsState } from './ets/ets-types.js';

export type AnomalyGrain = 'day' | 'week';

/** One period of a series: its first day `YYYY-MM-DD` and value. Daily series hold working days only. */
export interface AnomalyPoint {
  period: string;
  value: number;
}

/** Minimum history in periods, per grain and season length m. */
export const MIN_HISTORY = { day: (m: number): number => 8 * m, week: (): number => 26 } as const;
/** At most this many periods feed the ETS fit (the month index uses all history): bounds the fit time. */
export const MAX_FIT_PERIODS = { day: 520, week: 156 } as const;
/** More than this share of zero periods makes a series too sparse to check. */
const MAX_ZERO_SHARE = 0.25;
const Z95 = 1.959963984540054;
/**
 * A 95 % interval is, by definition, left by about 1 normal day in 20: alone it would alert every few
 * weeks per series on nothing (measured: precision 0.66 on the planted test series). An alert also needs
 * the actual at least this far from the expected value, relative: on a noisy series (a single salesman)
 * the interval is wider than this and decides; on a smooth one (the overall total) this floor decides.
 */
export const MIN_DEVIATION = 0.25;
/** One-sided quantile of the history's one-step errors that measures a side's tail (see {@link alertThresholds}). */
const TAIL_QUANTILE = 0.975;
/** An actual alerts beyond this multiple of that quantile. */
const TAIL_FACTOR = 1.5;
/** …and at least this many σ from the forecast. */
const MIN_ALERT_SIGMAS = Z95;
/** Residuals beyond this many σ are outliers, cleaned from the history (a common control-chart limit; R `tsoutliers` likewise flags far-out residuals of a fitted model). */
const OUTLIER_SIGMAS = 3;

/** A fitted model, reusable for the next periods (state updated with fixed parameters). */
export interface AnomalyModel {
  grain: AnomalyGrain;
  /** Month-of-year index Jan..Dec (mean 1); all 1 without two years of history. */
  monthIndex: number[];
  yearlySeason: boolean;
  /** The selected model; `sigma2` re-estimated on the cleaned history (see {@link fitAnomalyModel}). */
  fit: EtsFit;
  /** State after the last history period the model has seen (cleaned). */
  state: EtsState;
  /** Number of history periods the state has seen. */
  through: number;
  /**
   * Alert thresholds on the one-step error (series units, or relative with multiplicative error): how far
   * below / above the forecast an actual must fall to alert (see {@link alertThresholds}).
   */
  alertBelow: number;
  alertAbove: number;
}

/** An anomalous period. */
export interface AnomalyFinding {
  metric: string;
  period: string;
  actual: number;
  expected: number;
  lower: number;
  upper: number;
  direction: 'above' | 'below';
  /** (actual − expected) ÷ expected, null when expected is 0. */
  deviation: number | null;
  /** The ETS model, e.g. `ETS(M,N,A)`. */
  model: string;
  yearlySeason: boolean;
}

/** The month (1–12) a period belongs to: its day, or a week's Thursday. */
export function periodMonth(period: string, grain: AnomalyGrain): number {
  return ymdOf(dayNumber(period) + (grain === 'week' ? 3 : 0)).month;
}

/**
 * Month-of-year index from a history: monthly means of the period values (so months with more working days
 * do not look bigger), decomposed multiplicatively. `undefined` under 24 months or with a non-positive month.
 */
export function monthOfYearIndex(history: readonly AnomalyPoint[], grain: AnomalyGrain): number[] | undefined {
  if (history.length === 0) return undefined;
  const months: { month: string; sum: number; sq: number; n: number }[] = [];
  for (const p of history) {
    const d = ymdOf(dayNumber(p.period) + (grain === 'week' ? 3 : 0));
    const key = `${d.year}-${String(d.month).padStart(2, '0')}`;
    const last = months[months.length - 1];
    if (last && last.month === key) {
      last.sum += p.value;
      last.sq += p.value * p.value;
      last.n++;
    } else months.push({ month: key, sum: p.value, sq: p.value * p.value, n: 1 });
  }
  // A partial first or last month would bias its mean (a month ending before its peak days); drop it.
  // First: partial when the history starts after the month's first week. Last: partial when a period
  // 4 days (daily: a weekend and a day) or a week after the last one is still in the same month.
  const firstDay = ymdOf(dayNumber(history[0]!.period) + (grain === 'week' ? 3 : 0)).day;
  const lastNo = dayNumber(history[history.length - 1]!.period) + (grain === 'week' ? 3 : 0);
  const lastPartial = ymdOf(lastNo + (grain === 'week' ? 7 : 4)).month === ymdOf(lastNo).month;
  const full = months.slice(firstDay > 7 ? 1 : 0, lastPartial ? -1 : undefined);
  if (full.length === 0) return undefined;
  const result = seasonalDecomposition(
    full.map((m) => m.sum / m.n),
    full[0]!.month,
  );
  return result.status === 'ok' ? shrunkIndex(result.seasonalIndex, full) : undefined;
}

/**
 * The month index shrunk toward 1 by how much of its spread the noise explains (James–Stein):
 * Iₘ' = 1 + w·(Iₘ − 1), w = max(0, 1 − v̂ ÷ s²), s² = Σ(Iₘ − 1)² ÷ 11 the index's spread, v̂ the variance
 * one index would have from noise alone: the within-month relative variance of the period values
 * (pooled: Σ(y − ȳₘ)² ÷ ȳₘ² over Σ(nₘ − 1)), divided by the periods per month and by the ratios per
 * calendar month (the centred 12-month trend leaves n − 12 of them, about one each with two years).
 *
 * Why: with two years of history each month's index rests on one month's ratio to the trend. On the
 * overall series (≈ 20 working days a month) that is precise; on a small slice's weekly series (four
 * weeks of a handful of orders) it is mostly noise — measured on the demo's DACH region: August 0.14,
 * December 1.68, against a true pattern within ±0.3 — and a noise index divides some weeks by 0.14
 * (huge errors that widen every bound) and multiplies the checked week's forecast by noise.
 */
function shrunkIndex(index: number[], full: readonly { sum: number; sq: number; n: number }[]): number[] {
  let within = 0;
  let dof = 0;
  let periods = 0;
  for (const m of full) {
    const mean = m.sum / m.n;
    periods += m.n;
    if (m.n < 2 || mean <= 0) continue;
    within += Math.max(m.sq - m.n * mean * mean, 0) / (mean * mean);
    dof += m.n - 1;
  }
  if (dof === 0) return index;
  const ratiosPerMonth = Math.max(1, (full.length - 12) / 12);
  const noise = within / dof / (periods / full.length) / ratiosPerMonth;
  const spread = index.reduce((s, i) => s + (i - 1) * (i - 1), 0) / 11;
  const w = spread > 0 ? Math.max(0, 1 - noise / spread) : 0;
  return index.map((i) => 1 + w * (i - 1));
}

/** Options of {@link fitAnomalyModel} and {@link checkAnomaly}. */
export interface AnomalyOptions {
  grain: AnomalyGrain;
  /** Working days per week (daily grain's ETS season); ignored weekly. */
  seasonLength: number;
  /** Materiality floor: |actual − expected| ÷ expected must also reach this (default {@link MIN_DEVIATION}). */
  minDeviation?: number;
}

/**
 * Fit the model on `history` (oldest first). `undefined` when the history is too short, sparse or constant.
 * Cost: one automatic ETS selection on ≤ {@link MAX_FIT_PERIODS} values.
 */
export function fitAnomalyModel(history: readonly AnomalyPoint[], o: AnomalyOptions): AnomalyModel | undefined {
  const n = history.length;
  const m = o.grain === 'day' ? o.seasonLength : 1;
  if (n < (o.grain === 'day' ? MIN_HISTORY.day(m) : MIN_HISTORY.week())) return undefined;
  const start = Math.max(0, n - MAX_FIT_PERIODS[o.grain]);
  let zeros = 0;
  let constant = true;
  for (let i = start; i < n; i++) {
    const v = history[i]!.value;
    if (!Number.isFinite(v)) return undefined;
    if (v === 0) zeros++;
    if (v !== history[start]!.value) constant = false;
  }
  if (constant || zeros > MAX_ZERO_SHARE * (n - start)) return undefined;
  const index = monthOfYearIndex(history, o.grain);
  const monthIndex = index ?? new Array<number>(12).fill(1);
  const adjusted = deseasonalise(history, start, n, monthIndex, o.grain);
  const selection = selectEts(adjusted, m >= 2 ? m : 1);
  if (selection.degenerate) return undefined;
  const fit = cleanedFit(selection.best, adjusted);
  const { below, above } = alertThresholds(selection.best.residuals, Math.sqrt(Math.max(fit.sigma2, 0)));
  return { grain: o.grain, monthIndex, yearlySeason: index !== undefined, fit, state: fit.final, through: n, alertBelow: below, alertAbove: above };
}

/**
 * How far from the forecast an actual must be to alert, per side, from the model's own one-step errors on
 * the history (before cleaning): {@link TAIL_FACTOR} × the {@link TAIL_QUANTILE} quantile of the errors on
 * that side, and at least {@link MIN_ALERT_SIGMAS}·σ.
 *
 * Why: a run checks about 4 metrics × every region, category and salesman, ≈ 150–200 series a week; a
 * 95 % band alone alerts about 1 in 20 of them on nothing (measured on the demo: 8 false alerts a normal
 * week). And small slices are not Gaussian: a salesman's week is a handful of orders of very unequal size,
 * so his revenue and average basket have a long upper tail (one big order triples a week, every few
 * months) and his order counts are small integers. The empirical quantile measures the tail the Gaussian σ
 * misses, per side (a drop is bounded by zero, a spike is not); the 97.5 % quantile of up to 156 weekly
 * errors rests on about 4 values, and past anomalies (a few per cent of the history) barely move it,
 * unlike the largest error. For Gaussian errors the bound is 1.5 × 1.96σ ≈ 2.9σ (two-sided 0.3 %).
 */
function alertThresholds(residuals: readonly number[], sigma: number): { below: number; above: number } {
  const finite = residuals.filter((e) => Number.isFinite(e));
  const up = finite.filter((e) => e > 0).sort((a, b) => a - b);
  const down = finite.filter((e) => e < 0).map((e) => -e).sort((a, b) => a - b);
  // The side's quantile among all errors: the (1 − q)·n largest of that side.
  const tail = (side: number[]): number => {
    const k = Math.ceil((1 - TAIL_QUANTILE) * finite.length);
    return side.length >= k && k > 0 ? side[side.length - k]! : 0;
  };
  const floor = MIN_ALERT_SIGMAS * sigma;
  return { below: Math.max(floor, TAIL_FACTOR * tail(down)), above: Math.max(floor, TAIL_FACTOR * tail(up)) };
}

/**
 * Past anomalies must not teach the model: as R's `forecast::tsclean`, periods whose one-step residual is
 * beyond {@link OUTLIER_SIGMAS}·σ are replaced by their one-step forecast, the state re-run through the
 * cleaned history with the fitted parameters (no second optimisation: that would double the fit time) and
 * σ² re-estimated from the cleaned residuals. Without this a spike drags the level up for the following
 * days and inflates σ, so the day after a spike alerts and the next real anomaly hides.
 */
function cleanedFit(fit: EtsFit, y: Float64Array): EtsFit {
  const limit = OUTLIER_SIGMAS * Math.sqrt(fit.sigma2);
  let replaced = 0;
  const cleaned = Float64Array.from(y);
  for (let t = 0; t < fit.n; t++)
    if (Math.abs(fit.residuals[t]!) > limit) {
      cleaned[t] = fit.fitted[t]!;
      replaced++;
    }
  if (replaced === 0) return fit;
  const residuals = new Float64Array(fit.n);
  const run = etsFilter(cleaned, fit.spec, fit.params, fit.initial, { ring: new Float64Array(Math.max(fit.spec.m, 1)), residuals });
  if (!Number.isFinite(run.sse)) return fit;
  return { ...fit, final: run.final, sigma2: run.sse / Math.max(fit.n - fit.estimated, 1) };
}

/**
 * The 95 % interval for the period after `history`, from `model` fitted on a prefix of it: the model's
 * state is brought up to the end of `history` with its fitted parameters (no refit; outliers cleaned), so a job can fit once
 * and check several following days. With `model` fitted on exactly `history`, this is the plain forecast.
 */
export function expectedNext(
  model: AnomalyModel,
  history: readonly AnomalyPoint[],
  period: string,
): { expected: number; lower: number; upper: number; alertLower: number; alertUpper: number } {
  const { fit } = model;
  const sigma = Math.sqrt(Math.max(fit.sigma2, 0));
  let state = model.state;
  // Periods after the fit: one step at a time from the fitted state, outliers cleaned as in the fit.
  for (let i = model.through; i < history.length; i++) {
    const p = history[i]!;
    let y = p.value / model.monthIndex[periodMonth(p.period, model.grain) - 1]!;
    const f = etsPointForecast(fit.spec, fit.params, state, 1)[0]!;
    const e = fit.spec.error === 'M' ? (y - f) / f : y - f;
    if (!(Math.abs(e) <= OUTLIER_SIGMAS * sigma)) y = f;
    state = etsFilter([y], fit.spec, fit.params, state).final;
  }
  const point = etsPointForecast(fit.spec, fit.params, state, 1)[0]!;
  const half = fit.spec.error === 'M' ? Math.abs(point) * Z95 * sigma : Z95 * sigma;
  const factor = model.monthIndex[periodMonth(period, model.grain) - 1]!;
  const scale = fit.spec.error === 'M' ? Math.abs(point) : 1;
  return {
    expected: Math.max(point * factor, 0),
    lower: Math.max((point - half) * factor, 0),
    upper: Math.max((point + half) * factor, 0),
    alertLower: (point - scale * model.alertBelow) * factor,
    alertUpper: (point + scale * model.alertAbove) * factor,
  };
}

/**
 * Check `actual` of `period` against the model of `history` (the periods before it, oldest first).
 * Pass `model` to reuse a fit made on an earlier prefix of `history` (see {@link expectedNext}); without it
 * the model is fitted on `history` here. Returns the finding when outside the interval, else `undefined`
 * (also when the history allows no check, see the module notes).
 */
export function checkAnomaly(
  input: { metric: string; history: readonly AnomalyPoint[]; period: string; actual: number; model?: AnomalyModel },
  o: AnomalyOptions,
): AnomalyFinding | undefined {
  if (!Number.isFinite(input.actual)) return undefined;
  const model = input.model ?? fitAnomalyModel(input.history, o);
  if (!model) return undefined;
  const { expected, lower, upper, alertLower, alertUpper } = expectedNext(model, input.history, input.period);
  if (input.actual >= lower && input.actual <= upper) return undefined;
  if (input.actual >= alertLower && input.actual <= alertUpper) return undefined;
  if (expected > 0 && Math.abs(input.actual - expected) < (o.minDeviation ?? MIN_DEVIATION) * expected) return undefined;
  return {
    metric: input.metric,
    period: input.period,
    actual: input.actual,
    expected,
    lower,
    upper,
    direction: input.actual > upper ? 'above' : 'below',
    deviation: expected === 0 ? null : (input.actual - expected) / expected,
    model: etsName(model.fit.spec),
    yearlySeason: model.yearlySeason,
  };
}

function deseasonalise(history: readonly AnomalyPoint[], from: number, to: number, index: readonly number[], grain: AnomalyGrain): Float64Array {
  const out = new Float64Array(to - from);
  for (let i = from; i < to; i++) {
    const p = history[i]!;
    out[i - from] = p.value / index[periodMonth(p.period, grain) - 1]!;
  }
  return out;
}
