import { dayFromYmd, dayNumber, daysInMonth, dayOfMonth, isoDay, monthStart, ymdOf } from '../../analytics/calendar-day.js';
import { monthlyRevenue } from '../../db/queries/monthly-revenue.js';
import { formatMoney, formatSignedPercent } from '../../lib/format.js';
import type { ReportView } from '../../views/report-view.js';
import type { ReportContext, ReportEnvelope } from '../report-module.js';

/** Months shown without `from:`/`last:`: the as-of month and the eleven before it. */
export const DEFAULT_MONTHS = 12;

export interface MonthlyRevenueMonth {
  /** `YYYY-MM` in SALES_TZ. */
  month: string;
  revenue: number;
  /** revenue ÷ previous month's revenue − 1; null for the first month or after a month of 0. */
  change: number | null;
}

export interface MonthlyReport {
  asOf: string;
  /** Whole months from the window's first month to the as-of day's month. */
  from: string;
  to: string;
  /** From the first month with a sale in the window; months without sales are 0, not missing. */
  months: MonthlyRevenueMonth[];
  total: number;
  /** The month with the most revenue, null without sales. */
  bestMonth: string | null;
  /** The last month is still running on the as-of day (its revenue is month to date). */
  lastMonthPartial: boolean;
}

/** The window widened to whole months: from the first day of `from`'s month (default 11 months back). */
export function monthlyWindow(ctx: Pick<ReportContext, 'period'>): { from: string; to: string } {
  const to = ctx.period.to;
  if (ctx.period.from !== undefined) return { from: isoDay(monthStart(dayNumber(ctx.period.from))), to };
  const { year, month } = ymdOf(dayNumber(to));
  const back = year * 12 + (month - 1) - (DEFAULT_MONTHS - 1);
  return { from: isoDay(dayFromYmd(Math.floor(back / 12), (back % 12) + 1, 1)), to };
}

/**
 * Revenue per calendar month (SALES_TZ) of the window, with the change against the month before. Sums
 * in SQL (the daily rollups when filters allow); Node only computes the month-over-month ratios.
 */
export async function computeMonthly(ctx: ReportContext): Promise<MonthlyReport> {
  const { from, to } = monthlyWindow(ctx);
  const series = await monthlyRevenue(ctx.database, { ...ctx.lines, from, to });
  const months = series.map((m, i) => {
    const before = i > 0 ? series[i - 1]!.revenue : 0;
    return { month: m.month, revenue: m.revenue, change: before > 0 ? m.revenue / before - 1 : null };
  });
  const best = months.reduce<MonthlyRevenueMonth | null>((b, m) => (m.revenue > 0 && (b === null || m.revenue > b.revenue) ? m : b), null);
  return {
    asOf: ctx.asOf,
    from,
    to,
    months,
    total: months.reduce((s, m) => s + m.revenue, 0),
    bestMonth: best?.month ?? null,
    lastMonthPartial: dayOfMonth(to) < daysInMonth(to),
  };
}

export function monthlyView(r: MonthlyReport & ReportEnvelope): ReportView {
  const last = r.months[r.months.length - 1];
  return {
    title: `Revenue by month · ${r.from.slice(0, 7)} – ${r.to.slice(0, 7)}`,
    keyFigures: [
      { label: 'Revenue', value: formatMoney(r.total) },
      { label: 'Average month', value: r.months.length ? formatMoney(r.total / r.months.length) : '—' },
      { label: 'Best month', value: r.bestMonth ?? '—' },
    ],
    columns: [{ label: 'month' }, { label: 'revenue', align: 'r' }, { label: 'vs month before', align: 'r' }],
    rows: r.months.map((m) => [m.month, formatMoney(m.revenue), m.change === null ? '—' : formatSignedPercent(m.change)]),
    notes: [
      ...(r.months.length === 0 ? ['No sales in this window.'] : []),
      ...(last && r.lastMonthPartial && last.month === r.to.slice(0, 7) ? [`${last.month} runs to ${r.to}: month to date.`] : []),
    ],
    export: { columns: ['month', 'revenue', 'change'], rows: r.months.map((m) => [m.month, m.revenue, m.change]) },
  };
}
