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

/**
 * Fills `daily_sales` and `product_day` for the range in one pass over its lines (a full rebuild: both
 * tables emptied, see `clearLineRollups`): the lines joined to their staged orders (see
 * `replaceDailySales`) are sorted once by day, product, salesman and region, and one grouping yields
 * both the day × product × salesman × region rows and, from the same sorted groups, the day × product
 * totals (`rollup`), which are exactly the sums of those rows. Summing product_day from the finished
 * daily_sales instead cost a second pass over a table nearly the size of the order lines (a hash or
 * sort of a million rows on the wide shape). Returns the daily_sales rows written.
 */
export async function fillDailyAndProductDays(database: Database, range: DayRange, timeZone: string): Promise<number> {
  const r = await one<{ n: number }>(
    database,
    sql`with g as (
          select o.day, i.product_id, o.salesman_id, o.region, count(distinct i.order_id)::int as orders,
                 sum(i.quantity) as units, sum(i.amount) as revenue, grouping(o.salesman_id, o.region) as level
          from order_items i join refresh_orders o on o.order_id = i.order_id
          where ${lineRange(range, timeZone)}
          group by o.day, i.product_id, rollup ((o.salesman_id, o.region))
        ),
        daily as (
          insert into daily_sales (day, salesman_id, product_id, region, orders, units, revenue)
          select day, salesman_id, product_id, region, orders, units, revenue from g where level = 0
        ),
        product as (
          insert into product_day (day, product_id, units, revenue)
          select day, product_id, units, revenue from g where level <> 0
        )
        select count(*)::int as n from g where level = 0`,
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
 * Replaces `product_day` rows of the range from `daily_sales` (summed over salesmen and regions), which
 * must be current for it (a full rebuild fills both at once, see {@link fillDailyAndProductDays}).
 */
export async function replaceProductDays(database: Database, range: DayRange): Promise<number> {
  await database.db.execute(sql`delete from product_day p where ${dayRange(sql`p.day`, range)}`);
  return rowsWritten(
    database,
    sql`insert into product_day (day, product_id, units, revenue)
        select d.day, d.product_id, sum(d.units), sum(d.revenue) from daily_sales d where ${dayRange(sql`d.day`, range)}
        group by 1, 2`,
  );
}
