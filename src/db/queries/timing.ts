import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { lineWhere, type LineFilter } from '../sql/line-filter.js';
import { rollupsMatch } from '../rollups/rollup-checks.js';
import { rows } from '../sql/run.js';

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
 * True when `hourly_sales` can answer for this filter: it keeps business day, hour, salesman and the
 * customer's region, so a period, region and salesman filters and the role scope are served; customer
 * and category filters are not (the buyer and an order's category share are not in the rollup), and
 * read order lines.
 */
export function hourlyServes(f: LineFilter): boolean {
  return !(f.customer?.length || f.category?.length);
}

/**
 * Revenue and orders per (weekday, hour) in `f.timeZone`: at most 168 rows. From `hourly_sales` (days
 * × 24 hours × salesmen, a few hundred thousand rows for all history of a large portal) when it serves
 * the filter and was built in this time zone; otherwise one grouped pass over the window's order lines
 * (served by the ordered_at index when the window is narrow). Nothing but the 168 sums leaves the database.
 */
export async function salesByWeekdayHour(database: Database, f: LineFilter): Promise<TimingCellRow[]> {
  if (hourlyServes(f) && (await rollupsMatch(database, f.timeZone))) {
    const conds: SQL[] = [];
    if (f.from) conds.push(sql`h.day >= ${f.from}::date`);
    if (f.to) conds.push(sql`h.day <= ${f.to}::date`);
    if (f.salesman?.length) conds.push(sql`h.salesman_id in (select id from salesmen where external_id in ${f.salesman})`);
    if (f.ownerSalesmanId !== undefined) conds.push(sql`h.salesman_id = ${f.ownerSalesmanId}`);
    if (f.region?.length) conds.push(sql`h.region in ${f.region}`);
    return rows<TimingCellRow>(
      database,
      sql`select (extract(isodow from h.day)::int - 1) as "dayOfWeek", h.hour::int as hour,
                 sum(h.revenue)::float8 as revenue, sum(h.orders)::int as orders
          from hourly_sales h
          where ${conds.length === 0 ? sql`true` : sql.join(conds, sql` and `)}
          group by 1, 2`,
    );
  }
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
