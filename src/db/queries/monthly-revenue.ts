import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { dailyServes, dailyWhere } from '../sql/daily-filter.js';
import { lineWhere, type LineFilter } from '../sql/line-filter.js';
import { productDayServes, productDayWhere } from './product-day-source.js';
import { rows } from '../sql/run.js';

export interface MonthlyRevenueRow {
  /** `YYYY-MM` in the business time zone. */
  month: string;
  revenue: number;
}

/**
 * Revenue per calendar month (business time zone) from the first month with a sale in the window to the
 * month of `f.to`, months without sales filled with 0 so gaps stay visible to the caller. The caller sets
 * `from`/`to` to whole months. Sums numeric in SQL; only the monthly total is cast.
 */
export async function monthlyRevenue(database: Database, f: LineFilter): Promise<MonthlyRevenueRow[]> {
  if (!f.to) throw new RangeError('monthlyRevenue needs an end day');
  const monthly = (await productDayServes(database, f))
    ? sql`select date_trunc('month', d.day::timestamp)::date as month, sum(d.revenue) as revenue
          from product_day d where ${productDayWhere(f)} group by 1`
    : dailyServes(f)
    ? sql`select date_trunc('month', d.day::timestamp)::date as month, sum(d.revenue) as revenue
          from daily_sales d where ${dailyWhere(f)} group by 1`
    : sql`select date_trunc('month', (i.ordered_at at time zone ${f.timeZone}))::date as month, sum(i.amount) as revenue
          from order_items i where ${lineWhere(f)} group by 1`;
  return rows<MonthlyRevenueRow>(
    database,
    sql`with m as (${monthly}),
        span as (select min(month) as lo from m)
        select to_char(g.month, 'YYYY-MM') as month, coalesce(m.revenue, 0)::float8 as revenue
        from span
        cross join lateral generate_series(span.lo::timestamp, date_trunc('month', ${f.to}::date::timestamp), interval '1 month') as g(month)
        left join m on m.month = g.month::date
        order by g.month`,
  );
}
