import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { one, rowsWritten } from '../sql/run.js';
import { dayRange, lineRange, type DayRange, type ReplaceOptions } from './day-range.js';
import { withSettings } from './refresh-session.js';

/**
 * Replaces `daily_sales` rows of the range (day × salesman × product × the customer's current region;
 * orders are distinct orders) from the range's order lines and their orders staged in `refresh_orders`
 * (see `stageOrders` in refresh-staging.ts, which must run first): a line has its order's time, customer and salesman,
 * so the day, salesman and region come from the staged order, not from hashing every customer again.
 * With `trackProducts`, the change of each product's totals is added to the session's
 * `refresh_product_delta` temp table (see `refreshProductRollup` in product-rollup.ts).
 */
export async function replaceDailySales(
  database: Database,
  range: DayRange,
  timeZone: string,
  opts: ReplaceOptions & { trackProducts: boolean },
): Promise<number> {
  if (opts.trackProducts) {
    await database.db.execute(sql`
      with old as (delete from daily_sales d where ${dayRange(sql`d.day`, range)} returning product_id, orders, units, revenue)
      insert into refresh_product_delta (product_id, orders, units, revenue)
      select product_id, -sum(orders), -sum(units), -sum(revenue) from old group by product_id`);
  } else if (!opts.fresh) {
    await database.db.execute(sql`delete from daily_sales d where ${dayRange(sql`d.day`, range)}`);
  }
  const insert = sql`insert into daily_sales (day, salesman_id, product_id, region, orders, units, revenue)
    select o.day, o.salesman_id, i.product_id, o.region, count(distinct i.order_id)::int, sum(i.quantity), sum(i.amount)
    from order_items i join refresh_orders o on o.order_id = i.order_id
    where ${lineRange(range, timeZone)}
    group by 1, 2, 3, 4`;
  if (!opts.trackProducts) return rowsWritten(database, insert);
  const r = await one<{ n: number }>(
    database,
    sql`with ins as (${insert} returning product_id, orders, units, revenue),
        delta as (insert into refresh_product_delta (product_id, orders, units, revenue)
                  select product_id, sum(orders), sum(units), sum(revenue) from ins group by product_id returning 1)
        select (select count(*)::int from ins) as n, (select count(*) from delta) as d`,
  );
  return r?.n ?? 0;
}

/** Replaces `hourly_sales` rows of the range (day × hour in SALES_TZ × salesman × region) from `refresh_orders`. */
export async function replaceHourlySales(database: Database, range: DayRange, timeZone: string, opts: ReplaceOptions): Promise<number> {
  if (!opts.fresh) await database.db.execute(sql`delete from hourly_sales h where ${dayRange(sql`h.day`, range)}`);
  return rowsWritten(
    database,
    sql`insert into hourly_sales (day, hour, salesman_id, region, orders, revenue)
        select o.day, extract(hour from o.ordered_at at time zone ${timeZone})::int, o.salesman_id, o.region, count(*)::int, sum(o.revenue)
        from refresh_orders o where o.day >= ${range.from}::date
        group by 1, 2, 3, 4`,
  );
}

/**
 * Replaces `customer_day` rows of the range from `refresh_orders`. Sorted, not hashed: nearly every
 * order is a group of its own, and a hash table of that many numeric sums costs more than the sort.
 */
export async function replaceCustomerDays(database: Database, range: DayRange, opts: ReplaceOptions): Promise<number> {
  if (!opts.fresh) await database.db.execute(sql`delete from customer_day c where ${dayRange(sql`c.day`, range)}`);
  const insert = sql`insert into customer_day (customer_id, day, salesman_id, orders, revenue, first_order_at, last_order_at)
    select o.customer_id, o.day, o.salesman_id, count(*)::int, sum(o.revenue), min(o.ordered_at), max(o.ordered_at)
    from refresh_orders o where o.day >= ${range.from}::date
    group by 1, 2, 3`;
  return withSettings(database, { enable_hashagg: 'off' }, () => rowsWritten(database, insert));
}

/**
 * Replaces `product_day` rows from `daily_sales` (summed over salesmen and regions): the days of the
 * range, or (without one, after a full rebuild of daily_sales) all of them in one pass.
 */
export async function replaceProductDays(database: Database, range: DayRange | undefined): Promise<number> {
  if (range) await database.db.execute(sql`delete from product_day p where ${dayRange(sql`p.day`, range)}`);
  return rowsWritten(
    database,
    sql`insert into product_day (day, product_id, units, revenue)
        select d.day, d.product_id, sum(d.units), sum(d.revenue) from daily_sales d where ${range ? dayRange(sql`d.day`, range) : sql`true`}
        group by 1, 2`,
  );
}
