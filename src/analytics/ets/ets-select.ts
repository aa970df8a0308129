/**
 * Automatic ETS model choice as R `forecast::ets(y)` with its defaults: fit every allowed combination
 * by maximum likelihood and keep the smallest AICc.
 *
 * Candidates (R's `restrict = TRUE`, `allow.multiplicative.trend = FALSE`): error A or M × trend N, A,
 * Ad × season N, A, M — minus additive error with a multiplicative season (numerically unstable), minus
 * every multiplicative component unless all values are > 0 — at most 15 models. Multiplicative trends
 * (M, Md) join when `allowMultiplicativeTrend` is set (then M error with M trend and A season is still excluded).
 *
 * Data rules:
 * - a season needs 2 ≤ m ≤ 24 (R's limit: the state vector grows with m) and n ≥ m + 2; longer cycles
 *   (weekly data with m = 52) are fitted without a season;
 * - a model needs n > k + 4 observations for its k estimated values; when even ETS(A,N,N) is too big
 *   (n ≤ 6) it is fitted anyway if n ≥ 3 (the smallest series that identifies a level and a variance);
 * - a constant series (all values equal) has no likelihood maximum (σ² → 0): it gets ETS(A,N,N) with
 *   α = 1e-4, level = the value, σ² = 0 and flat zero-width forecasts, `degenerate: 'constant'`.
 *
 * @module
 */
import { AppError } from '../../lib/errors.js';
import { fitEts, type EtsFit, type FitEtsOptions } from './ets-fit.js';
import { etsName, etsParameterCount, type EtsSeason, type EtsSpec, type EtsTrend } from './ets-types.js';

/** Options of {@link selectEts}. */
export interface SelectEtsOptions extends FitEtsOptions {
  /** Include multiplicative (and multiplicative damped) trends (default false, as R). */
  allowMultiplicativeTrend?: boolean;
  /** Restrict the search to these models, e.g. `[{ error: 'M', trend: 'A', damped: true, season: 'M' }]`. */
  only?: ReadonlyArray<Pick<EtsSpec, 'error' | 'trend' | 'damped' | 'season'>>;
}

/** Result of {@link selectEts}: the chosen fit and every candidate's AICc. */
export interface EtsSelection {
  best: EtsFit;
  candidates: Array<{ name: string; aicc: number; loglik: number }>;
  /** Set when the series allowed no likelihood fit (see module notes). */
  degenerate?: 'constant';
}

/** The candidate models for a series of n values, season length m, all positive or not. */
export function candidateModels(n: number, m: number, positive: boolean, allowMultiplicativeTrend = false): EtsSpec[] {
  const seasonOk = m >= 2 && m <= 24 && n >= m + 2;
  const seasons: EtsSeason[] = seasonOk ? ['N', 'A', 'M'] : ['N'];
  const trends: Array<[EtsTrend, boolean]> = [
    ['N', false],
    ['A', false],
    ['A', true],
  ];
  if (allowMultiplicativeTrend) trends.push(['M', false], ['M', true]);
  const out: EtsSpec[] = [];
  for (const error of ['A', 'M'] as const)
    for (const [trend, damped] of trends)
      for (const season of seasons) {
        if (error === 'A' && (season === 'M' || trend === 'M')) continue;
        if (error === 'M' && trend === 'M' && season === 'A') continue;
        if (!positive && (error === 'M' || trend === 'M' || season === 'M')) continue;
        const spec: EtsSpec = { error, trend, damped, season, m: season === 'N' ? 1 : m };
        out.push(spec);
      }
  return out;
}

/** Why one model cannot be fitted to a series (see {@link etsInadmissible}). */
export type EtsInadmissible =
  /** additive error with a multiplicative trend or season: excluded as numerically unstable (R's `restrict`) */
  | 'unstable'
  /** a multiplicative error, trend or season on a series with a value ≤ 0 */
  | 'not-positive'
  /** a season longer than 24 (or shorter than 2) periods */
  | 'season-length'
  /** a season with fewer than m + 2 values */
  | 'short-for-season'
  /** n ≤ k + 4 for the model's k estimated values */
  | 'short-for-parameters';

/**
 * Whether one model may be fitted to n values with season length m, by the rules {@link candidateModels}
 * and {@link selectEts} apply to every candidate (R `forecast::ets` with a given `model`), first failing
 * rule first; undefined when it may. `spec.m` is ignored: a seasonal model uses `m`.
 */
export function etsInadmissible(spec: Pick<EtsSpec, 'error' | 'trend' | 'damped' | 'season'>, n: number, m: number, positive: boolean): EtsInadmissible | undefined {
  if (spec.error === 'A' && (spec.trend === 'M' || spec.season === 'M')) return 'unstable';
  if (spec.error === 'M' && spec.trend === 'M' && spec.season === 'A') return 'unstable';
  if (!positive && (spec.error === 'M' || spec.trend === 'M' || spec.season === 'M')) return 'not-positive';
  if (spec.season !== 'N' && (m < 2 || m > 24)) return 'season-length';
  if (spec.season !== 'N' && n < m + 2) return 'short-for-season';
  if (n <= etsParameterCount({ ...spec, m: spec.season === 'N' ? 1 : m }) + 4) return 'short-for-parameters';
  return undefined;
}

/**
 * Fit the candidate models to `y` (m observations per season) and return the one with the smallest AICc.
 *
 * @throws AppError `USAGE` when y has fewer than 3 values or no candidate can be fitted; RangeError when a
 *   value is not a finite number (a caller bug: series come from SQL sums).
 */
export function selectEts(y: ArrayLike<number>, m: number, options: SelectEtsOptions = {}): EtsSelection {
  const n = y.length;
  if (n < 3) throw new AppError('USAGE', `A forecast needs at least 3 periods of history; this one has ${n}.`, { hint: 'Try a finer grain (`grain:week`) or a wider filter.' });
  let positive = true;
  let constant = true;
  for (let i = 0; i < n; i++) {
    const v = y[i] as number;
    if (!Number.isFinite(v)) throw new RangeError(`selectEts: value ${i + 1} of the series is not a finite number`);
    if (v <= 0) positive = false;
    if (v !== y[0]) constant = false;
  }
  if (constant) return constantFit(y);
  let specs = candidateModels(n, m, positive, options.allowMultiplicativeTrend);
  if (options.only) {
    const wanted = new Set(options.only.map((s) => etsName(s)));
    specs = specs.filter((s) => wanted.has(etsName(s)));
  }
  let usable = specs.filter((s) => n > etsParameterCount(s) + 4);
  if (usable.length === 0) usable = specs.filter((s) => s.trend === 'N' && s.season === 'N');
  let best: EtsFit | undefined;
  const candidates: EtsSelection['candidates'] = [];
  for (const spec of usable) {
    const fit = fitEts(y, spec, options);
    if (!fit) continue;
    candidates.push({ name: etsName(spec), aicc: fit.aicc, loglik: fit.loglik });
    if (!best || fit.aicc < best.aicc || (!Number.isFinite(best.aicc) && fit.loglik > best.loglik)) best = fit;
  }
  if (!best) throw new AppError('USAGE', 'No forecasting model could be fitted to this history.', { hint: 'Try a wider filter or `grain:month`.' });
  return { best, candidates };
}

function constantFit(y: ArrayLike<number>): EtsSelection {
  const n = y.length;
  const v = y[0] as number;
  const spec: EtsSpec = { error: 'A', trend: 'N', damped: false, season: 'N', m: 1 };
  const best: EtsFit = {
    spec,
    params: { alpha: 1e-4, beta: 0, gamma: 0, phi: 1 },
    initial: { level: v, trend: 0, season: [] },
    final: { level: v, trend: 0, season: [] },
    n,
    estimated: 2,
    // σ² = 0: the likelihood is unbounded; report it as +∞ so nothing outranks the exact fit
    loglik: Number.POSITIVE_INFINITY,
    aic: Number.NEGATIVE_INFINITY,
    aicc: Number.NEGATIVE_INFINITY,
    bic: Number.NEGATIVE_INFINITY,
    sigma2: 0,
    fitted: Array.from({ length: n }, () => v),
    residuals: Array.from({ length: n }, () => 0),
  };
  return { best, candidates: [{ name: etsName(spec), aicc: best.aicc, loglik: best.loglik }], degenerate: 'constant' };
}
