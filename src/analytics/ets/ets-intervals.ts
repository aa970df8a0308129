/**
 * Forecasts with 80 % and 95 % prediction intervals from a fitted ETS model.
 *
 * - Class 1 (additive error; trend none/additive/damped; season none/additive — the linear models),
 *   analytic (Hyndman et al. 2008, ch. 6): vₕ = σ²·(1 + Σⱼ₌₁^{h−1} cⱼ²), where cⱼ is the effect on the
 *   lead-j forecast of a unit innovation (cⱼ = α + β·φⱼ + γ·[j mod m = 0] for the damped additive model
 *   with φⱼ = φ + … + φʲ); bounds point ± z·√vₕ with z = 1.2816 (80 %) and 1.9600 (95 %).
 * - Every other model: simulation of `paths` future sample paths with Gaussian innovations of variance
 *   σ² (relative for multiplicative error), seeded (pure-rand xoroshiro128+), bounds the empirical
 *   10/90 % and 2.5/97.5 % quantiles (R type 7) per horizon.
 *
 * Point forecasts are the model's point forecasts ({@link etsPointForecast}), as R reports them.
 * Units: those of the series.
 *
 * @module
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { quantileType7, sortedAscending } from '../quantile.js';
import type { EtsFit } from './ets-fit.js';
import { etsFilter, etsPointForecast } from './ets-recursion.js';
import type { EtsState } from './ets-types.js';

/** One forecast step. */
export interface EtsForecastPoint {
  /** Steps after the last observation (1 = next period). */
  h: number;
  point: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

/** Options of {@link forecastEts}. */
export interface ForecastEtsOptions {
  /** Simulated paths for models without analytic variance (default 5000, as R). */
  paths?: number;
  /** Seed of the simulation (default 1): the same fit and seed give the same intervals. */
  seed?: number;
}

const Z80 = 1.2815515655446004;
const Z95 = 1.959963984540054;

/** True for the linear models whose forecast variance has the closed form above. */
export function hasAnalyticVariance(fit: Pick<EtsFit, 'spec'>): boolean {
  const { error, trend, season } = fit.spec;
  return error === 'A' && trend !== 'M' && season !== 'M';
}

/**
 * Point forecasts and 80/95 % intervals for h = 1 … horizon.
 *
 * Edge cases: horizon ≤ 0 gives []; σ² = 0 (a perfect fit) gives intervals of zero width; simulated
 * paths that blow up (non-finite) are dropped before the quantiles are taken.
 */
export function forecastEts(fit: EtsFit, horizon: number, options: ForecastEtsOptions = {}): EtsForecastPoint[] {
  if (horizon <= 0) return [];
  const point = etsPointForecast(fit.spec, fit.params, fit.final, horizon);
  if (hasAnalyticVariance(fit)) {
    const c = innovationEffects(fit, horizon);
    const out: EtsForecastPoint[] = [];
    let acc = 0;
    for (let h = 1; h <= horizon; h++) {
      if (h > 1) acc += (c[h - 2] as number) ** 2;
      const sd = Math.sqrt(fit.sigma2 * (1 + acc));
      const f = point[h - 1] as number;
      out.push({ h, point: f, lower80: f - Z80 * sd, upper80: f + Z80 * sd, lower95: f - Z95 * sd, upper95: f + Z95 * sd });
    }
    return out;
  }
  return simulatedIntervals(fit, horizon, point, options);
}

/**
 * cⱼ, j = 1 … horizon − 1: the linear point forecast at lead j from the state change a unit innovation
 * causes (Δℓ = α, Δb = β, newest Δs = γ). Valid for the linear models only.
 */
function innovationEffects(fit: EtsFit, horizon: number): number[] {
  const m = fit.spec.season !== 'N' ? fit.spec.m : 0;
  const season = new Array<number>(m).fill(0);
  if (m > 0) season[0] = fit.params.gamma;
  const delta: EtsState = { level: fit.params.alpha, trend: fit.spec.trend !== 'N' ? fit.params.beta : 0, season };
  // the newest seasonal state is used again m steps later: lead j reads season[(m − j) mod m]
  return etsPointForecast(fit.spec, fit.params, delta, Math.max(horizon - 1, 0));
}

function simulatedIntervals(fit: EtsFit, horizon: number, point: number[], options: ForecastEtsOptions): EtsForecastPoint[] {
  const paths = options.paths ?? 5000;
  const rng = xoroshiro128plus(options.seed ?? 1);
  const sd = Math.sqrt(Math.max(fit.sigma2, 0));
  let spare: number | undefined;
  const normal = (): number => {
    // Marsaglia polar method: two standard normals per accepted pair
    if (spare !== undefined) {
      const v = spare;
      spare = undefined;
      return v;
    }
    for (;;) {
      const u = 2 * uniformFloat64(rng) - 1;
      const v = 2 * uniformFloat64(rng) - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const k = Math.sqrt((-2 * Math.log(s)) / s);
        spare = v * k;
        return u * k;
      }
    }
  };
  const draws = Array.from({ length: horizon }, () => new Float64Array(paths));
  const counts = new Int32Array(horizon);
  const innovations = new Float64Array(horizon);
  const path = new Float64Array(horizon);
  const buffers = { ring: new Float64Array(Math.max(fit.spec.m, 1)), simulated: path, likOnly: true };
  for (let k = 0; k < paths; k++) {
    for (let h = 0; h < horizon; h++) innovations[h] = sd * normal();
    path.fill(Number.NaN);
    // one pass of the model's own recursion generates the whole path
    etsFilter(innovations, fit.spec, fit.params, fit.final, buffers);
    for (let h = 0; h < horizon; h++) {
      const y = path[h] as number;
      if (!Number.isFinite(y)) break;
      (draws[h] as Float64Array)[counts[h] as number] = y;
      counts[h] = (counts[h] as number) + 1;
    }
  }
  return point.map((f, i) => {
    const sorted = sortedAscending((draws[i] as Float64Array).subarray(0, counts[i] as number));
    return {
      h: i + 1,
      point: f,
      lower80: quantileType7(sorted, 0.1),
      upper80: quantileType7(sorted, 0.9),
      lower95: quantileType7(sorted, 0.025),
      upper95: quantileType7(sorted, 0.975),
    };
  });
}
