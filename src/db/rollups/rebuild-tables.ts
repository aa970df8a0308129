import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rows } from '../sql/run.js';

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

/**
 * Every table a refresh writes. With the dimension tables they are analysed by the refresh itself: the
 * planner's estimates decide join orders and whether an aggregation's hash table fits in `work_mem`,
 * and autovacuum analyses a table a minute or more after the commit that changed it, so the first
 * reports after an import or a rebuild would otherwise plan with no or stale statistics.
 */
export const ANALYZED_TABLES = [...BULK_TABLES, ...SMALL_TABLES, ...CUSTOMER_TABLES, 'customer_product', 'product_rollup'];
/** The dimension tables reports join the rollups to. */
export const DIMENSION_TABLES = ['products', 'customers', 'salesmen'];

/** Fresh planner statistics after a full rebuild: for every line-level rollup, or for `tables`. */
export async function analyzeLineRollups(database: Database, tables: readonly string[] = [...BULK_TABLES, ...SMALL_TABLES]): Promise<void> {
  await database.db.execute(sql`analyze ${tableList(tables)}`);
}

/**
 * Planner statistics after an incremental refresh, for the tables never analysed (no rows in `pg_stats`,
 * which ANALYZE writes transactionally; `last_analyze` reaches the statistics views up to a second later,
 * so it would call a just-analysed table unanalysed) and those changed by
 * more than autovacuum's own rule (50 rows + 10 %): a rollup by this refresh (its changes are in
 * `pg_stat_xact_user_tables` until it commits), a dimension table since its last analyse (an import
 * changed it). A rollup's own counter since its last analyse is no guide: an analyse inside the
 * refresh that rewrote the table is followed, at commit, by that refresh's changes, so it would count
 * a whole rebuild; smaller drifts are left to autovacuum. An incremental refresh of a day or two thus
 * analyses nothing (or a dimension table an import grew), a large re-import what it rewrote. On the
 * embedded database (one process, small data, no statistics views to trust) every table is analysed.
 * Returns the tables analysed.
 */
export async function analyzeChangedTables(database: Database): Promise<string[]> {
  const candidates = [...ANALYZED_TABLES, ...DIMENSION_TABLES];
  const tables =
    database.kind === 'pglite'
      ? candidates
      : (
          await rows<{ name: string }>(
            database,
            sql`select s.relname as name
                from pg_stat_user_tables s
                join pg_class c on c.oid = s.relid
                left join pg_stat_xact_user_tables x on x.relid = s.relid
                where s.schemaname = current_schema() and s.relname in ${candidates}
                  and (not exists (select 1 from pg_stats ps where ps.schemaname = s.schemaname and ps.tablename = s.relname)
                       or coalesce(x.n_tup_ins + x.n_tup_upd + x.n_tup_del, 0)
                          + case when s.relname in ${DIMENSION_TABLES} then s.n_mod_since_analyze else 0 end
                          > 50 + 0.1 * greatest(c.reltuples, 0))`,
          )
        ).map((r) => r.name);
  if (tables.length > 0) await analyzeLineRollups(database, tables);
  return tables;
}
