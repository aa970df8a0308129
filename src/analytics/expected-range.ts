/**
 * The range a period's value was expected in: the ETS prediction interval ({@link selectEts},
 * {@link forecastEts}) for that period from a model fitted on the periods before it. "Revenue this month
 * 88k, expected 92–118k": a November peak the seasons predict lands inside, a quiet November outside.
 *
 * Input: `history`, oldest first, ending with the period just BEFORE the one judged; `m` periods per season
 * (12 for months, 7 for days with a weekday season, 1 for none); `ahead` = steps from the last history
 * value to the judged period (1 = the next one). Output units: those of the series.
 *
 * Edge cases (undefined = no range is shown):
 * - fewer than {@link MIN_HISTORY} values, or, with a season (m > 1), fewer than two full seasons (2m):
 *   a seasonal peak could not be told from news, so no range is better than a wrong one;
 * - a value that is not finite (a null average basket): undefined, the caller drops leading gaps first;
 * - a constant history: the degenerate fit of selectEts, a zero-width range at that value;
 * - zeros or negatives: only the additive models are candidates (selectEts); when every value is ≥ 0 the
 *   bounds are clamped at 0, since the metric cannot fall below it (additive intervals can).
 *
 * @module
 */
import { forecastEts } from './ets/ets-intervals.js';
import { selectEts } from './ets/ets-select.js';
import { etsName } from './ets/ets-types.js';

/** Fewest history values a range is computed from. */
export const MIN_HISTORY = 8;

/** The expected band of one period (series units) and the model behind it. */
export interface ExpectedBand {
  /** Point forecast. */
  point: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
  /** The ETS model chosen by AICc, e.g. `ETS(M,N,M)`. */
  model: string;
  /** History values fitted. */
  n: number;
}

/** Options of {@link expectedBand}. */
export interface ExpectedBandOptions {
  /** Steps from the last history value to the judged period (default 1). */
  ahead?: number;
  /** Simulated paths for non-linear models (default 2000: the 2.5 % quantile still rests on 50 paths). */
  paths?: number;
}

/** Where `value` lies against `band`: inside the 95 % range, below it or above it. */
export function rangePosition(value: number, band: Pick<ExpectedBand, 'lower95' | 'upper95'>): 'below' | 'within' | 'above' {
  if (value < band.lower95) return 'below';
  if (value > band.upper95) return 'above';
  return 'within';
}

/** The 80/95 % prediction interval of the period `ahead` steps after `history`, or undefined (see module notes). */
export function expectedBand(history: readonly number[], m: number, options: ExpectedBandOptions = {}): ExpectedBand | undefined {
  const ahead = options.ahead ?? 1;
  if (!Number.isInteger(ahead) || ahead < 1) throw new RangeError(`expectedBand: ahead must be a whole number ≥ 1, got ${ahead}`);
  const n = history.length;
  if (n < MIN_HISTORY || (m > 1 && n < 2 * m)) return undefined;
  if (history.some((v) => !Number.isFinite(v))) return undefined;
  const selection = selectEts(history, m);
  const step = forecastEts(selection.best, ahead, { paths: options.paths ?? 2000 })[ahead - 1];
  if (!step) return undefined;
  const floor = history.every((v) => v >= 0) ? (v: number) => Math.max(0, v) : (v: number) => v;
  return {
    point: step.point,
    lower80: floor(step.lower80),
    upper80: floor(step.upper80),
    lower95: floor(step.lower95),
    upper95: floor(step.upper95),
    model: etsName(selection.best.spec),
    n,
  };
}
