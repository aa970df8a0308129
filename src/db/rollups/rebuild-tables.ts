import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';

/**
 * The big line-level rollups built from the staged orders, rebuilt without keys or indexes (see
 * `dropRollupIndexes` in rollup-indexes.ts). `customer_product` is rebuilt the same way but on its own (see
 * `rebuildCustomerProducts` in customer-products.ts).
 */
export const BULK_TABLES = ['daily_sales', 'customer_day'];
/** The per-customer rollup, rebuilt from `customer_day` after it the same way. */
export const CUSTOMER_TABLES = ['customer_rollup'];
/** The smaller ones, emptied with delete so readers keep their view until the rebuild commits. */
const SMALL_TABLES = ['product_day', 'hourly_sales', 'basket_block_counts', 'basket_month_counts'];

const tableList = (tables: readonly string[]): SQL => sql.join(tables.map((t) => sql.identifier(t)), sql`, `);

/** Empties the line-level rollups (but `customer_product`) and `customer_rollup` before a full rebuild. */
export async function clearLineRollups(database: Database): Promise<void> {
  // The big ones are locked for the rebuild anyway (their indexes are dropped), so truncate: no dead rows.
  await database.db.execute(sql`truncate ${tableList([...BULK_TABLES, ...CUSTOMER_TABLES])}`);
  for (const table of SMALL_TABLES) await database.db.execute(sql`delete from ${sql.identifier(table)}`);
}

/** Fresh planner statistics after a full rebuild: for every line-level rollup, or for `tables`. */
export async function analyzeLineRollups(database: Database, tables: readonly string[] = [...BULK_TABLES, ...SMALL_TABLES]): Promise<void> {
  await database.db.execute(sql`analyze ${tableList(tables)}`);
}
