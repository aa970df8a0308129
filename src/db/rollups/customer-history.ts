import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rowsWritten } from '../sql/run.js';
import { createRollupIndexes, dropRollupIndexes } from './rollup-indexes.js';

/** The tables of this rollup (see `customerDayHistory` and `customerHistoryMonth` in schema/rollups.ts). */
export const CUSTOMER_HISTORY_TABLES = ['customer_day_history', 'customer_history_month'];

const EPOCH = sql.raw(`date '1970-01-01'`);

/**
 * How the `customer_day_history h` rows matching `where` move customers between the values of the two
 * state histograms, as `(kind, value, n)` rows: on day x a customer's last order day becomes x (was
 * their previous day, if any) and their orders become orders_before + orders (were orders_before).
 * Summed over every row before a day D, per (kind, value), they give the histograms of every customer
 * with an order before D (the moves of one customer telescope to their state at D). Rows also carry
 * the day `h.day` of the move.
 */
export function stateEvents(where: SQL): SQL {
  return sql`select h.day, e.kind, e.value, e.n
             from customer_day_history h
             cross join lateral (values (0::smallint, h.day - ${EPOCH}, 1), (0::smallint, h.previous_day - ${EPOCH}, -1),
                                        (1::smallint, h.orders_before + h.orders, 1), (1::smallint, h.orders_before, -1)) e(kind, value, n)
             where ${where} and (e.n > 0 or h.previous_day is not null)`;
}

/** Rewrites `customer_history_month` for the months from `fromMonth` on (all months without it) from `customer_day_history`. */
async function replaceMonths(database: Database, fromMonth: SQL | undefined): Promise<number> {
  await database.db.execute(fromMonth ? sql`delete from customer_history_month where month >= ${fromMonth}` : sql`delete from customer_history_month`);
  return rowsWritten(
    database,
    sql`insert into customer_history_month (month, kind, value, customers)
        select date_trunc('month', x.day::timestamp)::date, x.kind, x.value, sum(x.n)::int
        from (${stateEvents(fromMonth ? sql`h.day >= ${fromMonth}` : sql`true`)}) x
        group by 1, 2, 3
        having sum(x.n) <> 0`,
  );
}

/**
 * Rebuilds both tables from `customer_day` (which must be complete, with its key): one ordered pass
 * over the key, each customer's days with the day before and the running count of orders, written in
 * day order (readers take a window of days: its rows then sit on a window's share of the pages, as new
 * days appended by incremental refreshes do). Keys are dropped during the fill and rebuilt after it (as
 * for the other line-level rollups). Returns the rows of `customer_day_history`.
 */
export async function rebuildCustomerHistory(database: Database): Promise<number> {
  await database.db.execute(sql`truncate customer_day_history, customer_history_month`);
  const indexes = await dropRollupIndexes(database, ['customer_day_history']);
  const n = await rowsWritten(
    database,
    sql`insert into customer_day_history (customer_id, day, previous_day, orders_before, orders, revenue)
        select customer_id, day, lag(day) over w, coalesce(sum(orders) over (w rows between unbounded preceding and 1 preceding), 0)::int, orders, revenue
        from (select customer_id, day, sum(orders)::int as orders, sum(revenue) as revenue from customer_day group by customer_id, day) d
        window w as (partition by customer_id order by day)
        order by day, customer_id`,
  );
  await createRollupIndexes(database, indexes);
  await replaceMonths(database, undefined);
  await database.db.execute(sql`analyze customer_day_history, customer_history_month`);
  return n;
}

/**
 * Replaces the rows of business days from `from` on (the days `customer_day` was just rewritten for):
 * each customer of those days continues from their last row before `from` (one key probe), and the
 * months from `from`'s month on are re-summed (whole months: the earlier days of the first one did not
 * change). Returns the rows of `customer_day_history` written.
 */
export async function refreshCustomerHistory(database: Database, from: string): Promise<number> {
  await database.db.execute(sql`delete from customer_day_history where day >= ${from}::date`);
  const n = await rowsWritten(
    database,
    sql`insert into customer_day_history (customer_id, day, previous_day, orders_before, orders, revenue)
        with days as (
          select customer_id, day, sum(orders)::int as orders, sum(revenue) as revenue from customer_day where day >= ${from}::date
          group by customer_id, day
        ),
        base as (
          select c.customer_id, b.day, b.orders_before + b.orders as orders
          from (select distinct customer_id from days) c
          cross join lateral (select h.day, h.orders_before, h.orders from customer_day_history h
                              where h.customer_id = c.customer_id and h.day < ${from}::date order by h.day desc limit 1) b
        )
        select d.customer_id, d.day, coalesce(lag(d.day) over w, b.day),
               (coalesce(b.orders, 0) + coalesce(sum(d.orders) over (w rows between unbounded preceding and 1 preceding), 0))::int, d.orders, d.revenue
        from days d left join base b on b.customer_id = d.customer_id
        window w as (partition by d.customer_id order by d.day)
        order by d.day, d.customer_id`,
  );
  await replaceMonths(database, sql`date_trunc('month', ${from}::date::timestamp)::date`);
  return n;
}
