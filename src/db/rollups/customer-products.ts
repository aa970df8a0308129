import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rowsWritten } from '../sql/run.js';
import { analyzeLineRollups } from './rebuild-tables.js';
import { REFRESH_CUSTOMERS } from './refresh-staging.js';
import { createRollupIndexes, dropRollupIndexes } from './rollup-indexes.js';

/**
 * Brings `customer_product` up to date from a day (see {@link rebuildCustomerProducts} for all of it):
 * pairs first bought on or after it are the only ones lines from that day on can change, so they
 * are deleted (they belong to the customers in `refresh_customers`, see `stageCustomers` in refresh-staging.ts, found
 * through the key) and re-added from the orders staged in `refresh_orders` (see `stageOrders` in refresh-staging.ts),
 * keeping any pair the customer had already bought before.
 */
export async function refreshCustomerProducts(database: Database, from: string): Promise<number> {
  await database.db.execute(sql`
    delete from customer_product where customer_id = any(${REFRESH_CUSTOMERS}) and first_day >= ${from}::date`);
  return rowsWritten(
    database,
    sql`insert into customer_product (customer_id, product_id, first_day)
        select o.customer_id, p.product_id, min(o.day)
        from refresh_orders o, unnest(o.items) as p(product_id)
        where o.day >= ${from}::date
        group by 1, 2
        on conflict (customer_id, product_id) do nothing`,
  );
}

/**
 * Rebuilds all of `customer_product` from the order lines: emptied, its key dropped, refilled in one
 * sorted pass over every line with the earliest line of each pair kept (about one pair per line, so
 * sorting beats a hash table that size; the pair is sorted as one 64-bit key, customer then product,
 * which is the table's key order for ids ≥ 0, so the rows go in in key order, which makes the key's
 * index cheap to build and a customer's pairs adjacent), the key rebuilt and the table analyzed.
 * Reads nothing but `order_items`, so it may run in a transaction of its own beside the rest of a
 * full rebuild (the table stays locked until that transaction ends). Returns the pairs written.
 */
export async function rebuildCustomerProducts(database: Database, timeZone: string): Promise<number> {
  await database.db.execute(sql`truncate customer_product`);
  const indexes = await dropRollupIndexes(database, ['customer_product']);
  const pair = sql`(i.customer_id::int8 << 32 | i.product_id::int8)`;
  const n = await rowsWritten(
    database,
    sql`insert into customer_product (customer_id, product_id, first_day)
        select f.customer_id, f.product_id, (f.ordered_at at time zone ${timeZone})::date
        from (select distinct on (${pair}) i.customer_id, i.product_id, i.ordered_at
              from order_items i order by ${pair}, i.ordered_at) f`,
  );
  await createRollupIndexes(database, indexes);
  await analyzeLineRollups(database, ['customer_product']);
  return n;
}
