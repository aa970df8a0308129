import { forecastEts } from './ets/ets-intervals.js';
import { selectEts } from './ets/ets-select.js';
import { etsName } from './ets/ets-types.js';

/**
 * A target period's seasonal share and projected end from an ETS forecast of the daily series
 * (analytics.md "Seasonal pace = target × expected share of the period's total that the forecast puts
 * before today").
 *
 * Choice: ONE daily model (season m = 7, the weekday pattern) fitted on the series through the as-of
 * day, also for quarters — a monthly model for the period total would need a second fit and ≥ 2 years of
 * months, while the weekday profile is what tells Monday–Wednesday from "3/7 of the week". Candidates
 * are the additive-error models ETS(A,N,N), (A,N,A), (A,Ad,A): days without sales are 0, which rules out
 * multiplicative components anyway, and three fits instead of up to fifteen keep the goals report fast
 * (≈ 30 ms CPU per target on a year of days, measured on this 2-core box; the report is marked heavy, so
 * `serve` computes it on the report threads).
 *
 * - expected so far E = Σ one-step fitted values ŷₜ over the period's elapsed days (what the model
 *   expected of those days from what it knew the day before, not what happened);
 * - expected rest R = Σ point forecasts of the remaining calendar days of the period;
 * - share = E ÷ (E + R), clamped to 0..1.
 *
 * Projection: actual + R. Its range adds the per-day 80 % bounds, i.e. treats the remaining days'
 * errors as moving together (comonotone). For the linear models the exact variance of the sum would add
 * the covariances of correlated horizons, which the per-day bounds do not carry; summing the bounds is
 * never narrower than that exact range, so it is the conservative choice (and the same rule as the
 * forecast report's month/quarter pace). Units: those of the series (money or counts).
 *
 * Null (the caller keeps the past-years stand-in, `expectedShare` / `projectEnd`) when the history is
 * too short (< {@link MIN_FORECAST_DAYS} days before the period starts), intermittent (sales on fewer
 * than half of those last {@link MIN_FORECAST_DAYS} days: ETS is no model for intermittent demand, its
 * level would chase single orders), the period has not started or is over, or E + R ≤ 0.
 */
export interface ForecastPace {
  share: number;
  /** Σ fitted values of the elapsed days (series units). */
  expectedSoFar: number;
  /** Σ point forecasts of the remaining days (series units). */
  expectedRest: number;
  projected: { point: number; lower: number; upper: number };
  /** Chosen model, e.g. `ETS(A,N,A)`. */
  model: string;
}

/** Days of history the daily model needs before the period's first day: eight weeks (8 weekday cycles). */
export const MIN_FORECAST_DAYS = 56;

const CANDIDATES = [
  { error: 'A', trend: 'N', damped: false, season: 'N' },
  { error: 'A', trend: 'N', damped: false, season: 'A' },
  { error: 'A', trend: 'A', damped: true, season: 'A' },
] as const;

/**
 * @param daily value per calendar day, consecutive, ending on the as-of day (zeros on days without sales)
 * @param elapsedDays calendar days of the period through the as-of day (the last `elapsedDays` values)
 * @param periodDays calendar days in the whole period
 * @param actual the period's actual so far (normally Σ of the last `elapsedDays` values)
 */
export function forecastPace(daily: readonly number[], elapsedDays: number, periodDays: number, actual: number): ForecastPace | null {
  const n = daily.length;
  if (elapsedDays <= 0 || elapsedDays >= periodDays || n - elapsedDays < MIN_FORECAST_DAYS) return null;
  let selling = 0;
  for (let i = n - elapsedDays - MIN_FORECAST_DAYS; i < n - elapsedDays; i++) if ((daily[i] ?? 0) !== 0) selling++;
  if (selling * 2 < MIN_FORECAST_DAYS) return null;
  const { best } = selectEts(daily, 7, { only: CANDIDATES.map((c) => ({ ...c })) });
  let expectedSoFar = 0;
  for (let i = n - elapsedDays; i < n; i++) expectedSoFar += Math.max(0, best.fitted[i] ?? 0);
  const rest = forecastEts(best, periodDays - elapsedDays);
  // A day cannot be expected to sell less than nothing: negative points of an additive model count as 0.
  const expectedRest = rest.reduce((s, p) => s + Math.max(0, p.point), 0);
  const total = expectedSoFar + expectedRest;
  if (!(total > 0)) return null;
  const share = Math.min(1, Math.max(0, expectedSoFar / total));
  return {
    share,
    expectedSoFar,
    expectedRest,
    projected: {
      point: actual + expectedRest,
      lower: actual + rest.reduce((s, p) => s + Math.max(0, p.lower80), 0),
      upper: actual + rest.reduce((s, p) => s + Math.max(0, p.upper80), 0),
    },
    model: etsName(best.spec),
  };
}
