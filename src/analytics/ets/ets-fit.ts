/**
 * Maximum-likelihood fit of one ETS model: smoothing parameters and initial states (ℓ₀, b₀ and m − 1
 * seasonal states; the m-th makes them sum to 0 or m) minimise R's criterion n·log(Σe²) + 2·Σlog|ŷ|
 * subject to R's default constraints (usual bounds and admissible region, {@link parametersAllowed}).
 *
 * Search: Nelder–Mead ({@link simplexMinimize}, an allocation-free copy of ../optimize.ts's) from R's starting values
 * ({@link initialState}, {@link initialParams}). Smoothing parameters are searched as fractions of their
 * usual ranges (β within [1e-4, α], γ within [1e-4, 1 − α]) clamped to [0, 1], so the simplex never
 * steps outside them and only the admissibility check can reject a point; states are searched in units of
 * a tenth of the series' mean level (additive) or of 0.1 (ratios), so one simplex step size suits every
 * coordinate. For models with at most 10 searched values a second start from a larger α (0.5) is scouted
 * too — smoothing likelihoods are often bimodal in α — and the more promising start is searched to
 * convergence (R's relative tolerance 1e-8 on the criterion), with up to two simplex restarts.
 *
 * Speed: the search evaluates the criterion with {@link etsCriterion} (one loop per season type, the
 * series as a Float64Array, nothing allocated per evaluation); the fitted values, residuals and final
 * state come from one last {@link etsFilter} run at the optimum.
 *
 * @module
 */
import { USUAL_BOUNDS, parametersAllowed } from './ets-bounds.js';
import { initialParams, initialState } from './ets-init.js';
import { informationCriteria, logLikelihoodFromCriterion } from './ets-likelihood.js';
import { etsCriterion } from './ets-criterion.js';
import { etsFilter } from './ets-recursion.js';
import { simplexMinimize } from './ets-simplex.js';
import { etsParameterCount, type EtsParams, type EtsSpec, type EtsState } from './ets-types.js';

/** A fitted ETS model. */
export interface EtsFit {
  spec: EtsSpec;
  params: EtsParams;
  /** Estimated initial state (ℓ₀, b₀, seasonal states newest first, all m). */
  initial: EtsState;
  /** State after the last observation: where forecasts start. */
  final: EtsState;
  /** Number of observations used. */
  n: number;
  /** Estimated values (parameters + free initial states), R's `length(par)`. */
  estimated: number;
  /** Full Gaussian log-likelihood (nats); R's `loglik` + (n/2)(log(2π/n) + 1). */
  loglik: number;
  aic: number;
  aicc: number;
  bic: number;
  /** Residual variance Σe²/(n − estimated), R's `sigma2` (squared series units, or squared relative errors with multiplicative error). */
  sigma2: number;
  /** One-step-ahead fitted values ŷₜ (series units). */
  fitted: number[];
  /** Residuals eₜ (series units, or relative for multiplicative error). */
  residuals: number[];
}

/** Options of {@link fitEts}. */
export interface FitEtsOptions {
  /** Iteration cap of each Nelder–Mead search (default 2000 + 400 per coordinate). */
  maxIterations?: number;
}

/** Search units per unit fraction of a parameter's range: a simplex step of 0.5 moves it by a tenth of its range. */
const FRACTION_UNITS = 5;
/**
 * Search coordinate → fraction of the parameter's range, clamped to [0, 1]: beyond a bound the objective
 * is flat, so a simplex pressing against a bound (R's fits often end on β = 1e-4 or φ = 0.98) contracts
 * and converges instead of crawling towards infinity as it would on a logistic scale.
 */
const toFraction = (u: number): number => Math.min(Math.max(u / FRACTION_UNITS, 0), 1);
const fromFraction = (f: number): number => f * FRACTION_UNITS;
const clampFraction = (f: number): number => Math.min(Math.max(f, 0), 1);

/** Mapping between the search vector and (parameters, initial state) for one model and series. */
class Coding {
  readonly size: number;
  private readonly levelScale: number;
  private readonly trendScale: number;
  private readonly seasonScale: number;
  private readonly hasTrend: boolean;
  private readonly damped: boolean;
  private readonly seasonal: boolean;
  private readonly m: number;

  constructor(
    readonly spec: EtsSpec,
    scale: number,
  ) {
    this.hasTrend = spec.trend !== 'N';
    this.damped = this.hasTrend && spec.damped;
    this.seasonal = spec.season !== 'N';
    this.m = this.seasonal ? spec.m : 1;
    this.levelScale = 0.1 * scale;
    this.trendScale = spec.trend === 'M' ? 0.02 : 0.1 * scale;
    this.seasonScale = spec.season === 'M' ? 0.1 : 0.1 * scale;
    this.size = 1 + (this.hasTrend ? 1 : 0) + (this.seasonal ? 1 : 0) + (this.damped ? 1 : 0) + 1 + (this.hasTrend ? 1 : 0) + (this.seasonal ? this.m - 1 : 0);
  }

  /** Writes the initial state into `state` and the parameters into `into` (a fresh object when omitted; the optimiser passes one reused object). */
  decode(u: ArrayLike<number>, state: EtsState, into?: EtsParams): EtsParams {
    const { lower, upper } = USUAL_BOUNDS;
    let i = 0;
    const alpha = lower.alpha + (upper.alpha - lower.alpha) * toFraction(u[i++] as number);
    const beta = this.hasTrend ? lower.beta + (Math.min(alpha, upper.beta) - lower.beta) * toFraction(u[i++] as number) : 0;
    const gamma = this.seasonal ? lower.gamma + (Math.min(1 - alpha, upper.gamma) - lower.gamma) * toFraction(u[i++] as number) : 0;
    const phi = this.damped ? lower.phi + (upper.phi - lower.phi) * toFraction(u[i++] as number) : 1;
    state.level = (u[i++] as number) * this.levelScale;
    state.trend = this.hasTrend ? (u[i++] as number) * this.trendScale : 0;
    if (this.seasonal) {
      let sum = 0;
      for (let k = 0; k < this.m - 1; k++) {
        const s = (u[i++] as number) * this.seasonScale;
        state.season[k] = s;
        sum += s;
      }
      state.season[this.m - 1] = (this.spec.season === 'M' ? this.m : 0) - sum;
    }
    if (!into) return { alpha, beta, gamma, phi };
    into.alpha = alpha;
    into.beta = beta;
    into.gamma = gamma;
    into.phi = phi;
    return into;
  }

  encode(p: EtsParams, state: EtsState): number[] {
    const { lower, upper } = USUAL_BOUNDS;
    const u: number[] = [fromFraction(clampFraction((p.alpha - lower.alpha) / (upper.alpha - lower.alpha)))];
    if (this.hasTrend) u.push(fromFraction(clampFraction((p.beta - lower.beta) / (Math.min(p.alpha, upper.beta) - lower.beta))));
    if (this.seasonal) u.push(fromFraction(clampFraction((p.gamma - lower.gamma) / (Math.min(1 - p.alpha, upper.gamma) - lower.gamma))));
    if (this.damped) u.push(fromFraction(clampFraction((p.phi - lower.phi) / (upper.phi - lower.phi))));
    u.push(state.level / this.levelScale);
    if (this.hasTrend) u.push(state.trend / this.trendScale);
    if (this.seasonal) for (let k = 0; k < this.m - 1; k++) u.push((state.season[k] as number) / this.seasonScale);
    return u;
  }
}

/**
 * Fit `spec` to `y` by maximum likelihood.
 *
 * Edge cases: multiplicative error, trend or season need y > 0 (the caller filters candidates); returns
 * `undefined` when no admissible start gives a finite likelihood (e.g. a forecast of 0 with multiplicative
 * error). A perfect fit (Σe² = 0) is capped at R's −1e10 criterion instead of −∞.
 */
export function fitEts(y: ArrayLike<number>, spec: EtsSpec, options: FitEtsOptions = {}): EtsFit | undefined {
  const n = y.length;
  let meanAbs = 0;
  for (let i = 0; i < n; i++) meanAbs += Math.abs(y[i] as number);
  meanAbs = meanAbs / n || 1;
  const coding = new Coding(spec, meanAbs);
  const m = spec.season !== 'N' ? spec.m : 1;
  const ring = new Float64Array(m);
  const yv = Float64Array.from(y);
  // reused by every evaluation: the optimiser's objective allocates nothing
  const scratch: EtsParams = { alpha: 0, beta: 0, gamma: 0, phi: 1 };
  const seasonM = spec.season === 'M';
  const work: EtsState = { level: 0, trend: 0, season: new Array<number>(spec.season !== 'N' ? m : 0).fill(0) };
  const objective = (u: ArrayLike<number>): number => {
    const p = coding.decode(u, work, scratch);
    if (!parametersAllowed(spec, p)) return Number.POSITIVE_INFINITY;
    if (seasonM) for (let k = 0; k < m; k++) if ((work.season[k] as number) < 0) return Number.POSITIVE_INFINITY;
    const lik = etsCriterion(yv, spec, p, work, ring);
    return lik < -1e10 ? -1e10 : lik;
  };

  const state0 = initialState(y, spec);
  const p0 = initialParams(spec);
  const starts = [coding.encode(p0, state0)];
  // the second start costs a scout run; worth it while the simplex is small (non-seasonal, quarterly, weekday)
  if (coding.size <= 10) starts.push(coding.encode({ ...p0, alpha: 0.5, beta: Math.min(p0.beta, 0.05), gamma: Math.min(p0.gamma, 0.45) }, state0));
  const maxIterations = options.maxIterations ?? 1000 + 200 * coding.size;
  // R's optim stopping rule (reltol 1e-8 on the criterion); the simplex-size test is kept loose, since
  // a tenth of a search unit is 1e-3 of a parameter's range or 1e-4 of the level.
  const f0 = Math.abs(objective(starts[0] as number[]));
  const tolerances = { step: 0.5, fatol: 1e-8 * (Number.isFinite(f0) ? Math.max(f0, 1) : 1), xatol: 1e-3 };
  // Scout each start briefly, then finish the more promising one: most of the cost is the final
  // convergence, which is paid once.
  let best: { x: number[]; fx: number } | undefined;
  for (const start of starts) {
    if (!Number.isFinite(objective(start))) continue;
    if (starts.length === 1) {
      best = { x: start, fx: objective(start) };
      break;
    }
    const run = simplexMinimize(objective, start, { ...tolerances, maxIterations: 60 * coding.size, maxRestarts: 0 });
    if (!best || run.fx < best.fx) best = run;
  }
  if (best && Number.isFinite(best.fx)) {
    const run = simplexMinimize(objective, best.x, { ...tolerances, maxIterations, maxRestarts: 2 });
    if (run.fx <= best.fx) best = run;
  }
  if (!best || !Number.isFinite(best.fx)) return undefined;

  const initial: EtsState = { level: 0, trend: 0, season: new Array<number>(spec.season !== 'N' ? m : 0).fill(0) };
  const params = coding.decode(best.x, initial);
  const fitted = new Float64Array(n);
  const residuals = new Float64Array(n);
  const run = etsFilter(y, spec, params, initial, { ring: new Float64Array(m), fitted, residuals });
  const estimated = etsParameterCount(spec);
  const loglik = logLikelihoodFromCriterion(Math.max(run.lik, -1e10), n);
  return {
    spec,
    params,
    initial: { ...initial, season: [...initial.season] },
    final: run.final,
    n,
    estimated,
    loglik,
    ...informationCriteria(loglik, estimated, n),
    sigma2: run.sse / Math.max(n - estimated, 1),
    fitted: Array.from(fitted),
    residuals: Array.from(residuals),
  };
}
