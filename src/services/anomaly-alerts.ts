import { setImmediate as nextTurn } from 'node:timers/promises';
import pLimit, { type LimitFunction } from 'p-limit';
import type { AnomalyFinding, AnomalyGrain } from '../analytics/anomaly-check.js';
import { anomalyDrivers } from '../analytics/anomaly-drivers.js';
import { checkSlice, type SliceSeries } from '../analytics/anomaly-slice-check.js';
import { dayNumber, isoDay } from '../analytics/calendar-day.js';
import type { MemberTotals, PeriodTotals } from '../analytics/followed-metric.js';
import type { Database } from '../db/client.js';
import { anomalySeries, salesmanAnomalySeries, type AnomalySeriesRow, type SalesmanSeriesRow } from '../db/queries/anomaly-series.js';
import { metricBuckets, metricMembers } from '../db/queries/metric-periods.js';
import type { LineFilter } from '../db/sql/line-filter.js';
import { METRIC_LABEL, type MetricName } from '../lib/metric-names.js';
import type { ReportFilters } from '../lib/report-filters.js';
import type { ReportScope } from '../reports/report-module.js';
import type { ReportThreads } from '../reports/report-threads.js';
import { buildContext } from '../reports/run-report.js';
import type { AlertCase } from './alerts.js';
import { anomalyFitThreads } from './anomaly-fit-threads.js';

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
  /** Set in a salesman's own fan-out DM: the slice is (part of) his book, and the message says so. */
  ownBook?: true;
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

function sliceFilter(lines: LineFilter, dimension: string, member: string): LineFilter {
  if (dimension === 'region') return { ...lines, region: [member] };
  if (dimension === 'category') return { ...lines, category: [member] };
  if (dimension === 'salesman') return { ...lines, salesman: [member] };
  return lines;
}

/** The threads anomaly fits run on: the caller's, none (`null`: in-process), or the shared pool. */
export type AnomalyThreadsOption = { threads?: ReportThreads | null };

/** Where one run's fits go (see {@link anomalyFitThreads}); `null` means in-process. */
function threadsOf(opts: AnomalyThreadsOption): ReportThreads | null {
  return opts.threads === undefined ? anomalyFitThreads() : opts.threads;
}

/** One slice per thread at a time: a thread that finishes takes the next, none sits idle while another has a queue. */
function fitLimit(threads: ReportThreads | null): LimitFunction {
  return pLimit(Math.max(1, threads?.size ?? 1));
}

/** A slice to check: its series and what the alert says about it. */
interface SliceToCheck {
  series: SliceSeries;
  dimension: string;
  member: string;
  name: string;
  /** The lines of the slice, for its drivers. */
  lines: LineFilter;
  ownBook?: true;
}

/** What every anomaly run reads first: the checked period, its history window and the calendar of its periods. */
async function runWindow(database: Database, opts: { filters: ReportFilters; scope: ReportScope; grain: AnomalyGrain; asOf?: string | undefined }) {
  const ctx = await buildContext(database, { filters: opts.filters, scope: opts.scope, ...(opts.asOf ? { asOf: opts.asOf } : {}) });
  const lines: LineFilter = { ...ctx.lines, from: undefined, to: undefined };
  // Today is not over: the last complete day is yesterday, or the data's last day when it ends before.
  const lastDay = opts.asOf ?? ctx.dataEnds ?? isoDay(dayNumber(ctx.asOf) - 1);
  const checked = checkedPeriod(lastDay, opts.grain, ctx.workdays);
  const from = isoDay(dayNumber(checked.to) - HISTORY_DAYS);
  return { lines, checked, from, workdays: ctx.workdays };
}

/**
 * A slice's rows (one per period with a sale, oldest first) as the series checked: every period of the
 * calendar from the slice's first sale to the checked one, 0 where nothing sold.
 */
function seriesOf(key: string, list: readonly { period: string; revenue: number; orders: number; customers: number }[], calendar: readonly string[], checked: { from: string }, grain: AnomalyGrain, seasonLength: number): SliceSeries | undefined {
  const byPeriod = new Map(list.map((r) => [r.period, r]));
  const first = list[0]?.period;
  if (first === undefined) return undefined;
  const periods = calendar.filter((p) => p >= first);
  if (periods.at(-1) !== checked.from) return undefined;
  const at = (p: string, k: 'revenue' | 'orders' | 'customers') => Number(byPeriod.get(p)?.[k] ?? 0);
  return {
    key,
    grain,
    seasonLength,
    periods,
    revenue: periods.map((p) => at(p, 'revenue')),
    orders: periods.map((p) => at(p, 'orders')),
    customers: periods.map((p) => at(p, 'customers')),
  };
}

/** The calendar of a run: from the first period any row has (or the checked one) to the checked one. */
function calendarOf(rows: readonly { period: string }[], checked: { from: string }, grain: AnomalyGrain, workdays: readonly number[]): string[] {
  return periodsBetween(rows.reduce((min, r) => (r.period < min ? r.period : min), checked.from), checked.from, grain, workdays);
}

/**
 * Fits every slice, on the threads side by side when there are threads (one slice per thread at a time,
 * so a thread that finishes takes the next), and turns the findings into alert cases: largest relative
 * deviations first, at most {@link MAX_ANOMALIES_PER_RUN}, each with its drivers.
 */
async function casesOfSlices(
  database: Database,
  slices: readonly SliceToCheck[],
  o: { threads: ReportThreads | null; grain: AnomalyGrain; checked: { from: string; to: string }; limit: LimitFunction },
): Promise<AlertCase<AnomalyCaseDetails>[]> {
  const byKey = new Map(slices.map((s) => [s.series.key, s]));
  // In-process: one slice per turn of the event loop, so what else the process serves gets its turns in between.
  const fit = (s: SliceToCheck) => (o.threads ? o.threads.anomalyFits(database, s.series) : nextTurn().then(() => checkSlice(s.series)));
  const results = await Promise.all(slices.map((s) => o.limit(() => fit(s))));
  const found: { slice: SliceToCheck; details: AnomalyFound }[] = [];
  for (const { key, metric, finding } of results.flat()) {
    const slice = byKey.get(key)!;
    found.push({
      slice,
      details: {
        metric,
        metricLabel: METRIC_LABEL[metric],
        dimension: slice.dimension,
        member: slice.member,
        name: slice.name,
        grain: o.grain,
        period: o.checked.from,
        actual: finding.actual,
        expected: finding.expected,
        lower: finding.lower,
        upper: finding.upper,
        direction: finding.direction,
        deviation: finding.deviation,
        model: finding.model,
        yearlySeason: finding.yearlySeason,
        ...(slice.ownBook ? { ownBook: true as const } : {}),
      },
    });
  }
  // Stable order before the sort: the slices' order, then METRICS order (as the in-process loop had it).
  found.sort((a, b) => Math.abs(b.details.deviation ?? 0) - Math.abs(a.details.deviation ?? 0));
  const out: AlertCase<AnomalyCaseDetails>[] = [];
  for (const f of found.slice(0, MAX_ANOMALIES_PER_RUN)) {
    const drivers = await driversOf(database, f.slice.lines, o.checked, f.details.metric, f.details.expected);
    out.push({
      subject: `${f.details.metric}:${f.details.dimension}:${f.details.member}:${o.grain}`,
      details: { ...f.details, drivers, rank: Math.abs(f.details.deviation ?? 0) },
    });
  }
  return out;
}

/**
 * The anomalies of the checked period (see {@link checkedPeriod}) for revenue, orders, active customers and
 * average basket, overall and per region, category and salesman, under the filters and the owner's scope
 * (a salesman sees only his own book), as alert cases: one per metric and slice (the subject), the period
 * in the details, so a new anomalous period of the same slice alerts again but a snooze silences the slice.
 * Each case names its drivers against the expected value ({@link anomalyDrivers}). At most
 * {@link MAX_ANOMALIES_PER_RUN}, largest relative deviations first. One ETS fit per slice and metric, on
 * the report threads when the database is PostgreSQL (see ReportThreads.anomalyFits).
 */
export async function anomalyCases(
  database: Database,
  opts: { filters: ReportFilters; scope: ReportScope; grain: AnomalyGrain; /** Last complete day to check up to (default yesterday or the data's end). */ asOf?: string } & AnomalyThreadsOption,
): Promise<AlertCase<AnomalyCaseDetails>[]> {
  const { lines, checked, from, workdays } = await runWindow(database, opts);
  const rowsOf = await anomalySeries(database, lines, opts.grain, from, checked.to, workdays);
  const bySlice = new Map<string, AnomalySeriesRow[]>();
  for (const r of rowsOf) {
    const key = `${r.dimension}\u0000${r.member}`;
    bySlice.set(key, [...(bySlice.get(key) ?? []), r]);
  }
  const calendar = calendarOf(rowsOf, checked, opts.grain, workdays);
  const slices: SliceToCheck[] = [];
  for (const [key, list] of bySlice) {
    const series = seriesOf(key, list, calendar, checked, opts.grain, workdays.length);
    const head = list[0]!;
    if (series) slices.push({ series, dimension: head.dimension, member: head.member, name: head.name, lines: sliceFilter(lines, head.dimension, head.member) });
  }
  const threads = threadsOf(opts);
  return casesOfSlices(database, slices, { threads, grain: opts.grain, checked, limit: fitLimit(threads) });
}

/**
 * What a salesman's own anomaly check covers (`/sales subscribe alert anomalies salesmen`): his whole book,
 * and his biggest regions and categories — at most {@link SALESMAN_SLICES_PER_DIMENSION} of each holding
 * at least {@link SALESMAN_SLICE_MIN_SHARE} and under {@link SALESMAN_SLICE_MAX_SHARE} of his revenue.
 *
 * Why bounded so: a full run fits ≈ 25 slices × 4 metrics; doing that per salesman would be N times it.
 * A salesman needs his own book (what a `me` subscription of his shows); a region or category under a fifth
 * of his book is a handful of orders a day, mostly noise the detector skips as sparse or alerts on
 * needlessly, and its swings show among the drivers of his book's anomaly anyway; one holding nearly all of
 * it (his one territory) repeats his whole book. So at most 5 slices, 20 fits per salesman, typically
 * fewer, all salesmen read in one query and fitted on the threads side by side.
 */
export const SALESMAN_SLICE_MIN_SHARE = 0.2;
export const SALESMAN_SLICE_MAX_SHARE = 0.95;
export const SALESMAN_SLICES_PER_DIMENSION = 2;

/**
 * The anomalies of each salesman's own book in the owner's scope and filters, keyed by the salesman's
 * internal id: per salesman the cases his own `me` subscription would show for his book overall and his
 * biggest regions and categories (see {@link SALESMAN_SLICE_MIN_SHARE}), same subjects, same cap, his lines
 * only in the drivers. Salesmen without a finding are absent.
 */
export async function anomalyCasesBySalesman(
  database: Database,
  opts: { filters: ReportFilters; scope: ReportScope; grain: AnomalyGrain; asOf?: string } & AnomalyThreadsOption,
): Promise<Map<number, AlertCase<AnomalyCaseDetails>[]>> {
  const { lines, checked, from, workdays } = await runWindow(database, opts);
  const rowsOf = await salesmanAnomalySeries(database, lines, opts.grain, from, checked.to, workdays, {
    minShare: SALESMAN_SLICE_MIN_SHARE,
    maxShare: SALESMAN_SLICE_MAX_SHARE,
    perDimension: SALESMAN_SLICES_PER_DIMENSION,
  });
  const calendar = calendarOf(rowsOf, checked, opts.grain, workdays);
  const bySalesman = new Map<number, Map<string, SalesmanSeriesRow[]>>();
  for (const r of rowsOf) {
    const slices = bySalesman.get(r.salesmanId) ?? new Map<string, SalesmanSeriesRow[]>();
    bySalesman.set(r.salesmanId, slices);
    const key = `${r.salesmanId}\u0000${r.dimension}\u0000${r.member}`;
    slices.set(key, [...(slices.get(key) ?? []), r]);
  }
  const threads = threadsOf(opts);
  // Every salesman's slices queue for the same threads at once (one limiter), so the threads stay busy across salesmen.
  const limit = fitLimit(threads);
  const entries = await Promise.all(
    [...bySalesman].map(async ([salesmanId, slices]) => {
      const book: LineFilter = { ...lines, ownerSalesmanId: salesmanId };
      const toCheck: SliceToCheck[] = [];
      for (const [key, list] of slices) {
        const series = seriesOf(key, list, calendar, checked, opts.grain, workdays.length);
        const head = list[0]!;
        if (series) toCheck.push({ series, dimension: head.dimension, member: head.member, name: head.member, lines: sliceFilter(book, head.dimension, head.member), ownBook: true });
      }
      return [salesmanId, await casesOfSlices(database, toCheck, { threads, grain: opts.grain, checked, limit })] as const;
    }),
  );
  return new Map(entries.filter(([, cases]) => cases.length > 0));
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
