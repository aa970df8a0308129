import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rowsWritten } from '../sql/run.js';
import { REFRESH_CUSTOMERS } from './refresh-staging.js';
import { withSettings } from './refresh-session.js';

/**
 * Per-customer rollup columns from `customer_day` rows `cd` of the customers in `who` (an int array, or
 * every customer). Buying days and gaps follow `customerPurchaseStats`. One sorted pass: the
 * customer's days in order, each buying day's gap to the buying day before it (the latest earlier
 * buying day: days are distinct), then one group per customer. Columns of buying days are null for a
 * customer without one.
 */
function customerRollupSelect(who: SQL | undefined): SQL {
  const scope = who === undefined ? sql`true` : sql`cd.customer_id = any(${who})`;
  const buying = sql`revenue >= 0`;
  return sql`with days as (
        select customer_id, day, sum(orders)::int as orders, sum(revenue) as revenue,
               min(first_order_at) as first_order_at, max(last_order_at) as last_order_at
        from customer_day cd where ${scope}
        group by customer_id, day
      ),
      gaps as (
        select d.*, case when d.${buying} then d.day - max(d.day) filter (where d.${buying})
                      over (partition by d.customer_id order by d.day rows between unbounded preceding and 1 preceding) end as gap
        from days d
      )
      select customer_id, min(first_order_at), max(last_order_at), sum(orders)::int, count(*)::int, sum(revenue),
             min(day) filter (where ${buying}), max(day) filter (where ${buying}),
             nullif(count(*) filter (where ${buying}), 0)::int, (sum(orders) filter (where ${buying}))::int,
             case when bool_or(${buying}) then coalesce(sum(revenue) filter (where gap is not null), 0) end,
             percentile_cont(0.5) within group (order by gap) filter (where gap is not null),
             percentile_cont(0.9) within group (order by gap) filter (where gap is not null),
             now()
      from gaps group by customer_id`;
}

const CUSTOMER_ROLLUP_COLUMNS = sql`(customer_id, first_order_at, last_order_at, orders, purchase_days, revenue,
  buying_first_day, buying_last_day, buying_days, buying_orders, repeat_revenue, gap_p50_days, gap_p90_days, refreshed_at)`;

/**
 * Rebuilds `customer_rollup` from `customer_day`: every customer (into the table a full rebuild
 * emptied), or (with `from`) the customers in `refresh_customers` (see `stageCustomers` in refresh-staging.ts), which it
 * drops. Returns the number of customers written.
 */
export async function refreshCustomerRollup(database: Database, from: string | undefined): Promise<number> {
  if (from === undefined) {
    // Emptied by clearLineRollups, keys dropped (see dropRollupIndexes). One sort of customer_day: a
    // hash of every customer's days would spill and the window needs them in order anyway, and its key
    // order is not its row order (it is filled a chunk of days at a time), so no index scan.
    return withSettings(database, { enable_hashagg: 'off', enable_indexscan: 'off' }, () =>
      rowsWritten(database, sql`insert into customer_rollup ${CUSTOMER_ROLLUP_COLUMNS} ${customerRollupSelect(undefined)}`),
    );
  }
  await database.db.execute(sql`delete from customer_rollup where customer_id = any(${REFRESH_CUSTOMERS})`);
  const n = await rowsWritten(database, sql`insert into customer_rollup ${CUSTOMER_ROLLUP_COLUMNS} ${customerRollupSelect(REFRESH_CUSTOMERS)}`);
  await database.db.execute(sql`drop table refresh_customers`);
  return n;
}
