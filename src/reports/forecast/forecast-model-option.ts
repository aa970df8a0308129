import { fitEts } from '../../analytics/ets/ets-fit.js';
import { etsInadmissible, selectEts, type EtsSelection } from '../../analytics/ets/ets-select.js';
import { etsName, type EtsSpec } from '../../analytics/ets/ets-types.js';
import type { SeriesGrain } from '../../db/queries/period-series.js';
import { AppError } from '../../lib/errors.js';

/** An ETS model as the `model:` option names it: error, trend, damping, season. */
export type EtsModelCode = Pick<EtsSpec, 'error' | 'trend' | 'damped' | 'season'>;

/** `MAdM`, `ETS(M,Ad,M)`, `M,Ad,M`, `madm`: error A|M, trend N|A|Ad|M|Md, season N|A|M. */
const CODE = /^([AM])([NAM])(D?)([NAM])$/;

/** The short code the option keeps (`MAdM`, `ANN`), which {@link modelOption} reads back unchanged. */
export function modelCode(spec: EtsModelCode): string {
  return `${spec.error}${spec.trend}${spec.damped ? 'd' : ''}${spec.season}`;
}

/** Reads a model code; undefined when the text is not one. */
export function parseModelCode(text: string): EtsModelCode | undefined {
  const bare = text
    .trim()
    .replace(/^ets\s*\(/i, '')
    .replace(/\)$/, '')
    .replace(/[\s,]/g, '')
    .toUpperCase();
  const m = CODE.exec(bare);
  if (!m || (m[3] === 'D' && m[2] === 'N')) return undefined;
  return { error: m[1] as EtsSpec['error'], trend: m[2] as EtsSpec['trend'], damped: m[3] === 'D', season: m[4] as EtsSpec['season'] };
}

/** `--model` / `model:` parser: the canonical code (`ETS(M,Ad,M)` → `MAdM`). */
export function modelOption(v: string): string {
  const spec = parseModelCode(v);
  if (!spec) {
    throw new AppError(
      'USAGE',
      `--model must name one ETS model as error, trend, season letters, like MAM, MAdM, ANN or ETS(M,Ad,M) (error A or M, trend N, A, Ad, M or Md, season N, A or M), got "${v}".`,
    );
  }
  return modelCode(spec);
}

const GRAIN_PLURAL: Record<SeriesGrain, string> = { quarter: 'quarters', month: 'months', week: 'weeks', day: 'days' };

/**
 * Fits exactly the model the request names (no AICc choice), after checking it suits the series with
 * the rules the automatic choice applies to its candidates; a model that does not is the person's error,
 * said with a model that would fit.
 *
 * @param y complete periods' values; @param m the grain's season length
 * @throws AppError `USAGE` naming what to type instead
 */
export function fitRequestedModel(y: readonly number[], m: number, code: string, grain: SeriesGrain): EtsSelection {
  const spec = parseModelCode(code);
  if (!spec) throw new AppError('USAGE', `"${code}" is not an ETS model.`, { hint: 'Try model:MAM, model:AAdA or model:ANN.' });
  const n = y.length;
  const positive = y.every((v) => v > 0);
  const name = etsName(spec);
  const periods = GRAIN_PLURAL[grain];
  // (reached only when the multiplicative parts passed the positivity check)
  const withoutSeason = modelCode({ ...spec, season: 'N' });
  const additive = modelCode({ error: 'A', trend: spec.trend === 'M' ? 'A' : spec.trend, damped: spec.damped, season: spec.season === 'M' ? 'A' : spec.season });
  switch (etsInadmissible(spec, n, m, positive)) {
    case 'unstable':
      throw new AppError('USAGE', `${name} is not offered: additive error with a multiplicative trend or season is numerically unstable (and so is ETS(M,M,A)).`, {
        hint: `Try model:${modelCode({ ...spec, error: 'M', season: spec.season === 'A' && spec.trend === 'M' ? 'M' : spec.season })} or model:${additive}.`,
      });
    case 'not-positive':
      throw new AppError('USAGE', `${name} has a multiplicative part, which needs every ${grain}'s value above 0; this history has ${periods} at 0 or below.`, {
        hint: `Try model:${additive}, or leave model: out to let AICc choose.`,
      });
    case 'season-length':
      throw new AppError('USAGE', `${name} has a season, but a season of ${m} ${periods} is too long for ETS (at most 24).`, {
        hint: `Try model:${withoutSeason}, or grain:month or grain:quarter for a yearly season.`,
      });
    case 'short-for-season':
      throw new AppError('USAGE', `${name} has a season of ${m} ${periods}, which needs at least ${m + 2} complete ${periods} of history; there are ${n}.`, {
        hint: `Try model:${withoutSeason}, or a longer history.`,
      });
    case 'short-for-parameters':
      throw new AppError('USAGE', `${name} has too many parameters for ${n} complete ${periods} of history.`, {
        hint: `Try a simpler model such as model:ANN, or a longer history.`,
      });
    case undefined:
      break;
  }
  // A constant series has no likelihood maximum whatever the model: the exact flat fit, flagged degenerate.
  if (y.every((v) => v === y[0])) return selectEts(y, m);
  const best = fitEts(y, { ...spec, m: spec.season === 'N' ? 1 : m });
  if (best) return { best, candidates: [{ name, aicc: best.aicc, loglik: best.loglik }] };
  throw new AppError('USAGE', `${name} could not be fitted to this history.`, { hint: 'Leave model: out to let AICc choose, or try model:ANN.' });
}
