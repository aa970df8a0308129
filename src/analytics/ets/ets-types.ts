/**
 * Types of the ETS (error, trend, season) exponential smoothing models in innovations state-space form
 * (Hyndman, Koehler, Ord & Snyder, *Forecasting with Exponential Smoothing*, 2008), as R `forecast::ets`
 * names and parameterises them.
 *
 * @module
 */

/** Error: additive (`A`, y = ŷ + ε) or multiplicative (`M`, y = ŷ·(1 + ε)). */
export type EtsError = 'A' | 'M';
/** Trend: none, additive (level + slope) or multiplicative (level × growth). */
export type EtsTrend = 'N' | 'A' | 'M';
/** Season: none, additive (ŷ + s) or multiplicative (ŷ × s). */
export type EtsSeason = 'N' | 'A' | 'M';

/** One ETS model: the three components, damping, and the season length m (1 when there is no season). */
export interface EtsSpec {
  error: EtsError;
  trend: EtsTrend;
  /** Damped trend (φ < 1); only meaningful with a trend. */
  damped: boolean;
  season: EtsSeason;
  /** Observations per seasonal cycle (4 quarterly, 12 monthly, 7 daily with a weekday season). */
  m: number;
}

/**
 * Smoothing parameters in R's convention: `beta` is α·β* of the error-correction form, so the usual
 * bounds are 0 < β < α and 0 < γ < 1 − α. Components the model lacks hold 0 (`beta`, `gamma`) or 1 (`phi`).
 */
export interface EtsParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

/**
 * State at one instant: level ℓ, slope/growth b (0 when no trend) and the last m seasonal states,
 * newest first (`season[m − 1]` is the one used for the next observation). Units: those of the series
 * for ℓ, additive b and additive s; ratios for multiplicative b and s.
 */
export interface EtsState {
  level: number;
  trend: number;
  season: number[];
}

/** Short name as in R and the book, e.g. `ETS(M,Ad,M)`. */
export function etsName(spec: Pick<EtsSpec, 'error' | 'trend' | 'damped' | 'season'>): string {
  return `ETS(${spec.error},${spec.trend}${spec.damped && spec.trend !== 'N' ? 'd' : ''},${spec.season})`;
}

/**
 * Number of estimated values in R's count: α, ℓ₀, plus β and b₀ with a trend, φ when damped, γ and
 * m − 1 seasonal states with a season (the m-th is fixed by the normalisation Σs = 0 or m).
 */
export function etsParameterCount(spec: EtsSpec): number {
  let k = 2;
  if (spec.trend !== 'N') k += 2;
  if (spec.trend !== 'N' && spec.damped) k += 1;
  if (spec.season !== 'N') k += spec.m;
  return k;
}
