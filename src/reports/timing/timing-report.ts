import { timing } from '../../analytics/timing.js';
import { salesByWeekdayHour } from '../../db/queries/timing.js';
import { bar, formatInt, formatMoney, formatPercent } from '../../lib/format.js';
import type { ReportView } from '../../views/report-view.js';
import type { ReportContext, ReportEnvelope } from '../report-module.js';

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export interface TimingReport {
  /** IANA zone the days and hours are read in (SALES_TZ). */
  timeZone: string;
  /** matrix[dayOfWeek][hour] = net revenue; Monday = 0, hour 0–23. */
  matrix: number[][];
  /** orders[dayOfWeek][hour] = distinct orders. */
  orders: number[][];
  /** Highest-revenue cell (ties: more orders, then earlier); null when there are no sales. */
  peak: { dayOfWeek: number; hour: number } | null;
  totalRevenue: number;
  totalOrders: number;
  /** Per weekday totals (Mon..Sun), for the table and charts. */
  byDay: { dayOfWeek: number; revenue: number; orders: number }[];
  /** Per hour totals (0..23). */
  byHour: { hour: number; revenue: number; orders: number }[];
}

/**
 * When sales happen (analytics/timing.ts): revenue and distinct orders per weekday (Mon = 0) × hour,
 * read in SALES_TZ, over the report period (all history to the as-of day unless filtered). Refunds
 * subtract from the cell of their own time. Empty data → zero matrices and `peak: null`.
 */
export async function computeTiming(ctx: ReportContext): Promise<TimingReport> {
  const t = timing(await salesByWeekdayHour(ctx.database, ctx.lines));
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  const byDay = t.matrix.map((row, d) => ({ dayOfWeek: d, revenue: sum(row), orders: sum(t.orders[d]!) }));
  const byHour = Array.from({ length: 24 }, (_, h) => ({
    hour: h,
    revenue: sum(t.matrix.map((row) => row[h]!)),
    orders: sum(t.orders.map((row) => row[h]!)),
  }));
  return {
    timeZone: ctx.timeZone,
    matrix: t.matrix,
    orders: t.orders,
    peak: t.peak,
    totalRevenue: sum(byDay.map((d) => d.revenue)),
    totalOrders: sum(byDay.map((d) => d.orders)),
    byDay,
    byHour,
  };
}

const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;

export function timingView(r: TimingReport & ReportEnvelope): ReportView {
  const period = r.period.from ? `${r.period.from} to ${r.period.to}` : `up to ${r.period.to}`;
  const busiestHour = r.byHour.reduce<(typeof r.byHour)[number] | undefined>((b, h) => (h.revenue > (b?.revenue ?? 0) ? h : b), undefined);
  const maxDay = Math.max(0, ...r.byDay.map((d) => d.revenue));
  return {
    title: `Sales timing by weekday and hour (${r.timeZone}) · ${period}`,
    keyFigures: [
      { label: 'Peak', value: r.peak ? `${WEEKDAYS[r.peak.dayOfWeek]} ${hh(r.peak.hour)}–${hh((r.peak.hour + 1) % 24)} · ${formatMoney(r.matrix[r.peak.dayOfWeek]![r.peak.hour]!)}` : '—' },
      { label: 'Busiest hour (all days)', value: busiestHour ? `${hh(busiestHour.hour)} · ${formatMoney(busiestHour.revenue)}` : '—' },
      { label: 'Orders', value: formatInt(r.totalOrders) },
      { label: 'Revenue', value: formatMoney(r.totalRevenue) },
    ],
    columns: [
      { label: 'day' },
      { label: 'orders', align: 'r' },
      { label: 'revenue', align: 'r' },
      { label: 'share', align: 'r' },
      { label: 'best hour' },
      { label: 'revenue bar' },
    ],
    rows: r.byDay.map((d) => {
      const row = r.matrix[d.dayOfWeek]!;
      const best = row.reduce((b, v, h) => (v > row[b]! ? h : b), 0);
      return [
        WEEKDAYS[d.dayOfWeek]!,
        formatInt(d.orders),
        formatMoney(d.revenue),
        r.totalRevenue > 0 ? formatPercent(d.revenue / r.totalRevenue) : '—',
        row[best]! > 0 ? hh(best) : '—',
        bar(d.revenue, maxDay, 20),
      ];
    }),
    notes: r.totalOrders === 0 ? ['No orders in this window.'] : [],
  };
}

