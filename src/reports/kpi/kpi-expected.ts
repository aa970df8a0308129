import { dayNumber, isoDay } from '../../analytics/calendar-day.js';
import { expectedBand, rangePosition } from '../../analytics/expected-range.js';
import { periodSeries } from '../../db/queries/period-series.js';
import type { ReportContext } from '../report-module.js';

/** Complete calendar months of history the month's expectation is fitted on. */
export const KPI_EXPECTED_MONTHS = 36;

/** The revenue the current month was expected to make, against the run rate (JSON of the kpi report). */
export interface KpiExpectedMonth {
  /** `YYYY-MM`. */
  month: string;
  /** 95 % prediction interval of the month's revenue (currency units). */
  lower: number;
  upper: number;
  /** 80 % prediction interval. */
  lower80: number;
  upper80: number;
  /** Point forecast. */
  point: number;
  /** The ETS model chosen by AICc, e.g. `ETS(M,N,M)`. */
  model: string;
  /** The run rate (the month's revenue once the month is over) against the 95 % range. */
  position: 'below' | 'within' | 'above';
}

/** First day of the month `months` before the month of `day`. */
function monthsBefore(day: string, months: number): string {
  const index = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 - months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/**
 * The expected revenue of the month holding `today`: an ETS model with a yearly season (m = 12) fitted on
 * up to {@link KPI_EXPECTED_MONTHS} complete months before it (one row per month from SQL), its next-month
 * interval; undefined with under two years of history (see expectedBand). One model selection: ~50–100 ms
 * of CPU, which is why the kpi report is `heavy` (report threads on a server).
 */
export async function kpiExpectedMonth(ctx: ReportContext, today: string, runRate: number): Promise<KpiExpectedMonth | undefined> {
  const monthStart = `${today.slice(0, 8)}01`;
  const lines = { ...ctx.lines, from: undefined, to: undefined };
  const series = await periodSeries(ctx.database, lines, 'month', 'revenue', monthsBefore(today, KPI_EXPECTED_MONTHS), isoDay(dayNumber(monthStart) - 1));
  const band = expectedBand(
    series.map((r) => Number(r.value)),
    12,
  );
  if (!band) return undefined;
  return {
    month: today.slice(0, 7),
    lower: band.lower95,
    upper: band.upper95,
    lower80: band.lower80,
    upper80: band.upper80,
    point: band.point,
    model: band.model,
    position: rangePosition(runRate, band),
  };
}
