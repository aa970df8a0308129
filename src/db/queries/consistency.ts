import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { businessDay, dailyServes, dailyWhere } from '../sql/daily-filter.js';
import { lineWhere, type LineFilter } from '../sql/line-filter.js';
import { rows } from '../sql/run.js';

export interface SalesmanDayRow {
  /** Portal id. */
  salesmanId: string;
  name: string;
  /** Business day YYYY-MM-DD. */
  day: string;
  revenue: number;
}

export interface SalesmanOrdersRow {
  salesmanId: string;
  name: string;
  orders: number;
}

/**
 * Net revenue per (salesman, business day) over a closed window, days with lines only. Lines without
 * a salesman are left out. From `daily_sales` unless the filter names customers.
 */
export async function salesmanDailyRevenue(database: Database, f: LineFilter & { from: string; to: string }): Promise<SalesmanDayRow[]> {
  return rows<SalesmanDayRow>(
    database,
    dailyServes(f)
      ? sql`select s.external_id as "salesmanId", s.name, to_char(d.day, 'YYYY-MM-DD') as day, sum(d.revenue)::float8 as revenue
            from daily_sales d join salesmen s on s.id = d.salesman_id
            where ${dailyWhere(f)}
            group by s.id, d.day`
      : sql`select s.external_id as "salesmanId", s.name, to_char(${businessDay(sql`i.ordered_at`, f.timeZone)}, 'YYYY-MM-DD') as day,
                   sum(i.amount)::float8 as revenue
            from order_items i join salesmen s on s.id = i.salesman_id
            where ${lineWhere(f)}
            group by s.id, 3`,
  );
}

/**
 * Distinct orders per salesman in the window, counted on `orders` (one row per order, indexed on
 * (salesman_id, ordered_at)) because summing the daily rollup's per-product order counts would count
 * a multi-product order once per product.
 */
export async function salesmanOrderCounts(database: Database, f: LineFilter): Promise<SalesmanOrdersRow[]> {
  return rows<SalesmanOrdersRow>(
    database,
    sql`select s.external_id as "salesmanId", s.name, count(*)::int as orders
        from orders o join salesmen s on s.id = o.salesman_id
        where ${lineWhere(f, 'orders')}
        group by s.id`,
  );
}
