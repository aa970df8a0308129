import { dayNumber, isoDay } from '../analytics/calendar-day.js';
import { expectedBand, type ExpectedBand } from '../analytics/expected-range.js';
import { metricValue } from '../analytics/followed-metric.js';
import type { Database } from '../db/client.js';
import { metricBuckets } from '../db/queries/metric-periods.js';
import type { LineFilter } from '../db/sql/line-filter.js';
import type { MetricName } from '../lib/metric-names.js';

/**
 * The band a metric's value was expected in for the period (same unit as the metric): `lower`–`upper` is
 * the 95 % prediction interval, `lower80`–`upper80` the 80 % one, `point` the forecast.
 */
export interface ExpectedRange {
  lower: number;
  upper: number;
  lower80: number;
  upper80: number;
  point: number;
  /** The ETS model behind it, e.g. `ETS(M,N,M)`. */
  model: string;
}

/** What the expectation of one metric over a run of days depends on. */
export interface ExpectedRangeInput {
  metric: MetricName;
  /** Days in one period: 1 (a day, weekday season), 7 (a week), 30 (about a month, yearly season). */
  periodDays: number;
  /** Member filters and the scope (resolved, `from`/`to` ignored): the series the model fits. */
  lines: LineFilter;
  /** Last business day of the current period (YYYY-MM-DD). */
  asOf: string;
}

/**
 * Season length and periods of history read per period length. Days: a weekday season, 16 weeks (the
 * weekly rhythm, not last year's). Weeks: no season (a year of weeks is beyond ETS's m ≤ 24), two years.
 * 30-day runs: 12 to a year — a 30-day run drifts 5 days a year against the calendar, little beside a
 * month — three years.
 */
function plan(periodDays: number): { m: number; periods: number } {
  if (periodDays === 1) return { m: 7, periods: 16 * 7 };
  if (periodDays === 30) return { m: 12, periods: 36 };
  return { m: 1, periods: 104 };
}

function toRange(b: ExpectedBand | undefined): ExpectedRange | undefined {
  return b && { lower: b.lower95, upper: b.upper95, lower80: b.lower80, upper80: b.upper80, point: b.point, model: b.model };
}

/**
 * The expected range of `metric` for the run of `periodDays` days ending on `asOf`, from an ETS model
 * fitted on the runs before it (summed and counted in SQL, one row per run), or undefined when the
 * history is too short (see expectedBand). History starts at the first run with a sale; a later run
 * without any order has no average basket, which gives no range. CPU: one model selection (see
 * bench/expected-range.ts); call it from jobs or report threads, not on the Slack event loop.
 */
export async function expectedRange(database: Database, input: ExpectedRangeInput): Promise<ExpectedRange | undefined> {
  const { m, periods } = plan(input.periodDays);
  const days = input.periodDays;
  const currentFrom = dayNumber(input.asOf) - days + 1;
  const first = isoDay(currentFrom - periods * days);
  const buckets = await metricBuckets(database, { ...input.lines, from: undefined, to: undefined }, first, isoDay(currentFrom - 1), days);
  if (buckets.length === 0) return undefined;
  const byBucket = new Map(buckets.map((b) => [Number(b.bucket), b]));
  const start = Math.min(...buckets.map((b) => Number(b.bucket)));
  const history: number[] = [];
  for (let k = start; k < periods; k++) {
    const b = byBucket.get(k);
    const v = metricValue(input.metric, { revenue: Number(b?.revenue ?? 0), orders: Number(b?.orders ?? 0), customers: Number(b?.customers ?? 0) });
    history.push(v ?? Number.NaN);
  }
  return toRange(expectedBand(history, m));
}
