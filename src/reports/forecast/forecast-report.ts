import { dayNumber, isoDay } from '../../analytics/calendar-day.js';
import { forecastEts } from '../../analytics/ets/ets-intervals.js';
import { selectEts } from '../../analytics/ets/ets-select.js';
import { etsName } from '../../analytics/ets/ets-types.js';
import { periodSeries, type SeriesGrain, type SeriesMetric } from '../../db/queries/period-series.js';
import { AppError } from '../../lib/errors.js';
import { formatInt, formatMoney } from '../../lib/format.js';
import type { ReportView } from '../../views/report-view.js';
import type { ReportContext, ReportEnvelope } from '../report-module.js';
import { fitRequestedModel, parseModelCode } from './forecast-model-option.js';
import { monthlyPace, quarterlyPace, type PaceFigure } from './forecast-pace.js';
import { DEFAULT_HORIZON, SEASON_LENGTH, nextPeriod, periodEnd, periodLabel, periodStart } from './forecast-periods.js';

export interface ForecastOptions {
  grain?: SeriesGrain;
  metric?: SeriesMetric;
  horizon?: number;
  /** One ETS model to fit instead of the AICc choice, as `modelOption` writes it (`MAdM`). */
  model?: string;
}

/** Default history for daily forecasts: three years (the weekday model gains nothing from more, and fits grow with n). */
export const DAILY_HISTORY_DAYS = 3 * 365;

export interface ForecastReport {
  /** `ok`; `insufficient` with fewer than 3 complete periods. */
  status: 'ok' | 'insufficient';
  message?: string;
  grain: SeriesGrain;
  metric: SeriesMetric;
  /** Season length the model could use (1 when the grain's cycle is too long for ETS, e.g. 52 weeks). */
  seasonLength: number;
  model: {
    /** e.g. `ETS(M,A,M)`. */
    type: string;
    params: { alpha: number; beta?: number; gamma?: number; phi?: number };
    /** Full Gaussian log-likelihood (nats); null for a constant series (unbounded). */
    loglik: number | null;
    aicc: number | null;
    /** One-step residual variance (squared units, or squared relative error for multiplicative error). */
    sigma2: number;
  } | null;
  /** The model the request named (`model:MAdM`), fitted instead of the AICc choice; absent when AICc chose. */
  modelAsked?: string;
  /** Every model tried with its AICc, best first (only the asked one with `model:`). */
  candidates: Array<{ type: string; aicc: number | null }>;
  /** Complete periods: actual and one-step fitted value. */
  history: Array<{ period: string; value: number; fitted: number }>;
  forecast: Array<{ period: string; point: number; lower80: number; upper80: number; lower95: number; upper95: number }>;
  /**
   * The period under way when it is not complete: month and quarter at monthly grain, the quarter alone
   * at quarterly grain (other grains: none).
   */
  pace?: { month?: PaceFigure; quarter: PaceFigure };
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * Revenue (or orders) per complete quarter / month / week / day up to the as-of day, the ETS model with
 * the smallest AICc (analytics/ets) or the one `model:` names, its forecasts with 80/95 % intervals, and
 * the pace of the month and quarter under way (monthly grain) or of the quarter (quarterly grain).
 * History: the request's window, else everything (daily: the last three years).
 */
export async function computeForecast(ctx: ReportContext<ForecastOptions>): Promise<ForecastReport> {
  const grain = ctx.options.grain ?? 'month';
  const metric = ctx.options.metric ?? 'revenue';
  const horizon = ctx.options.horizon ?? DEFAULT_HORIZON[grain];
  const m = SEASON_LENGTH[grain];
  const base = { grain, metric, seasonLength: m <= 24 ? m : 1 };
  const asOf = ctx.asOf;
  const current = periodStart(asOf, grain);
  const currentComplete = periodEnd(current, grain) === asOf && asOf < ctx.today;
  const lastComplete = currentComplete ? current : isoDay(dayNumber(current) - 1);
  const defaultFrom = grain === 'day' ? isoDay(dayNumber(asOf) - DAILY_HISTORY_DAYS) : undefined;
  const empty = (message: string): ForecastReport => ({ status: 'insufficient', message, ...base, model: null, candidates: [], history: [], forecast: [] });
  if (!ctx.dataRange) return empty('No sales to forecast from.');
  // Whole periods only: a requested window starting mid-period starts at the next period; data that
  // itself starts mid-period keeps that first period (that is when the business started).
  const asked = ctx.period.from ?? defaultFrom;
  const from = asked === undefined ? periodStart(ctx.dataRange.from, grain) : periodStart(asked, grain) === asked ? asked : nextPeriod(periodStart(asked, grain), grain);
  const rows = from > asOf ? [] : await periodSeries(ctx.database, ctx.lines, grain, metric, from, asOf);
  const complete = rows.filter((r) => r.period <= lastComplete);
  const partial = rows.find((r) => r.period === current && !currentComplete);
  if (complete.length < 3) {
    return empty(`A forecast needs at least 3 complete ${grain}s of history; there ${complete.length === 1 ? 'is' : 'are'} ${complete.length}.`);
  }
  const y = complete.map((r) => r.value);
  const askedSpec = ctx.options.model ? parseModelCode(ctx.options.model) : undefined;
  const askedName = askedSpec ? etsName(askedSpec) : undefined;
  const selection = ctx.options.model ? fitRequestedModel(y, m, ctx.options.model, grain) : selectEts(y, m);
  const fit = selection.best;
  const steps = forecastEts(fit, horizon);
  let period = nextPeriod(complete[complete.length - 1]!.period, grain);
  const forecast = steps.map((s) => {
    const row = { period, point: s.point, lower80: s.lower80, upper80: s.upper80, lower95: s.lower95, upper95: s.upper95 };
    period = nextPeriod(period, grain);
    return row;
  });
  const { alpha, beta, gamma, phi } = fit.params;
  const underWay = !currentComplete && forecast[0]?.period === current;
  const pace =
    underWay && grain === 'month'
      ? monthlyPace(asOf, partial?.value ?? 0, complete, steps.map((s, i) => ({ ...s, period: forecast[i]!.period })))
      : underWay && grain === 'quarter'
        ? quarterlyPace(asOf, partial?.value ?? 0, { ...steps[0]!, period: current, end: periodEnd(current, grain), label: periodLabel(current, grain) })
        : undefined;
  return {
    status: 'ok',
    ...base,
    ...(selection.degenerate
      ? { message: `Every period has the same value: the forecast repeats it${askedName ? ` (${askedName} has no likelihood maximum on a flat series)` : ''}.` }
      : {}),
    ...(askedName ? { modelAsked: askedName } : {}),
    model: {
      type: etsName(fit.spec),
      params: {
        alpha,
        ...(fit.spec.trend !== 'N' ? { beta } : {}),
        ...(fit.spec.season !== 'N' ? { gamma } : {}),
        ...(fit.spec.trend !== 'N' && fit.spec.damped ? { phi } : {}),
      },
      loglik: finiteOrNull(fit.loglik),
      aicc: finiteOrNull(fit.aicc),
      sigma2: fit.sigma2,
    },
    candidates: [...selection.candidates].sort((a, b) => a.aicc - b.aicc).map((c) => ({ type: c.name, aicc: finiteOrNull(c.aicc) })),
    history: complete.map((r, i) => ({ period: r.period, value: r.value, fitted: fit.fitted[i]! })),
    forecast,
    ...(pace ? { pace } : {}),
  };
}

export function grainOption(v: string): SeriesGrain {
  const t = v.trim().toLowerCase();
  if (t === 'quarter' || t === 'month' || t === 'week' || t === 'day') return t;
  throw new AppError('USAGE', `--grain must be quarter, month, week or day, got "${v}".`);
}

export function metricOption(v: string): SeriesMetric {
  const t = v.trim().toLowerCase();
  if (t === 'revenue' || t === 'orders') return t;
  throw new AppError('USAGE', `--metric must be revenue or orders, got "${v}".`);
}

export function horizonOption(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 60) throw new AppError('USAGE', `--horizon must be a whole number of periods (1–60), got "${v}".`);
  return n;
}

export function forecastView(r: ForecastReport & ReportEnvelope): ReportView {
  const money = r.metric === 'revenue';
  const fmt = (v: number) => (money ? formatMoney(Math.round(v)) : formatInt(Math.round(v)));
  const range = (a: number, b: number) => `${fmt(a)} – ${fmt(b)}`;
  const what = `${r.grain === 'day' ? 'daily' : `${r.grain}ly`} ${r.metric}`;
  const next = r.forecast[0];
  return {
    title: `Forecast of ${what} · as of ${r.asOf}`,
    keyFigures: r.model
      ? [
          { label: 'Model', value: r.modelAsked ? `${r.model.type} (as asked; no AICc choice)` : `${r.model.type} (chosen by AICc of ${r.candidates.length})` },
          // The first forecast period is the one under way when the as-of day falls inside it (data of a
          // month in progress are not fitted): "this month, whole", not "next month".
          ...(next
            ? [
                {
                  label: `${next.period <= r.asOf ? `This ${r.grain}, whole` : `Next ${r.grain}`} (${periodLabel(next.period, r.grain)})`,
                  value: `${fmt(next.point)}, 80 %: ${range(next.lower80, next.upper80)}`,
                },
              ]
            : []),
          ...(r.pace?.month ? [{ label: `On pace this month (${r.pace.month.period})`, value: `${fmt(r.pace.month.projected)}, expected ${range(r.pace.month.lower80, r.pace.month.upper80)}` }] : []),
          ...(r.pace
            ? [
                { label: `On pace this quarter (${r.pace.quarter.period})`, value: `${fmt(r.pace.quarter.projected)}, expected ${range(r.pace.quarter.lower80, r.pace.quarter.upper80)}` },
              ]
            : []),
        ]
      : [],
    columns: r.forecast.length ? [{ label: r.grain }, { label: 'forecast', align: 'r' }, { label: '80 % range', align: 'r' }, { label: '95 % range', align: 'r' }] : [],
    rows: r.forecast.map((f) => [periodLabel(f.period, r.grain), fmt(f.point), range(f.lower80, f.upper80), range(f.lower95, f.upper95)]),
    export: {
      columns: ['period', 'point', 'lower80', 'upper80', 'lower95', 'upper95'],
      rows: r.forecast.map((f) => [f.period, f.point, f.lower80, f.upper80, f.lower95, f.upper95]),
    },
    notes: [
      ...(r.message ? [r.message] : []),
      ...(r.model && r.seasonLength === 1 && r.grain === 'week' ? ['Weekly data is forecast without a yearly season (52 weeks is too long a cycle for ETS).'] : []),
      ...(r.history.length ? [`Fitted to ${formatInt(r.history.length)} complete ${r.grain}s, ${periodLabel(r.history[0]!.period, r.grain)} – ${periodLabel(r.history[r.history.length - 1]!.period, r.grain)}.`] : []),
    ],
  };
}
