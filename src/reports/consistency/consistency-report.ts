import { dayNumber, isoDay, workingDays } from '../../analytics/calendar-day.js';
import { consistency } from '../../analytics/consistency.js';
import { salesmanDailyRevenue, salesmanOrderCounts } from '../../db/queries/consistency.js';
import { activeSalesmen } from '../../db/queries/salesman-roster.js';
import { formatInt, formatMoney, formatPercent, countOf } from '../../lib/format.js';
import type { ReportView } from '../../views/report-view.js';
import { evenSample } from '../chart-sample.js';
import { capped } from '../report-context.js';
import type { ReportContext, ReportEnvelope } from '../report-module.js';

/** Window used when the request gives no start: the 90 days ending on the as-of day (or `to:`). */
export const CONSISTENCY_DEFAULT_DAYS = 90;

export interface ConsistencyReportSalesman {
  /** Portal id. */
  salesmanId: string;
  name: string;
  revenue: number;
  orders: number;
  /** Day observations: the window's working days plus any other day with a sale. */
  days: number;
  /** Sales days of those observations. */
  salesDays: number;
  meanDaily: number;
  /** Population standard deviation of daily revenue. */
  stdDaily: number;
  /** stdDaily / meanDaily; null when meanDaily ≤ 0. */
  cv: number | null;
  /** 1 / (1 + cv); 0 without positive revenue. */
  consistency: number;
}

export interface ConsistencyReport {
  /** The window used (see CONSISTENCY_DEFAULT_DAYS). */
  period: { from: string; to: string };
  /** True when the window is the default one (no `from:` / `last:` given). */
  defaultWindow: boolean;
  /** Working days in the window per SALES_WORKDAYS. */
  workingDays: number;
  /** ISO weekday numbers counted as working days (Mon = 1 … Sun = 7). */
  workdays: number[];
  salesmanCount: number;
  /** Listed salesmen without positive revenue in the window (consistency 0). */
  withoutSales: number;
  /** Consistency desc, then revenue desc, then id. */
  salesmen: ConsistencyReportSalesman[];
  /** Every salesman with positive revenue (not only the listed ones), in `salesmen` order, for the scatter chart (≤ 2,000, evenly sampled). */
  points: { salesmanId: string; name: string; meanDaily: number; cv: number }[];
}

/**
 * Sales consistency per salesman (analytics/consistency.ts): daily revenue over the window's working
 * days (SALES_WORKDAYS), days without a sale counted as 0 and sales on other days added as extra
 * observations; population std, cv = std / mean, consistency = 1 / (1 + cv).
 *
 * - Window: the period; without `from:`/`last:` the last {@link CONSISTENCY_DEFAULT_DAYS} days ending
 *   on the period's end (reported in `period`).
 * - Listed: active salesmen (narrowed by salesman/region filters, see `activeSalesmen`) — those without
 *   sales get revenue 0 and consistency 0 — plus anyone with sales in scope; nobody when the window has no
 *   sale at all but the data has (the envelope's data note says where). Lines without a salesman are
 *   left out. Refunds lower their day's revenue (a day may be negative).
 */
/** The days consistency reads: the period, or the {@link CONSISTENCY_DEFAULT_DAYS} days ending on its last day. */
export function consistencyWindow(ctx: ReportContext): { from: string; to: string } {
  const to = ctx.period.to;
  return { from: ctx.period.from ?? isoDay(dayNumber(to) - (CONSISTENCY_DEFAULT_DAYS - 1)), to };
}

export async function computeConsistency(ctx: ReportContext): Promise<ConsistencyReport> {
  const { from, to } = consistencyWindow(ctx);
  const f = { ...ctx.lines, from, to };
  const [roster, days, orders] = await Promise.all([
    activeSalesmen(ctx.database, f),
    salesmanDailyRevenue(ctx.database, f),
    salesmanOrderCounts(ctx.database, f),
  ]);
  const people = new Map<string, { salesmanId: string; name: string; orders: number; daily: { day: string; revenue: number }[] }>();
  const person = (id: string, name: string) => {
    let p = people.get(id);
    if (p === undefined) people.set(id, (p = { salesmanId: id, name, orders: 0, daily: [] }));
    return p;
  };
  // A window without a single sale while the data has sales elsewhere lists nobody: a table of zeros
  // would read as "everyone sold nothing"; the envelope's data note says where the data is instead.
  const windowEmpty = days.length === 0 && orders.length === 0 && ctx.dataRange != null;
  if (!windowEmpty) for (const r of roster) person(r.salesmanId, r.name);
  for (const d of days) person(d.salesmanId, d.name).daily.push({ day: d.day, revenue: d.revenue });
  for (const o of orders) person(o.salesmanId, o.name).orders = o.orders;
  const workdays = ctx.workdays;
  const working = workingDays(from, to, workdays.map((d) => d - 1));
  const result = consistency([...people.values()], working);
  const salesDays = new Map([...people.values()].map((p) => [p.salesmanId, new Set(p.daily.map((d) => d.day)).size]));
  const salesmen = result.salesmen.map((s) => ({
    salesmanId: String(s.salesmanId),
    name: s.name,
    revenue: s.revenue,
    orders: s.orders,
    days: s.days,
    salesDays: salesDays.get(String(s.salesmanId)) ?? 0,
    meanDaily: s.meanDaily,
    stdDaily: s.stdDaily,
    cv: s.cv,
    consistency: s.consistency,
  }));
  return {
    period: { from, to },
    defaultWindow: ctx.period.from === undefined,
    workingDays: working.length,
    workdays: [...workdays],
    salesmanCount: salesmen.length,
    withoutSales: salesmen.filter((s) => s.cv === null).length,
    salesmen: capped(salesmen, ctx.limit),
    points: evenSample(salesmen.flatMap((s) => (s.cv === null ? [] : [{ salesmanId: s.salesmanId, name: s.name, meanDaily: s.meanDaily, cv: s.cv }]))),
  };
}

export function consistencyView(r: ConsistencyReport & ReportEnvelope): ReportView {
  const best = r.salesmen[0]?.cv === null ? undefined : r.salesmen[0];
  const notes: string[] = [];
  if (r.salesmanCount === 0) notes.push('No active salesmen match these filters.');
  else if (r.withoutSales === r.salesmanCount) notes.push('No salesman has positive revenue in this window.');
  if (r.defaultWindow) notes.push(`Default window: the last ${CONSISTENCY_DEFAULT_DAYS} days; use from:/last: to change it.`);
  const cutNote = r.salesmen.length < r.salesmanCount ? `Top ${r.salesmen.length} of ${countOf(r.salesmanCount, 'salesman', 'salesmen')}; --limit 0 for all.` : undefined;
  notes.push('consistency = 1 / (1 + cv of daily revenue); 1 = the same revenue every working day.');
  return {
    title: `Sales consistency · ${r.period.from} to ${r.period.to} (${countOf(r.workingDays, 'working day')})`,
    keyFigures: [
      { label: 'Salesmen', value: formatInt(r.salesmanCount) },
      ...(best ? [{ label: 'Most consistent', value: `${best.name} (${best.consistency.toFixed(2)})` }] : []),
      { label: 'No net sales', value: formatInt(r.withoutSales) },
    ],
    columns: [
      { label: 'salesman' },
      { label: 'name' },
      { label: 'revenue', align: 'r' },
      { label: 'orders', align: 'r' },
      { label: 'sales days', align: 'r' },
      { label: 'mean/day', align: 'r' },
      { label: 'std/day', align: 'r' },
      { label: 'cv', align: 'r' },
      { label: 'consistency', align: 'r' },
    ],
    rows: r.salesmen.map((s) => [
      s.salesmanId,
      s.name,
      formatMoney(s.revenue),
      formatInt(s.orders),
      `${formatInt(s.salesDays)} (${s.days > 0 ? formatPercent(s.salesDays / s.days, 0) : '—'})`,
      formatMoney(s.meanDaily),
      formatMoney(s.stdDaily),
      s.cv === null ? '—' : s.cv.toFixed(2),
      s.consistency.toFixed(2),
    ]),
    notes,
    totalRows: r.salesmanCount,
    ...(cutNote ? { cutNote } : {}),
    export: {
      columns: ['salesman_id', 'salesman', 'revenue', 'orders', 'days', 'sales_days', 'mean_daily', 'std_daily', 'cv', 'consistency'],
      rows: r.salesmen.map((s) => [s.salesmanId, s.name, s.revenue, s.orders, s.days, s.salesDays, s.meanDaily, s.stdDaily, s.cv, s.consistency]),
    },
  };
}

