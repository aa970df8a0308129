import { dayNumber, isoDay } from '../../analytics/calendar-day.js';
import {
  attainment,
  expectedShare,
  linearPace,
  neededPerWorkingDay,
  periodProgress,
  projectEnd,
  seasonalPace,
  type PastPeriod,
  type Projection,
} from '../../analytics/goal-pace.js';
import { forecastPace } from '../../analytics/goal-forecast.js';
import { parseGoalPeriod, periodOf, samePeriodYearsBefore, shiftPeriod, type GoalPeriod } from '../../analytics/goal-period.js';
import { goalAmounts, goalDailySeries, targetsOfPeriods, type GoalWindow, type TargetRow } from '../../db/queries/goals.js';
import type { TargetMetric, TargetScopeKind } from '../../db/schema/targets.js';
import type { ReportContext } from '../report-module.js';

/** Earlier years of the same period the season and the projection range are read from. */
export const HISTORY_YEARS = 3;
/** Days of daily history (through the as-of day) the forecast's weekday model is fitted on: a year is plenty for m = 7. */
export const FORECAST_HISTORY_DAYS = 365;

export interface GoalScope {
  kind: TargetScopeKind;
  /** '' for the company; region/category name; salesman portal id. */
  value: string;
  /** "Company", "Region North", "Category Paper", "Nancy Davolio (S1)". */
  label: string;
}

export interface GoalRow {
  period: string;
  /** First and last day of the period (inclusive). */
  periodFrom: string;
  periodTo: string;
  metric: TargetMetric;
  scope: GoalScope;
  target: number;
  /** From the period's first day through the as-of day. */
  actual: number;
  /** actual ÷ target; null for a zero target. */
  attainment: number | null;
  /** Where a straight line from 0 to the target stands on the as-of day (working days). */
  linearPace: number;
  /** target × the expected share of the period's total by the as-of day (see `expectedShare`). */
  seasonalPace: number;
  /**
   * `ets`: from the daily ETS forecast (see `forecastPace`; `model` names it, `years` is 0); otherwise
   * the stand-in from earlier years (`history`) or working days (`linear`), used when the history is too short.
   */
  expectedShare: { share: number; source: 'ets' | 'history' | 'linear'; years: number; model?: string };
  /** Null when nothing can be projected (no earlier year, no working day elapsed yet). `forecast`: actual + the forecast of the remaining days, range = Σ their 80 % bounds. */
  projected: { point: number; lower: number; upper: number; basis: Projection['basis'] | 'ets' } | null;
  /** (target − actual)⁺ ÷ working days left; null when the period has none left. */
  neededPerWorkingDay: number | null;
  workingDays: { total: number; elapsed: number; left: number };
}

export interface GoalsReport {
  /** The day the goals are measured on (the as-of day). */
  asOf: string;
  /** The periods whose targets were looked for. */
  periods: string[];
  /** Ranked by attainment, best first (a zero target last). */
  targets: GoalRow[];
}

/** Months and quarters touching [from, to]: the periods whose targets a window shows. */
export function periodsTouching(from: string, to: string): string[] {
  const out: string[] = [];
  for (const kind of ['month', 'quarter'] as const) {
    for (let p: GoalPeriod = periodOf(kind, from); p.from <= to; p = shiftPeriod(p, 1)) out.push(p.text);
  }
  return out;
}

function scopeOf(t: TargetRow): GoalScope {
  switch (t.scopeKind) {
    case 'company':
      return { kind: 'company', value: '', label: 'Company' };
    case 'region':
      return { kind: 'region', value: t.scopeValue, label: `Region ${t.scopeValue}` };
    case 'category':
      return { kind: 'category', value: t.scopeValue, label: `Category ${t.scopeValue}` };
    case 'salesman':
      return { kind: 'salesman', value: t.scopeValue, label: t.salesmanName ? `${t.salesmanName} (${t.scopeValue})` : t.scopeValue };
  }
}

/** The member filters narrow the list to targets of that region, category or salesman. */
function matchesFilters(t: TargetRow, ctx: ReportContext): boolean {
  const f = ctx.filters;
  const wanted: [TargetScopeKind, string[] | undefined][] = [
    ['region', f.region],
    ['category', f.category],
    ['salesman', f.salesman],
  ];
  const given = wanted.filter(([, v]) => v !== undefined && v.length > 0);
  return given.length === 0 || given.some(([kind, values]) => t.scopeKind === kind && values!.includes(t.scopeValue));
}

const shiftDay = (day: string, days: number): string => isoDay(dayNumber(day) + days);

/**
 * The daily ETS forecast's share and projection for a period under way (null → the stand-in): the
 * series runs from FORECAST_HISTORY_DAYS before the as-of day (not before the data's first day) through it.
 */
async function forecastOf(ctx: ReportContext, measure: Parameters<typeof goalDailySeries>[1], period: { from: string; to: string }, asOf: string, actual: number) {
  if (ctx.dataRange === null || asOf < period.from || asOf >= period.to) return null;
  const yearBack = shiftDay(asOf, -(FORECAST_HISTORY_DAYS - 1));
  const from = yearBack < ctx.dataRange.from ? ctx.dataRange.from : yearBack;
  const daily = await goalDailySeries(ctx.database, measure, from, asOf);
  const elapsed = dayNumber(asOf) - dayNumber(period.from) + 1;
  return forecastPace(daily, elapsed, dayNumber(period.to) - dayNumber(period.from) + 1, actual);
}

/** One target's figures on the as-of day. */
async function goalRow(ctx: ReportContext, t: TargetRow, asOf: string): Promise<GoalRow | null> {
  const period = parseGoalPeriod(t.period);
  if (!period) return null;
  const progress = periodProgress(period, asOf, ctx.workdays);
  // The as-of day's place in the period, carried to the same period of earlier years.
  const offset = dayNumber(asOf) - dayNumber(period.from);
  const past = Array.from({ length: HISTORY_YEARS }, (_, i) => samePeriodYearsBefore(period, i + 1)).filter(
    // Only years wholly inside the data: a year cut by the data's start would look like a slow season.
    (p) => ctx.dataRange !== null && ctx.dataRange.from <= p.from && p.to <= ctx.dataRange.to,
  );
  const windows: GoalWindow[] = [
    { from: period.from, cutoff: asOf, to: period.to },
    ...past.map((p) => {
      const cutoff = shiftDay(p.from, offset);
      return { from: p.from, cutoff: cutoff > p.to ? p.to : cutoff, to: p.to };
    }),
  ];
  const measure = { metric: t.metric, scopeKind: t.scopeKind, scopeValue: t.scopeValue, salesmanId: t.salesmanId, timeZone: ctx.timeZone };
  const [current, ...earlier] = await goalAmounts(ctx.database, measure, windows);
  const actual = current!.toDate;
  const pastPeriods: PastPeriod[] = earlier.map((a, i) => ({
    toDate: a.toDate,
    total: a.total,
    workingDaysLeft: periodProgress(past[i]!, windows[i + 1]!.cutoff, ctx.workdays).left,
  }));
  const seasonal = await forecastOf(ctx, measure, period, asOf, actual);
  const share: GoalRow['expectedShare'] = seasonal
    ? { share: seasonal.share, source: 'ets', years: 0, model: seasonal.model }
    : expectedShare(pastPeriods, progress);
  const projected: GoalRow['projected'] = seasonal ? { ...seasonal.projected, basis: 'ets' } : projectEnd(actual, progress, pastPeriods);
  return {
    period: period.text,
    periodFrom: period.from,
    periodTo: period.to,
    metric: t.metric,
    scope: scopeOf(t),
    target: t.amount,
    actual,
    attainment: attainment(t.amount, actual),
    linearPace: linearPace(t.amount, progress),
    seasonalPace: seasonalPace(t.amount, share),
    expectedShare: share,
    projected,
    neededPerWorkingDay: neededPerWorkingDay(t.amount, actual, progress),
    workingDays: progress,
  };
}

/**
 * The targets of the periods holding the as-of day (with `from:`/a named period: every month and
 * quarter the window touches), each measured through the as-of day. A salesman sees his own targets
 * only; everybody else sees all of them, ranked by attainment.
 */
export async function computeGoals(ctx: ReportContext): Promise<GoalsReport> {
  const asOf = ctx.period.to;
  const periods = periodsTouching(ctx.period.from ?? asOf, asOf);
  const own = ctx.scope.kind === 'salesman' ? ctx.scope.salesmanId : undefined;
  const targets = (await targetsOfPeriods(ctx.database, periods, own)).filter((t) => matchesFilters(t, ctx));
  const rows = (await Promise.all(targets.map((t) => goalRow(ctx, t, asOf)))).filter((r): r is GoalRow => r !== null);
  rows.sort((a, b) => (b.attainment ?? -1) - (a.attainment ?? -1) || a.scope.label.localeCompare(b.scope.label));
  return { asOf, periods, targets: rows };
}
