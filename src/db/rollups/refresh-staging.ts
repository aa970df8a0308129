import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { dayStart } from '../sql/line-filter.js';
import { rowsWritten } from '../sql/run.js';
import { lineRange, type DayRange, type ReplaceOptions } from './day-range.js';
import { withSettings } from './refresh-session.js';

/**
 * Fills the session temp table `refresh_orders` with one row per order of the range: time, business
 * day, customer, the customer's region, salesman (0 = none), net revenue and distinct products. The
 * other line-level rollups are aggregated from it (daily_sales joins it to the lines for the
 * order-level columns), so the range's lines are grouped and their customers looked up once for all;
 * it may start earlier than their own ranges (basket blocks start on a block's first day), they filter.
 */
export async function stageOrders(
  database: Database,
  range: DayRange,
  timeZone: string,
  opts: ReplaceOptions & {
    /**
     * Only what daily_sales reads (order, time, day, customer, salesman, region); revenue is left 0 and
     * items empty. For a rebuild whose other rollups of orders a side transaction stages and builds
     * (see `rebuildOrderRollups`): the distinct items of each order are most of the staging's cost.
     */
    keysOnly?: boolean;
  },
): Promise<number> {
  await database.db.execute(sql`
    create temp table if not exists refresh_orders (
      order_id bigint not null, ordered_at timestamptz not null, day date not null, customer_id int not null,
      salesman_id int not null, region text not null, revenue numeric not null, items int[] not null
    ) on commit drop`);
  await database.db.execute(sql`truncate refresh_orders`);
  // A rebuild's chunk has orders of most customers: one hash of them all (the planner, expecting few
  // orders, would probe the customers' key per order: a third more of the statement's time on the wide
  // shape). A few days of new orders have a few: one key probe each (the planner would hash every
  // customer for them too).
  const region = opts.fresh ? sql`c.region` : sql`(select c.region from customers c where c.id = o.customer_id)`;
  const insert = (): Promise<number> =>
    rowsWritten(
      database,
      sql`insert into refresh_orders
          select o.order_id, o.ordered_at, (o.ordered_at at time zone ${timeZone})::date, o.customer_id, coalesce(o.salesman_id, 0),
                 coalesce(${region}, ''), ${opts.keysOnly ? sql`0, '{}'` : sql`o.revenue, o.items`}
          from (
            select i.order_id, min(i.ordered_at) as ordered_at, min(i.customer_id) as customer_id, min(i.salesman_id) as salesman_id
                   ${opts.keysOnly ? sql`` : sql`, sum(i.amount) as revenue, array_agg(distinct i.product_id order by i.product_id) as items`}
            from order_items i where ${lineRange(range, timeZone)}
            group by i.order_id
          ) o${opts.fresh ? sql` left join customers c on c.id = o.customer_id` : sql``}`,
    );
  return opts.fresh ? withSettings(database, { enable_nestloop: 'off' }, insert) : insert();
}

/**
 * The customers of `refresh_customers` as one array: `key = any(…)` probes the key's index once per
 * customer, where a join may merge the whole index with them (the big rollups are in key order).
 */
export const REFRESH_CUSTOMERS = sql`array(select customer_id from refresh_customers)`;

/**
 * Fills the temp table `refresh_customers` with the customers whose rollups lines from `from` on can
 * change: those with a day on or after `from` now (customer_day is already replaced) or before the
 * change (their old last order, in customer_rollup, is on or after it). Every pair of customer_product
 * first bought on or after `from` is one of theirs.
 */
export async function stageCustomers(database: Database, from: string, timeZone: string): Promise<void> {
  await database.db.execute(sql`
    create temp table refresh_customers on commit drop as
    select customer_id from customer_day where day >= ${from}::date
    union
    select customer_id from customer_rollup where last_order_at >= ${dayStart(from, timeZone)}`);
}

/** Session temp table collecting per-product changes of `daily_sales` during an incremental refresh. */
export async function startProductDelta(database: Database): Promise<void> {
  await database.db.execute(sql`
    create temp table refresh_product_delta (product_id int not null, orders bigint not null, units numeric not null, revenue numeric not null)
    on commit drop`);
}
