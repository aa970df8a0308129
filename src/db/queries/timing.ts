import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { lineWhere, type LineFilter } from './line-filter.js';
import { rows } from './run.js';

export interface TimingCellRow {
  /** Monday = 0 … Sunday = 6, in the business time zone. */
  dayOfWeek: number;
  /** 0–23 in the business time zone. */
  hour: number;
  revenue: number;
  /** Distinct orders (an order has one time, so it falls in exactly one cell). */
  orders: number;
}

/**
 * Revenue and orders per (weekday, hour) in `f.timeZone`: at most 168 rows. No rollup keeps the hour,
 * so this is one grouped pass over the window's order lines (served by the ordered_at index when the
 * window is narrow); nothing but the 168 sums leaves the database.
 */
export async function salesByWeekdayHour(database: Database, f: LineFilter): Promise<TimingCellRow[]> {
  const local = sql`(i.ordered_at at time zone ${f.timeZone})`;
  return rows<TimingCellRow>(
    database,
    sql`select (extract(isodow from ${local})::int - 1) as "dayOfWeek", extract(hour from ${local})::int as hour,
               sum(i.amount)::float8 as revenue, count(distinct i.order_id)::int as orders
        from order_items i
        where ${lineWhere(f)}
        group by 1, 2`,
  );
}
