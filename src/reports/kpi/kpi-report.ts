import { dayNumber, isoDay } from '../../analytics/calendar-day.js';
import { kpi, type ActiveSalesmenRatio, type RunRate } from '../../analytics/kpi.js';
import { dailyRevenue, productUnitsTwoWindows, salesmenWithSales } from '../../db/queries/kpi.js';
import { AppError } from '../../lib/errors.js';
import { formatMoney, formatPercent } from '../../lib/format.js';
import type { ReportView } from '../../views/report-view.js';
import type { ReportContext, ReportEnvelope } from '../report-module.js';
import { kpiExpectedMonth, type KpiExpectedMonth } from './kpi-expected.js';

/** Window of the top-mover velocities and of the revenue series, in days. */
export const KPI_WINDOW_DAYS = 30;
/** "Active" salesmen window, in days (today included). */
export const ACTIVE_DAYS = 7;
/** Default minimum units in the recent window for a product to be a mover. */
export const DEFAULT_MIN_UNITS = 5;

export interface KpiMover {
  productId: string;
  name: string;
  /** units/day over the last 30 days. */
  velocity: number;
  previousVelocity: number;
  /** velocity − previousVelocity, units/day. */
  change: number;
  /** change ÷ previousVelocity; null when the product did not sell in the prior window. */
  changeRatio: number | null;
  recentUnits: number;
  priorUnits: number;
}

export interface KpiReport {
  /** The day the cards describe ("today"): the period's last day, the as-of day by default. */
  today: string;
  /** Month-to-date revenue ÷ days elapsed (today included) × days in the month. */
  runRate: number;
  monthToDate: number;
  /** Active salesmen with ≥ 1 sale in the last 7 days ÷ active salesmen; null when none is active. */
  activeSalesmenRatio: number | null;
  topMover: KpiMover | null;
  details: { runRate: RunRate; activeSalesmen: ActiveSalesmenRatio; minUnits: number };
  /** Revenue per day over the last 30 days, oldest first, days without sales as 0 (for a sparkline). */
  dailyRevenue: { day: string; revenue: number }[];
  /**
   * Revenue over the request's own window when it has a start (`from:`, `last:`, "last month",
   * "Q3 2025"): the figure someone asking "revenue last month" wants, beside the cards.
   */
  periodRevenue?: { from: string; to: string; revenue: number };
  /**
   * The month's expected revenue range (ETS on the complete months before it) against the run rate;
   * absent with under two years of history (and in kpi results stored before it existed).
   */
  expectedMonth?: KpiExpectedMonth;
}

/**
 * KPI cards for the day `today` = the period's last day (the as-of day unless `to:` is earlier); each
 * card has its own window, so `from:`/`last:` are not used. Member filters (region, salesman,
 * category, customer, scope) apply to every card. Reads `daily_sales` (which carries the region)
 * unless a customer filter needs the order lines.
 */
/** The days the cards read: month to date and the two 30-day mover windows, ending on the period's last day. */
export function kpiWindow(ctx: ReportContext): { from: string; to: string } {
  const today = ctx.period.to;
  const monthStart = `${today.slice(0, 8)}01`;
  const priorFrom = isoDay(dayNumber(today) - 2 * KPI_WINDOW_DAYS + 1);
  const from = [monthStart, priorFrom, ...(ctx.period.from !== undefined ? [ctx.period.from] : [])].sort()[0]!;
  return { from, to: today };
}

export async function computeKpi(ctx: ReportContext): Promise<KpiReport> {
  const today = ctx.period.to;
  const t = dayNumber(today);
  const monthStart = `${today.slice(0, 8)}01`;
  const seriesFrom = isoDay(t - (KPI_WINDOW_DAYS - 1));
  const minUnits = (ctx.options.minUnits as number | undefined) ?? DEFAULT_MIN_UNITS;
  const periodFrom = ctx.period.from;
  const [days, products, salesmen, periodDays] = await Promise.all([
    dailyRevenue(ctx.database, ctx.lines, monthStart < seriesFrom ? monthStart : seriesFrom, today),
    productUnitsTwoWindows(ctx.database, ctx.lines, { priorFrom: isoDay(t - 2 * KPI_WINDOW_DAYS + 1), recentFrom: seriesFrom, to: today }),
    salesmenWithSales(ctx.database, ctx.lines, isoDay(t - (ACTIVE_DAYS - 1)), today),
    periodFrom !== undefined ? dailyRevenue(ctx.database, ctx.lines, periodFrom, today) : Promise.resolve([]),
  ]);
  const byDay = new Map(days.map((d) => [d.day, d.revenue]));
  const monthToDate = days.filter((d) => d.day >= monthStart).reduce((s, d) => s + d.revenue, 0);
  const k = kpi(
    {
      today,
      monthToDateRevenue: monthToDate,
      activeSalesmen: salesmen.active,
      salesmenWithSaleLast7Days: salesmen.withSale,
      products: products.map((p) => ({ productId: p.id, recentUnits: p.recentUnits, priorUnits: p.priorUnits })),
    },
    { windowDays: KPI_WINDOW_DAYS, minRecentUnits: minUnits },
  );
  const expectedMonth = await kpiExpectedMonth(ctx, today, k.runRate);
  const moverRow = k.topMover ? products.find((p) => p.id === k.topMover!.productId) : undefined;
  return {
    today,
    runRate: k.runRate,
    monthToDate: k.monthToDate,
    activeSalesmenRatio: k.activeSalesmenRatio,
    topMover:
      k.topMover && moverRow
        ? {
            productId: moverRow.productId,
            name: moverRow.name,
            velocity: k.topMover.velocity,
            previousVelocity: k.topMover.previousVelocity,
            change: k.topMover.change,
            changeRatio: k.topMover.changeRatio,
            recentUnits: moverRow.recentUnits,
            priorUnits: moverRow.priorUnits,
          }
        : null,
    details: { ...k.details, minUnits },
    dailyRevenue: Array.from({ length: KPI_WINDOW_DAYS }, (_, i) => {
      const day = isoDay(t - (KPI_WINDOW_DAYS - 1) + i);
      return { day, revenue: byDay.get(day) ?? 0 };
    }),
    ...(expectedMonth ? { expectedMonth } : {}),
    ...(periodFrom !== undefined ? { periodRevenue: { from: periodFrom, to: today, revenue: periodDays.reduce((sum, d) => sum + d.revenue, 0) } } : {}),
  };
}

const SPARK = '▁▂▃▄▅▆▇█';

/** A one-line sparkline of non-negative values (negatives drawn as the lowest bar). */
function sparkline(values: number[]): string {
  const max = Math.max(0, ...values);
  return values.map((v) => (max > 0 ? SPARK[Math.max(0, Math.min(7, Math.round((v / max) * 7)))] : SPARK[0])).join('');
}

const POSITION_TEXT = { below: ' — below the expected range', within: '', above: ' — above the expected range' } as const;

/** ", expected 92,000–118,000 for the month" (and whether the run rate is outside it); '' without a range. */
export function expectedText(e: KpiExpectedMonth | undefined): string {
  if (!e) return '';
  return `, expected ${formatMoney(e.lower)}–${formatMoney(e.upper)} for the month${POSITION_TEXT[e.position]}`;
}

export function kpiView(r: KpiReport & ReportEnvelope): ReportView {
  const rr = r.details.runRate;
  const as = r.details.activeSalesmen;
  const m = r.topMover;
  return {
    title: `KPIs · ${r.today}`,
    keyFigures: [
      ...(r.periodRevenue
        ? [{ label: r.periodRevenue.from === r.periodRevenue.to ? `Revenue ${r.periodRevenue.to}` : `Revenue ${r.periodRevenue.from} – ${r.periodRevenue.to}`, value: formatMoney(r.periodRevenue.revenue) }]
        : []),
      { label: 'Revenue run rate', value: `${formatMoney(r.runRate)} (MTD ${formatMoney(r.monthToDate)} over ${rr.daysElapsed}/${rr.daysInMonth} days)${expectedText(r.expectedMonth)}` },
      {
        label: `Active salesmen (sale in last ${ACTIVE_DAYS} days)`,
        value: r.activeSalesmenRatio === null ? '— (no active salesmen)' : `${formatPercent(r.activeSalesmenRatio)} (${as.withSale} of ${as.active})`,
      },
      {
        label: 'Top mover (units/day, 30 d vs prior 30 d)',
        value: m
          ? `${m.name} [${m.productId}] ${m.previousVelocity.toFixed(2)} → ${m.velocity.toFixed(2)}${m.changeRatio === null ? ' (new)' : ` (+${formatPercent(m.changeRatio, 0)})`}`
          : `— (none with ≥ ${r.details.minUnits} units and a rise)`,
      },
      { label: 'Revenue, last 30 days', value: sparkline(r.dailyRevenue.map((d) => d.revenue)) },
    ],
    columns: [],
    rows: [],
    notes: [],
  };
}

export function minUnitsOption(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new AppError('USAGE', `--min-units must be a number ≥ 0, got "${v}".`);
  return n;
}

