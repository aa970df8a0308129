import { sql, type SQL } from 'drizzle-orm';
import { lineWhere, type LineFilter } from './line-filter.js';

/**
 * True when the `daily_sales` rollup can answer for this filter: it keeps salesman, product and the
 * customer's region, so region, salesman, category and role-scope filters apply to it; customer needs
 * the order lines.
 */
export function dailySalesCovers(f: LineFilter): boolean {
  return !f.customer?.length;
}

/** Salesman / category / scope conditions on `daily_sales d` (salesman_id 0 = no salesman). */
function dailyMemberWhere(f: LineFilter): SQL {
  const conds: SQL[] = [];
  if (f.salesman?.length) conds.push(sql`d.salesman_id in (select id from salesmen where external_id in ${f.salesman})`);
  if (f.category?.length) conds.push(sql`d.product_id in (select id from products where category in ${f.category})`);
  if (f.ownerSalesmanId !== undefined) conds.push(sql`d.salesman_id = ${f.ownerSalesmanId}`);
  if (f.region?.length) conds.push(sql`d.region in ${f.region}`);
  return conds.length === 0 ? sql`true` : sql.join(conds, sql` and `);
}

/**
 * A sub-select of daily facts `(day date, salesman_id int, product_id int, orders int, units numeric,
 * revenue numeric)` for business days [from, to] under the filter's member conditions (the filter's
 * own period is replaced). Reads `daily_sales` when it covers the filter, else aggregates the order
 * lines per day in SQL, so callers never see raw lines either way. `orders` is per (day, salesman,
 * product): summing it over products counts an order once per product it contains.
 */
export function dailyFacts(f: LineFilter, from: string, to: string): SQL {
  if (dailySalesCovers(f)) {
    return sql`select d.day, d.salesman_id, d.product_id, d.orders, d.units, d.revenue
               from daily_sales d
               where d.day between ${from}::date and ${to}::date and ${dailyMemberWhere(f)}`;
  }
  return sql`select (i.ordered_at at time zone ${f.timeZone})::date as day, coalesce(i.salesman_id, 0) as salesman_id,
                    i.product_id, count(distinct i.order_id)::int as orders, sum(i.quantity) as units, sum(i.amount) as revenue
             from order_items i
             where ${lineWhere({ ...f, from, to })}
             group by 1, 2, 3`;
}
