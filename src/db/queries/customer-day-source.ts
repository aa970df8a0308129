import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import type { LineFilter } from '../sql/line-filter.js';
import { one } from '../sql/run.js';
import { rollupsMatch } from '../rollups/rollup-checks.js';

/**
 * True when `customer_day` can stand in for the order lines of this filter: it keeps customer, business
 * day and salesman, so a period, the region / customer filters (attributes of the customer), a salesman
 * filter and the role scope are served; a category filter is not. Also false until a refresh has built
 * it in this time zone.
 */
export async function customerDayServes(database: Database, f: LineFilter): Promise<boolean> {
  if (f.category?.length) return false;
  return rollupsMatch(database, f.timeZone);
}

/** Region / customer conditions on a customer id column. */
function customerConds(f: LineFilter, column: SQL): SQL[] {
  const conds: SQL[] = [];
  if (f.region?.length) conds.push(sql`${column} in (select id from customers where region in ${f.region})`);
  if (f.customer?.length) conds.push(sql`${column} in (select id from customers where external_id in ${f.customer})`);
  return conds;
}

/**
 * A sub-select of per-(customer, business day) facts `(customer_id, day, orders, revenue,
 * first_order_at, last_order_at)` for the filter's window, customer and salesman filters, from
 * `customer_day`: the same numbers as grouping the window's order lines by customer and day. Only
 * valid when {@link customerDayServes} holds. `customerIn`, a sub-select of customer ids, narrows it
 * further (inside the grouping, so the key's index finds just their rows).
 */
export function customerDayFacts(f: LineFilter, customerIn?: SQL): SQL {
  return sql`select cd.customer_id, cd.day, sum(cd.orders)::int as orders, sum(cd.revenue) as revenue,
                    min(cd.first_order_at) as first_order_at, max(cd.last_order_at) as last_order_at
             from customer_day cd where ${customerDayWhere(f, customerIn)}
             group by cd.customer_id, cd.day`;
}

/**
 * The filter's window, customer and salesman conditions on `customer_day cd` rows (and `customerIn`,
 * as in {@link customerDayFacts}), for callers that sum them straight into per-customer figures (no
 * per-day grouping needed). Only valid when {@link customerDayServes} holds.
 */
export function customerDayWhere(f: LineFilter, customerIn?: SQL): SQL {
  const conds = customerConds(f, sql`cd.customer_id`);
  // As an array, not a semi-join: the key's index is then probed per customer in key order (a tenth of
  // the customers' days read, not a hash join over all of them).
  if (customerIn) conds.push(sql`cd.customer_id = any(array(${customerIn}))`);
  if (f.from) conds.push(sql`cd.day >= ${f.from}::date`);
  if (f.to) conds.push(sql`cd.day <= ${f.to}::date`);
  if (f.salesman?.length) conds.push(sql`cd.salesman_id in (select id from salesmen where external_id in ${f.salesman})`);
  if (f.ownerSalesmanId !== undefined) conds.push(sql`cd.salesman_id = ${f.ownerSalesmanId}`);
  return conds.length === 0 ? sql`true` : sql.join(conds, sql` and `);
}

/**
 * True when the per-customer rollup is the whole answer for this filter: no start day, no salesman
 * filter or scope (the rollup sums every salesman), the customer-day facts serve it, and its end day is
 * on or after the last order (one index probe).
 */
export async function customerRollupServes(database: Database, f: LineFilter): Promise<boolean> {
  if (f.from || f.salesman?.length || f.ownerSalesmanId !== undefined || !(await customerDayServes(database, f))) return false;
  if (!f.to) return true;
  const r = await one<{ ok: boolean }>(
    database,
    sql`select coalesce((select max(ordered_at) from order_items) < ((${f.to}::date + 1)::timestamp at time zone ${f.timeZone}), true) as ok`,
  );
  return r?.ok === true;
}

/**
 * True when the per-customer rollup can answer for every customer without an order after the
 * filter's end day (see {@link customerRollupServes}, minus the end-day check): no start day, no
 * salesman filter or scope, and the customer-day facts serve the filter. A customer whose last order is
 * on or before `to` has the same all-history statistics as-of `to`; only the others need their days.
 */
export async function customerRollupServesUntouched(database: Database, f: LineFilter): Promise<boolean> {
  if (f.from || f.salesman?.length || f.ownerSalesmanId !== undefined) return false;
  return customerDayServes(database, f);
}

/** Region / customer conditions on `customer_rollup r`, `true` when none. */
export function rollupCustomerWhere(f: LineFilter): SQL {
  const conds = customerConds(f, sql`r.customer_id`);
  return conds.length === 0 ? sql`true` : sql.join(conds, sql` and `);
}
