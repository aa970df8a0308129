import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { businessDay, dailyServes, dailyWhere } from './daily-filter.js';
import { dayEnd, dayStart, lineWhere, type LineFilter } from './line-filter.js';
import { rows } from './run.js';

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
 * a salesman are left out. From `daily_sales` unless the filter names regions or customers.
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

/** WHERE conditions on `orders o` equivalent to `lineWhere` (category: the order has a line of it). */
function orderWhere(f: LineFilter): SQL {
  const conds: SQL[] = [];
  if (f.from) conds.push(sql`o.ordered_at >= ${dayStart(f.from, f.timeZone)}`);
  if (f.to) conds.push(sql`o.ordered_at < ${dayEnd(f.to, f.timeZone)}`);
  if (f.region?.length) conds.push(sql`o.customer_id in (select id from customers where region in ${f.region})`);
  if (f.customer?.length) conds.push(sql`o.customer_id in (select id from customers where external_id in ${f.customer})`);
  if (f.salesman?.length) conds.push(sql`o.salesman_id in (select id from salesmen where external_id in ${f.salesman})`);
  if (f.category?.length) {
    conds.push(sql`exists (select 1 from order_items i where i.order_id = o.id and i.product_id in (select id from products where category in ${f.category}))`);
  }
  if (f.ownerSalesmanId !== undefined) conds.push(sql`o.salesman_id = ${f.ownerSalesmanId}`);
  return conds.length === 0 ? sql`true` : sql.join(conds, sql` and `);
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
        where ${orderWhere(f)}
        group by s.id`,
  );
}
