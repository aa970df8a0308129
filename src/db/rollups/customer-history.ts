import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rowsWritten } from '../sql/run.js';
import { withSettings } from './refresh-session.js';
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

/**
 * Rewrites `customer_history_month` for the months from `fromMonth` on (all months without it) from
 * `customer_day_history`: the moves of {@link stateEvents}, counted in one scan with a grouping set per
 * kind of move (a lateral row per move and one hash of them all costs twice as much). A customer's
 * first day (no previous day, no earlier orders) leaves nothing: its `previous_day` null and
 * `orders_before` 0 groups are dropped.
 */
async function replaceMonths(database: Database, fromMonth: SQL | undefined): Promise<number> {
  await database.db.execute(fromMonth ? sql`delete from customer_history_month where month >= ${fromMonth}` : sql`delete from customer_history_month`);
  return rowsWritten(
    database,
    sql`insert into customer_history_month (month, kind, value, customers)
        select month, kind, value, sum(n)::int
        from (select month,
                     (case when grouping(day) = 0 or grouping(previous_day) = 0 then 0 else 1 end)::smallint as kind,
                     case when grouping(day) = 0 then day - ${EPOCH} when grouping(previous_day) = 0 then previous_day - ${EPOCH}
                          when grouping(through) = 0 then through else orders_before end as value,
                     case when grouping(day) = 0 or grouping(through) = 0 then count(*) else -count(*) end as n
              from (select date_trunc('month', day::timestamp)::date as month, day, previous_day, orders_before, orders_before + orders as through
                    from customer_day_history where ${fromMonth ? sql`day >= ${fromMonth}` : sql`true`}) h
              group by grouping sets ((month, day), (month, previous_day), (month, through), (month, orders_before))) g
        where value is not null and not (kind = 1 and value = 0)
        group by 1, 2, 3
        having sum(n) <> 0`,
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
  // Grouped in key order (sorted or by the key's index), not hashed: nearly every (customer, day) is a
  // group of its own, and the window needs them in that order anyway. Days are distinct within a
  // customer, so the window's default frame (through the current row) is a running sum.
  const n = await withSettings(database, { enable_hashagg: 'off' }, () =>
    rowsWritten(
      database,
      sql`insert into customer_day_history (customer_id, day, previous_day, orders_before, orders, revenue)
          select customer_id, day, lag(day) over w, (sum(orders) over w - orders)::int, orders, revenue
          from (select customer_id, day, sum(orders)::int as orders, sum(revenue) as revenue from customer_day group by customer_id, day) d
          window w as (partition by customer_id order by day)
          order by day, customer_id`,
    ),
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
