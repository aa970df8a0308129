import { anomalyDrivers } from '../analytics/anomaly-drivers.js';
import { checkAnomaly, type AnomalyFinding, type AnomalyGrain, type AnomalyPoint } from '../analytics/anomaly-check.js';
import { dayNumber, isoDay } from '../analytics/calendar-day.js';
import type { MemberTotals, PeriodTotals } from '../analytics/followed-metric.js';
import type { Database } from '../db/client.js';
import { anomalySeries, type AnomalySeriesRow } from '../db/queries/anomaly-series.js';
import { metricBuckets, metricMembers } from '../db/queries/metric-periods.js';
import type { LineFilter } from '../db/sql/line-filter.js';
import { METRICS, METRIC_LABEL, type MetricName } from '../lib/metric-names.js';
import type { ReportFilters } from '../lib/report-filters.js';
import type { ReportScope } from '../reports/report-module.js';
import { buildContext } from '../reports/run-report.js';
import type { AlertCase } from './alerts.js';

/** An anomaly as the alert shows it (kept in alert_state.details). */
export interface AnomalyCaseDetails extends AnomalyFound {
  [key: string]: unknown;
  drivers: { dimension: string; name: string; contribution: number }[];
  /** Ordering: the relative deviation, largest first. */
  rank: number;
}

/** The finding of one slice and metric: the detector's, named for the slice it is about. */
export interface AnomalyFound extends Omit<AnomalyFinding, 'metric'> {
  metric: MetricName;
  metricLabel: string;
  /** `all`, `region`, `category` or `salesman`. */
  dimension: string;
  member: string;
  name: string;
  grain: AnomalyGrain;
}

/** History read for a check: a bit over two years, so the month-of-year index has 24 full months. */
const HISTORY_DAYS = 800;
/** At most this many anomalies per run and recipient (largest deviations): never a storm. */
export const MAX_ANOMALIES_PER_RUN = 20;

/** Weekly when the cron names a day of the week (`0 8 * * 1`), daily otherwise. */
export function anomalyGrainOf(cron: string): AnomalyGrain {
  const dow = cron.trim().split(/\s+/)[4];
  return dow !== undefined && dow !== '*' && !/[-,]/.test(dow) ? 'week' : 'day';
}

/**
 * The period a run checks: the last working day on or before `asOf` (daily; non-working days are never
 * checked), or the last ISO week that ended on or before `asOf` (weekly).
 */
export function checkedPeriod(asOf: string, grain: AnomalyGrain, workdays: readonly number[]): { from: string; to: string } {
  const end = dayNumber(asOf);
  const isoDow = (d: number): number => ((((d + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday (4)
  if (grain === 'week') {
    const sunday = end - (isoDow(end) % 7);
    return { from: isoDay(sunday - 6), to: isoDay(sunday) };
  }
  let d = end;
  while (!workdays.includes(isoDow(d)) && d > end - 7) d--;
  return { from: isoDay(d), to: isoDay(d) };
}

function valueOf(metric: MetricName, t: PeriodTotals): number {
  if (metric === 'revenue') return t.revenue;
  if (metric === 'orders') return t.orders;
  if (metric === 'active-customers') return t.customers;
  return t.orders > 0 ? t.revenue / t.orders : 0;
}

function sliceFilter(lines: LineFilter, dimension: string, member: string): LineFilter {
  if (dimension === 'region') return { ...lines, region: [member] };
  if (dimension === 'category') return { ...lines, category: [member] };
  if (dimension === 'salesman') return { ...lines, salesman: [member] };
  return lines;
}

/**
 * The anomalies of the checked period (see {@link checkedPeriod}) for revenue, orders, active customers and
 * average basket, overall and per region, category and salesman, under the filters and the owner's scope
 * (a salesman sees only his own book), as alert cases: one per metric and slice (the subject), the period
 * in the details, so a new anomalous period of the same slice alerts again but a snooze silences the slice.
 * Each case names its drivers against the expected value ({@link anomalyDrivers}). At most
 * {@link MAX_ANOMALIES_PER_RUN}, largest relative deviations first. One ETS fit per slice and metric.
 */
export async function anomalyCases(
  database: Database,
  opts: { filters: ReportFilters; scope: ReportScope; grain: AnomalyGrain; /** Last complete day to check up to (default yesterday or the data's end). */ asOf?: string },
): Promise<AlertCase<AnomalyCaseDetails>[]> {
  const ctx = await buildContext(database, { filters: opts.filters, scope: opts.scope, ...(opts.asOf ? { asOf: opts.asOf } : {}) });
  const lines: LineFilter = { ...ctx.lines, from: undefined, to: undefined };
  // Today is not over: the last complete day is yesterday, or the data's last day when it ends before.
  const lastDay = opts.asOf ?? ctx.dataEnds ?? isoDay(dayNumber(ctx.asOf) - 1);
  const checked = checkedPeriod(lastDay, opts.grain, ctx.workdays);
  const from = isoDay(dayNumber(checked.to) - HISTORY_DAYS);
  const rowsOf = await anomalySeries(database, lines, opts.grain, from, checked.to, ctx.workdays);
  const slices = new Map<string, AnomalySeriesRow[]>();
  for (const r of rowsOf) {
    const key = `${r.dimension}\u0000${r.member}`;
    slices.set(key, [...(slices.get(key) ?? []), r]);
  }
  const calendar = periodsBetween(rowsOf.reduce((min, r) => (r.period < min ? r.period : min), checked.from), checked.from, opts.grain, ctx.workdays);
  const found: { slice: AnomalySeriesRow; details: AnomalyFound }[] = [];
  for (const list of slices.values()) {
    const byPeriod = new Map(list.map((r) => [r.period, { revenue: Number(r.revenue), orders: Number(r.orders), customers: Number(r.customers) }]));
    const first = list[0]!.period;
    const periods = calendar.filter((p) => p >= first);
    if (periods[periods.length - 1] !== checked.from) continue;
    const zero: PeriodTotals = { revenue: 0, orders: 0, customers: 0 };
    for (const metric of METRICS) {
      const series: AnomalyPoint[] = periods.map((p) => ({ period: p, value: valueOf(metric, byPeriod.get(p) ?? zero) }));
      const last = series.pop()!;
      const finding = checkAnomaly({ metric, history: series, period: last.period, actual: last.value }, { grain: opts.grain, seasonLength: ctx.workdays.length });
      if (!finding) continue;
      found.push({
        slice: list[0]!,
        details: {
          metric,
          metricLabel: METRIC_LABEL[metric],
          dimension: list[0]!.dimension,
          member: list[0]!.member,
          name: list[0]!.name,
          grain: opts.grain,
          period: checked.from,
          actual: finding.actual,
          expected: finding.expected,
          lower: finding.lower,
          upper: finding.upper,
          direction: finding.direction,
          deviation: finding.deviation,
          model: finding.model,
          yearlySeason: finding.yearlySeason,
        },
      });
    }
  }
  found.sort((a, b) => Math.abs(b.details.deviation ?? 0) - Math.abs(a.details.deviation ?? 0));
  const out: AlertCase<AnomalyCaseDetails>[] = [];
  for (const f of found.slice(0, MAX_ANOMALIES_PER_RUN)) {
    const drivers = await driversOf(database, sliceFilter(lines, f.slice.dimension, f.slice.member), checked, f.details.metric, f.details.expected);
    out.push({
      subject: `${f.details.metric}:${f.details.dimension}:${f.details.member}:${opts.grain}`,
      details: { ...f.details, drivers, rank: Math.abs(f.details.deviation ?? 0) },
    });
  }
  return out;
}

/** Drivers against the expected value, the week before the checked period as the comparison mix. */
async function driversOf(database: Database, f: LineFilter, checked: { from: string; to: string }, metric: MetricName, expected: number): Promise<AnomalyCaseDetails['drivers']> {
  const start = dayNumber(checked.from);
  const previousFrom = isoDay(start - 7);
  const [comparisonRows, currentRows, members] = await Promise.all([
    metricBuckets(database, f, previousFrom, isoDay(start - 1), 7),
    metricBuckets(database, f, checked.from, checked.to, 7),
    metricMembers(database, f, { previousFrom, currentFrom: checked.from, to: checked.to }),
  ]);
  const totals = (r: { revenue: number; orders: number; customers: number } | undefined): PeriodTotals =>
    r ? { revenue: Number(r.revenue), orders: Number(r.orders), customers: Number(r.customers) } : { revenue: 0, orders: 0, customers: 0 };
  // Members seen only in a window of 7 calendar days before: for a day, the whole week is the mix reference.
  const memberTotals: MemberTotals[] = members
    .filter((m) => m.dimension === 'region' || m.dimension === 'category' || m.dimension === 'product' || m.dimension === 'customer')
    .map((m) => ({
      dimension: m.dimension,
      member: m.member ?? '(none)',
      name: m.name ?? m.member ?? '(none)',
      previous: { revenue: Number(m.previousRevenue), orders: Number(m.previousOrders), customers: Number(m.previousCustomers) },
      current: { revenue: Number(m.currentRevenue), orders: Number(m.currentOrders), customers: Number(m.currentCustomers) },
    }));
  const { drivers } = anomalyDrivers(metric, totals(comparisonRows[0]), totals(currentRows[0]), memberTotals, expected);
  return drivers.map((d) => ({ dimension: d.dimension, name: d.name, contribution: d.contribution }));
}

/** Working days (daily) or ISO-week Mondays (weekly) from `first` to `last` inclusive. */
function periodsBetween(first: string, last: string, grain: AnomalyGrain, workdays: readonly number[]): string[] {
  const out: string[] = [];
  const end = dayNumber(last);
  for (let d = dayNumber(first); d <= end; d += grain === 'week' ? 7 : 1) {
    const dow = ((((d + 3) % 7) + 7) % 7) + 1;
    if (grain === 'week' || workdays.includes(dow)) out.push(isoDay(d));
  }
  return out;
}
