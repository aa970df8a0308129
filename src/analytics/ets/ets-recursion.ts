/**
 * The ETS state recursions in error-correction form, step for step as R `forecast`'s C routine
 * `etscalc` (so that R's parameters and initial states give R's fits and forecasts):
 *
 *   one-step forecast  ŷₜ = (ℓ + φb | ℓ·b^φ | ℓ) (+ sₜ₋ₘ | × sₜ₋ₘ)
 *   level      ℓₜ = q + α(p − q),   q = ℓ + φb (A trend), ℓ·b^φ (M trend), ℓ (none);
 *                                   p = yₜ − sₜ₋ₘ (A season), yₜ / sₜ₋ₘ (M season), yₜ (none)
 *   slope      bₜ = φb + (β/α)(r − φb),  r = ℓₜ − ℓₜ₋₁ (A) or ℓₜ / ℓₜ₋₁ (M, with b^φ for φb)
 *   season     sₜ = sₜ₋ₘ + γ(t − sₜ₋ₘ),  t = yₜ − q (A) or yₜ / q (M)
 *   residual   eₜ = yₜ − ŷₜ (additive error) or (yₜ − ŷₜ)/ŷₜ (multiplicative error)
 *
 * The state update is the same for both error types; the error type only changes the residual and the
 * likelihood. Written by hand because no maintained npm package implements ETS with R's
 * parameterisation (the reference test compares against R's own fits).
 *
 * @module
 */
import type { EtsParams, EtsSpec, EtsState } from './ets-types.js';

/** Below this |x| a divisor counts as zero (R: TOL). */
const TOL = 1e-10;
/** Stand-in for a ratio with a zero divisor (R: HUGEN). */
const HUGE = 1e10;

/** Output of {@link etsFilter}. */
export interface EtsFilterResult {
  /**
   * R's fitting criterion −2·log L up to a constant: n·log(Σeₜ²) + 2·Σlog|ŷₜ| (the second term only with
   * multiplicative error); +∞ when a forecast is undefined (negative growth with a multiplicative trend)
   * or not finite.
   */
  lik: number;
  /** Σeₜ² (squared residuals in series units, or squared relative errors for multiplicative error). */
  sse: number;
  /** Σlog|ŷₜ| (used by the multiplicative-error likelihood). */
  sumLogFitted: number;
  /** State after the last observation. */
  final: EtsState;
}

/** Working buffers so the optimiser's thousands of evaluations allocate nothing. */
export interface EtsBuffers {
  ring: Float64Array;
  fitted?: Float64Array;
  residuals?: Float64Array;
  /** Skip building `final` (the optimiser needs only `lik`; saves an allocation per evaluation). */
  likOnly?: boolean;
  /**
   * Simulation mode: `y` holds innovations εₜ instead of observations; each observation is generated
   * as ŷₜ + εₜ (additive error) or ŷₜ(1 + εₜ) (multiplicative) and written here, then the state is
   * updated with it — the same recursion, so simulated paths follow the fitted model exactly.
   */
  simulated?: Float64Array;
}

const NO_STATE: EtsState = Object.freeze({ level: Number.NaN, trend: Number.NaN, season: [] }) as EtsState;

/**
 * Run the recursions over `y` from the initial state `x0`.
 *
 * Edge cases: a non-finite forecast or residual stops the run with `lik = +∞`; with a multiplicative
 * trend a negative growth makes the forecast undefined (R returns NA), also +∞.
 *
 * @param y observations (series units)
 * @param spec model (components, damping, m)
 * @param p smoothing parameters (R convention, β = α·β*)
 * @param x0 initial state ℓ₀, b₀, s₀ … s₋ₘ₊₁ (newest first)
 * @param buffers optional work arrays; `fitted`/`residuals` are filled when given (length ≥ y.length)
 */
export function etsFilter(y: ArrayLike<number>, spec: EtsSpec, p: EtsParams, x0: EtsState, buffers?: EtsBuffers): EtsFilterResult {
  const seasonal = spec.season !== 'N';
  const m = seasonal ? spec.m : 1;
  const ring = buffers?.ring && buffers.ring.length >= m ? buffers.ring : new Float64Array(m);
  // ring holds the seasonal states oldest first from index `pos`: ring[pos] is sₜ₋ₘ for the next observation
  if (seasonal) for (let k = 0; k < m; k++) ring[k] = x0.season[m - 1 - k] as number;
  let pos = 0;
  const trendA = spec.trend === 'A';
  const trendM = spec.trend === 'M';
  const seasonA = spec.season === 'A';
  const seasonM = spec.season === 'M';
  const multError = spec.error === 'M';
  const phi = spec.trend !== 'N' && spec.damped ? p.phi : 1;
  const { alpha, gamma } = p;
  const betaOverAlpha = spec.trend !== 'N' ? p.beta / alpha : 0;
  const phiIsOne = Math.abs(phi - 1) < TOL;
  const fitted = buffers?.fitted;
  const residuals = buffers?.residuals;

  let l = x0.level;
  let b = spec.trend !== 'N' ? x0.trend : 0;
  let sse = 0;
  let sumLog = 0;
  const n = y.length;
  const simulated = buffers?.simulated;
  for (let t = 0; t < n; t++) {
    let yt = y[t] as number;
    let q: number;
    let phib = 0;
    if (trendA) {
      phib = phi * b;
      q = l + phib;
    } else if (trendM) {
      if (b < 0) return failed(l, b, ring, pos, m, seasonal);
      phib = phiIsOne ? b : Math.pow(b, phi);
      q = l * phib;
    } else {
      q = l;
    }
    const sOld = seasonal ? (ring[pos] as number) : 0;
    const f = seasonA ? q + sOld : seasonM ? q * sOld : q;
    if (simulated) {
      yt = multError ? f * (1 + yt) : f + yt;
      simulated[t] = yt;
    }
    const e = multError ? (yt - f) / f : yt - f;
    if (!Number.isFinite(e)) return failed(l, b, ring, pos, m, seasonal);
    if (fitted) fitted[t] = f;
    if (residuals) residuals[t] = e;
    sse += e * e;
    if (multError) sumLog += Math.log(Math.abs(f));

    let pp: number;
    if (seasonA) pp = yt - sOld;
    else if (seasonM) pp = Math.abs(sOld) < TOL ? HUGE : yt / sOld;
    else pp = yt;
    const lNew = q + alpha * (pp - q);
    if (trendA) {
      b = phib + betaOverAlpha * (lNew - l - phib);
    } else if (trendM) {
      const r = Math.abs(l) < TOL ? HUGE : lNew / l;
      b = phib + betaOverAlpha * (r - phib);
    }
    if (seasonal) {
      const tt = seasonA ? yt - q : Math.abs(q) < TOL ? HUGE : yt / q;
      ring[pos] = sOld + gamma * (tt - sOld);
      pos = pos + 1 === m ? 0 : pos + 1;
    }
    l = lNew;
  }
  let lik = n * Math.log(sse);
  if (multError) lik += 2 * sumLog;
  if (Number.isNaN(lik)) lik = Number.POSITIVE_INFINITY;
  return { lik, sse, sumLogFitted: sumLog, final: buffers?.likOnly ? NO_STATE : stateOf(l, b, ring, pos, m, seasonal) };
}

function stateOf(l: number, b: number, ring: Float64Array, pos: number, m: number, seasonal: boolean): EtsState {
  const season: number[] = [];
  if (seasonal) {
    // newest first: the newest sits just before `pos`
    for (let k = 0; k < m; k++) season.push(ring[(pos - 1 - k + 2 * m) % m] as number);
  }
  return { level: l, trend: b, season };
}

function failed(l: number, b: number, ring: Float64Array, pos: number, m: number, seasonal: boolean): EtsFilterResult {
  return { lik: Number.POSITIVE_INFINITY, sse: Number.NaN, sumLogFitted: Number.NaN, final: stateOf(l, b, ring, pos, m, seasonal) };
}

/**
 * Point forecasts h = 1 … horizon steps after `state` (R `etsforecast`): (ℓ + φₕb | ℓ·b^φₕ | ℓ) combined
 * with sₕ, where φₕ = φ + φ² + … + φʰ (h when undamped) and the season cycles through the last m states.
 *
 * This is the book's φₕ. R differs for damped models in two places: its C `etsforecast` (used for
 * multiplicative trends) accumulates φ + φ + φ² + … + φʰ⁻¹, and its `class3` (M error, M season,
 * additive damped trend) uses 1 + φ + … + φʰ⁻¹; on austourists both stay within 4e-4 of the φₕ forecast
 * (the reference test allows 1e-3), and R's class-1/2 damped forecasts agree with φₕ to 1e-9.
 *
 * Edge cases: a multiplicative trend with negative growth gives NaN (R: NA).
 */
export function etsPointForecast(spec: EtsSpec, p: EtsParams, state: EtsState, horizon: number): number[] {
  const phi = spec.trend !== 'N' && spec.damped ? p.phi : 1;
  const m = spec.season !== 'N' ? spec.m : 1;
  const out: number[] = [];
  let phistar = phi;
  for (let i = 0; i < horizon; i++) {
    let f: number;
    if (spec.trend === 'N') f = state.level;
    else if (spec.trend === 'A') f = state.level + phistar * state.trend;
    else f = state.trend < 0 ? Number.NaN : state.level * Math.pow(state.trend, phistar);
    if (spec.season !== 'N') {
      let j = m - 1 - i;
      while (j < 0) j += m;
      const s = state.season[j] as number;
      f = spec.season === 'A' ? f + s : f * s;
    }
    out.push(f);
    phistar += Math.abs(phi - 1) < TOL ? 1 : Math.pow(phi, i + 2);
  }
  return out;
}
