import { activityVsRevenue, type SalesmanWeekRow } from '../../analytics/activity.js';
import { dayNumber, isoDay } from '../../analytics/calendar-day.js';
import { salesmanWeeklyActivities, salesmanWeeklyRevenue } from '../../db/queries/activity.js';
import { activeSalesmen } from '../../db/queries/salesman-roster.js';
import { formatInt, formatMoney, countOf } from '../../lib/format.js';
import type { ReportView } from '../../views/report-view.js';
import { evenSample } from '../chart-sample.js';
import { capped } from '../report-context.js';
import type { ReportContext, ReportEnvelope } from '../report-module.js';

/** Window used when the request gives no start: 26 whole weeks ending on the as-of day (or `to:`). */
export const ACTIVITY_DEFAULT_WEEKS = 26;

export interface ActivityReportSalesman {
  /** Portal id. */
  salesmanId: string;
  name: string;
  visits: number;
  calls: number;
  /** Emails and meetings. */
  other: number;
  /** visits + calls + other. */
  activities: number;
  revenue: number;
  /** revenue / activities; null without activities. */
  revenuePerActivity: number | null;
  /** Weeks with at least one activity. */
  activeWeeks: number;
}

export interface ActivityReport {
  /** The window used (see ACTIVITY_DEFAULT_WEEKS). */
  period: { from: string; to: string };
  defaultWindow: boolean;
  /** Weeks in the window: 7-day blocks counted back from `to`; only the oldest may be short. */
  weeks: number;
  salesmanCount: number;
  totals: { visits: number; calls: number; other: number; activities: number; revenue: number };
  /** Revenue desc, then id. */
  salesmen: ActivityReportSalesman[];
  /**
   * Activities (all kinds) vs revenue across salesman-weeks, zero weeks included; coefficients null when
   * n < 3 or either side has no variance.
   */
  correlation: { pearson: number | null; spearman: number | null; n: number };
  /** Every salesman (not only the listed ones), in `salesmen` order, for the scatter chart (≤ 2,000, evenly sampled). */
  points: { salesmanId: string; name: string; activities: number; revenue: number }[];
}

/**
 * Activities vs revenue (analytics/activity.ts). One observation per (salesman, week) for every listed
 * salesman and every week of the window, weeks without activities or sales counted as 0, so a salesman
 * who logs nothing and sells nothing pulls the correlation like anyone else.
 *
 * - Window: the period; without `from:`/`last:` the {@link ACTIVITY_DEFAULT_WEEKS} weeks ending on the
 *   period's end. Weeks are 7-day blocks counted back from the last day.
 * - Listed: active salesmen (narrowed by salesman/region filters) plus anyone with activities or sales
 *   in the window. Region/customer filters keep activities logged against customers there; category
 *   filters revenue only. Refunds lower their week's revenue.
 */
export async function computeActivity(ctx: ReportContext): Promise<ActivityReport> {
  const to = ctx.period.to;
  const from = ctx.period.from ?? isoDay(dayNumber(to) - (ACTIVITY_DEFAULT_WEEKS * 7 - 1));
  const f = { ...ctx.lines, from, to };
  const weeks = Math.floor((dayNumber(to) - dayNumber(from)) / 7) + 1;
  const [roster, acts, revenue] = await Promise.all([
    activeSalesmen(ctx.database, f),
    salesmanWeeklyActivities(ctx.database, f),
    salesmanWeeklyRevenue(ctx.database, f),
  ]);
  const names = new Map<string, string>();
  for (const r of [...roster, ...acts, ...revenue]) if (!names.has(r.salesmanId)) names.set(r.salesmanId, r.name);
  const key = (id: string, week: number) => `${week}\u0000${id}`;
  const actBy = new Map(acts.map((a) => [key(a.salesmanId, a.week), a]));
  const revBy = new Map(revenue.map((r) => [key(r.salesmanId, r.week), r.revenue]));
  const rows: SalesmanWeekRow[] = [];
  for (const id of names.keys()) {
    for (let w = weeks - 1; w >= 0; w--) {
      const a = actBy.get(key(id, w));
      const start = Math.max(dayNumber(from), dayNumber(to) - 7 * w - 6);
      rows.push({ salesmanId: id, week: isoDay(start), visits: a?.visits ?? 0, calls: a?.calls ?? 0, other: a?.other ?? 0, revenue: revBy.get(key(id, w)) ?? 0 });
    }
  }
  const result = activityVsRevenue(rows);
  const other = new Map<string, number>();
  const activeWeeks = new Map<string, number>();
  for (const a of acts) {
    other.set(a.salesmanId, (other.get(a.salesmanId) ?? 0) + a.other);
    if (a.visits + a.calls + a.other > 0) activeWeeks.set(a.salesmanId, (activeWeeks.get(a.salesmanId) ?? 0) + 1);
  }
  const salesmen = result.salesmen.map((s): ActivityReportSalesman => {
    const id = String(s.salesmanId);
    return {
      salesmanId: id,
      name: names.get(id) ?? '',
      visits: s.visits,
      calls: s.calls,
      other: other.get(id) ?? 0,
      activities: s.activities,
      revenue: s.revenue,
      revenuePerActivity: s.revenuePerActivity,
      activeWeeks: activeWeeks.get(id) ?? 0,
    };
  });
  const totals = { visits: 0, calls: 0, other: 0, activities: 0, revenue: 0 };
  for (const s of salesmen) {
    totals.visits += s.visits;
    totals.calls += s.calls;
    totals.other += s.other;
    totals.activities += s.activities;
    totals.revenue += s.revenue;
  }
  return {
    period: { from, to },
    defaultWindow: ctx.period.from === undefined,
    weeks,
    salesmanCount: salesmen.length,
    totals,
    salesmen: capped(salesmen, ctx.limit),
    correlation: result.correlation,
    points: evenSample(salesmen.map((s) => ({ salesmanId: s.salesmanId, name: s.name, activities: s.activities, revenue: s.revenue }))),
  };
}

const coef = (v: number | null) => (v === null ? '—' : v.toFixed(2));

export function activityView(r: ActivityReport & ReportEnvelope): ReportView {
  const notes: string[] = [];
  if (r.salesmanCount === 0) notes.push('No salesmen match these filters.');
  else if (r.totals.activities === 0) notes.push('No activities logged in this window.');
  if (r.correlation.pearson === null && r.salesmanCount > 0) notes.push('Correlation needs at least 3 salesman-weeks with varying activities and revenue.');
  if (r.defaultWindow) notes.push(`Default window: the last ${ACTIVITY_DEFAULT_WEEKS} weeks; use from:/last: to change it.`);
  const cutNote = r.salesmen.length < r.salesmanCount ? `Top ${r.salesmen.length} of ${countOf(r.salesmanCount, 'salesman', 'salesmen')}; --limit 0 for all.` : undefined;
  return {
    title: `Activities vs revenue · ${r.period.from} to ${r.period.to} (${countOf(r.weeks, 'week')})`,
    keyFigures: [
      { label: 'Correlation (Pearson / Spearman)', value: `${coef(r.correlation.pearson)} / ${coef(r.correlation.spearman)} over ${formatInt(r.correlation.n)} salesman-weeks` },
      { label: 'Activities', value: `${formatInt(r.totals.activities)} (${formatInt(r.totals.visits)} visits, ${formatInt(r.totals.calls)} calls)` },
      { label: 'Revenue per activity', value: r.totals.activities > 0 ? formatMoney(r.totals.revenue / r.totals.activities) : '—' },
    ],
    columns: [
      { label: 'salesman' },
      { label: 'name' },
      { label: 'visits', align: 'r' },
      { label: 'calls', align: 'r' },
      { label: 'other', align: 'r' },
      { label: 'revenue', align: 'r' },
      { label: 'rev./activity', align: 'r' },
      { label: 'active weeks', align: 'r' },
    ],
    rows: r.salesmen.map((s) => [
      s.salesmanId,
      s.name,
      formatInt(s.visits),
      formatInt(s.calls),
      formatInt(s.other),
      formatMoney(s.revenue),
      s.revenuePerActivity === null ? '—' : formatMoney(s.revenuePerActivity),
      `${s.activeWeeks}/${r.weeks}`,
    ]),
    notes,
    totalRows: r.salesmanCount,
    ...(cutNote ? { cutNote } : {}),
    export: {
      columns: ['salesman_id', 'salesman', 'visits', 'calls', 'other', 'activities', 'revenue', 'revenue_per_activity', 'active_weeks', 'weeks'],
      rows: r.salesmen.map((s) => [s.salesmanId, s.name, s.visits, s.calls, s.other, s.activities, s.revenue, s.revenuePerActivity, s.activeWeeks, r.weeks]),
    },
  };
}

