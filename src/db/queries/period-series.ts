import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { dailyFacts } from '../sql/daily-source.js';
import { lineWhere, type LineFilter } from '../sql/line-filter.js';
import { rows } from '../sql/run.js';

/** Calendar unit of a series: calendar quarter, month, ISO week (Monday first) or business day. */
export type SeriesGrain = 'quarter' | 'month' | 'week' | 'day';

/** Interval between consecutive periods (Postgres has no `quarter` interval unit). */
const STEP: Record<SeriesGrain, string> = { quarter: '3 months', month: '1 month', week: '1 week', day: '1 day' };
/** What is summed per period: revenue (money) or distinct orders. */
export type SeriesMetric = 'revenue' | 'orders';

export interface PeriodValueRow {
  /** First day of the period, `YYYY-MM-DD` (business time zone). */
  period: string;
  value: number;
}

/**
 * Revenue or distinct orders per quarter, month, ISO week or day in [from, to] under the filter, from the first
 * period with a sale to the period holding `to`, periods without sales filled with 0. Revenue reads the
 * daily rollup when it covers the filter (dailyFacts); orders are counted distinct on the order lines,
 * since the rollup's per-product order counts cannot be added up across products. Only one row per
 * period leaves the database.
 */
export async function periodSeries(database: Database, f: LineFilter, grain: SeriesGrain, metric: SeriesMetric, from: string, to: string): Promise<PeriodValueRow[]> {
  const step = STEP[grain];
  const perPeriod =
    metric === 'revenue'
      ? sql`select date_trunc(${grain}, x.day::timestamp)::date as p, sum(x.revenue) as value
            from (${dailyFacts(f, from, to)}) x group by 1`
      : sql`select date_trunc(${grain}, (i.ordered_at at time zone ${f.timeZone}))::date as p, count(distinct i.order_id) as value
            from order_items i where ${lineWhere({ ...f, from, to })} group by 1`;
  return rows<PeriodValueRow>(
    database,
    sql`with b as (${perPeriod}),
        span as (select min(p) as lo from b)
        select to_char(g.p, 'YYYY-MM-DD') as period, coalesce(b.value, 0)::float8 as value
        from span
        cross join lateral generate_series(span.lo::timestamp, date_trunc(${grain}, ${to}::date::timestamp), ${step}::interval) as g(p)
        left join b on b.p = g.p::date
        where span.lo is not null
        order by g.p`,
  );
}
