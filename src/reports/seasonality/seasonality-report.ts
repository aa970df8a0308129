import { dayNumber, daysInMonth, dayOfMonth, isoDay } from '../../analytics/calendar-day.js';
import { MIN_MONTHS, MONTH_NAMES, seasonalDecomposition, type DecomposedMonth } from '../../analytics/seasonality.js';
import { dailyServes } from '../../db/sql/daily-filter.js';
import { monthlyRevenue } from '../../db/queries/monthly-revenue.js';
import { formatInt, formatMoney, formatPercent, formatSignedPercent } from '../../lib/format.js';
import type { ReportView } from '../../views/report-view.js';
import type { ReportContext, ReportEnvelope } from '../report-module.js';

export interface SeasonalityReport {
  asOf: string;
  /** `ok`; `insufficient` with fewer than 24 complete months; `non-positive` when a month has no revenue. */
  status: 'ok' | 'insufficient' | 'non-positive';
  /** Why there is no index (status ≠ ok). */
  message?: string;
  /** The monthly series (complete months only) with trend, seasonal and remainder where decomposed. */
  months: DecomposedMonth[];
  monthCount: number;
  monthsRequired: number;
  /** First and last month used, `YYYY-MM`; null without data. */
  firstMonth: string | null;
  lastMonth: string | null;
  /** Seasonal index Jan..Dec, mean 1; null unless status = ok. */
  seasonalIndex: number[] | null;
  /** Calendar months (1 = Jan) clearly above a typical month (index > 1.05), highest first. */
  peakMonths: number[];
  peakMonthNames: string[];
  /** Seasonal strength F_S in [0, 1]; null unless status = ok. */
  strength: number | null;
  /** Which table answered: the daily rollup or the order lines (customer-side filters). */
  dataSource: 'daily_sales' | 'order_lines';
}

/** Last day of the latest month that is complete on `asOf` (the as-of month itself only on its last day). */
export function lastCompleteMonthEnd(asOf: string): string {
  return dayOfMonth(asOf) === daysInMonth(asOf) ? asOf : isoDay(dayNumber(asOf) - dayOfMonth(asOf));
}

/** First day of the first month wholly inside a window starting on `from`. */
export function firstCompleteMonthStart(from: string): string {
  if (dayOfMonth(from) === 1) return from;
  return isoDay(dayNumber(from) - dayOfMonth(from) + daysInMonth(from) + 1);
}

/**
 * Monthly revenue over complete months of the window (default: all history up to as-of), decomposed
 * multiplicatively. A partial as-of month, or a partial first month when `from` is mid-month, is dropped;
 * data starting mid-month without a `from` is kept (that is when the business started).
 */
export async function computeSeasonality(ctx: ReportContext): Promise<SeasonalityReport> {
  const to = lastCompleteMonthEnd(ctx.period.to);
  const from = ctx.period.from ? firstCompleteMonthStart(ctx.period.from) : undefined;
  const series = from !== undefined && from > to ? [] : await monthlyRevenue(ctx.database, { ...ctx.lines, from, to });
  const base = {
    asOf: ctx.asOf,
    monthCount: series.length,
    monthsRequired: MIN_MONTHS,
    firstMonth: series[0]?.month ?? null,
    lastMonth: series[series.length - 1]?.month ?? null,
    dataSource: dailyServes(ctx.lines) ? ('daily_sales' as const) : ('order_lines' as const),
  };
  const plain = (): DecomposedMonth[] =>
    series.map((m) => ({ month: m.month, value: m.revenue, trend: null, seasonal: 1, remainder: null }));
  if (series.length === 0) {
    return {
      ...base,
      status: 'insufficient',
      message: `No complete month of sales up to ${to}; seasonality needs at least ${MIN_MONTHS}.`,
      months: [],
      seasonalIndex: null,
      peakMonths: [],
      peakMonthNames: [],
      strength: null,
    };
  }
  const result = seasonalDecomposition(
    series.map((m) => m.revenue),
    series[0]!.month,
  );
  if (result.status !== 'ok') {
    return { ...base, status: result.status, message: result.message, months: plain(), seasonalIndex: null, peakMonths: [], peakMonthNames: [], strength: null };
  }
  return {
    ...base,
    status: 'ok',
    months: result.months,
    seasonalIndex: result.seasonalIndex,
    peakMonths: result.peakMonths,
    peakMonthNames: result.peakMonths.map((m) => MONTH_NAMES[m - 1]!),
    strength: result.strength,
  };
}

export function seasonalityView(r: SeasonalityReport & ReportEnvelope): ReportView {
  const idx = r.seasonalIndex;
  return {
    title: `Seasonality of monthly revenue · as of ${r.asOf}`,
    keyFigures: [
      { label: 'Complete months', value: r.firstMonth ? `${formatInt(r.monthCount)} (${r.firstMonth} – ${r.lastMonth})` : '0' },
      ...(idx
        ? [
            { label: 'Peak months', value: r.peakMonthNames.length ? r.peakMonthNames.join(', ') : 'none above +5 %' },
            { label: 'Seasonal strength', value: formatPercent(r.strength ?? 0) },
          ]
        : []),
    ],
    // Months across, so all twelve sit on one page (a page holds 10 rows) and read as a year.
    columns: idx ? [{ label: 'month' }, ...MONTH_NAMES.map((m) => ({ label: m, align: 'r' as const }))] : [],
    rows: idx ? [['vs typical', ...idx.map((v) => formatSignedPercent(v - 1))], ['index', ...idx.map((v) => v.toFixed(3))]] : [],
    ...(idx ? { export: { columns: ['month', 'index', 'vs_typical'], rows: idx.map((v, i) => [MONTH_NAMES[i]!, v, Number((v - 1).toPrecision(12))]) } } : {}),
    notes: [
      ...(r.message ? [r.message] : []),
      ...(idx && r.monthCount > 0 ? [`Based on revenue of ${formatMoney(r.months.reduce((s, m) => s + m.value, 0))} over complete months.`] : []),
    ],
  };
}

