import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rows } from '../sql/run.js';

/**
 * The line-level rollups, rebuilt by a full rebuild emptied and without keys or indexes (see
 * `dropRollupIndexes` in rollup-indexes.ts). `customer_product` is rebuilt the same way but on its own
 * (see `rebuildCustomerProducts` in customer-products.ts). All are truncated, none emptied with delete:
 * a delete of every row costs as much as the insert after it and leaves the table three times its size
 * in dead rows until autovacuum comes (the basket counts of a million lines with 25-line orders are
 * near 1 GB), so the refill writes to new pages and later scans wade through the dead ones. Readers of
 * these tables wait for a full rebuild to commit (they would for daily_sales anyway); a snapshot's
 * readers never do.
 */
export const BULK_TABLES = ['daily_sales', 'customer_day', 'product_day', 'product_week', 'hourly_sales', 'basket_block_counts', 'basket_month_counts'];
/** The basket counts, which a full rebuild on PostgreSQL writes in a transaction of its own (see `rebuildOrderRollups` in order-rollups-rebuild.ts). */
export const BASKET_TABLES = ['basket_block_counts', 'basket_month_counts'];
/** The per-customer rollup, rebuilt from `customer_day` after it the same way. */
export const CUSTOMER_TABLES = ['customer_rollup'];

const tableList = (tables: readonly string[]): SQL => sql.join(tables.map((t) => sql.identifier(t)), sql`, `);

/** Empties `tables` (by default the line-level rollups and `customer_rollup`) before a full rebuild. */
export async function clearLineRollups(database: Database, tables: readonly string[] = [...BULK_TABLES, ...CUSTOMER_TABLES]): Promise<void> {
  await database.db.execute(sql`truncate ${tableList(tables)}`);
}

/**
 * Every table a refresh writes. With the dimension tables they are analysed by the refresh itself: the
 * planner's estimates decide join orders and whether an aggregation's hash table fits in `work_mem`,
 * and autovacuum analyses a table a minute or more after the commit that changed it, so the first
 * reports after an import or a rebuild would otherwise plan with no or stale statistics.
 */
export const ANALYZED_TABLES = [...BULK_TABLES, ...CUSTOMER_TABLES, 'customer_product', 'product_rollup', 'customer_day_history', 'customer_history_month'];
/** The dimension tables reports join the rollups to. */
export const DIMENSION_TABLES = ['products', 'customers', 'salesmen'];

/**
 * Columns analysed of the tables whose other columns are arrays of counts: reports select their rows
 * by these and only unnest the arrays, and the element statistics of arrays of up to thousands of
 * entries cost most of the analyse (half of it for the basket counts of 25-line orders).
 */
const ANALYZED_COLUMNS: Record<string, readonly string[]> = {
  basket_block_counts: ['block_start', 'region', 'item_a'],
  basket_month_counts: ['month', 'region', 'item_a'],
};

/** Fresh planner statistics after a full rebuild: for every line-level rollup, or for `tables`. */
export async function analyzeLineRollups(database: Database, tables: readonly string[] = BULK_TABLES): Promise<void> {
  const targets = tables.map((t) => {
    const columns = ANALYZED_COLUMNS[t];
    return columns ? sql`${sql.identifier(t)} (${sql.join(columns.map((c) => sql.identifier(c)), sql`, `)})` : sql.identifier(t);
  });
  await database.db.execute(sql`analyze ${sql.join(targets, sql`, `)}`);
}

interface TableChangeRow {
  name: string;
  /** Rows this backend inserted, updated or deleted that the statistics system has not yet been told of. */
  pending: number;
  reltuples: number;
  modSinceAnalyze: number;
  analysed: boolean;
}

const changeRows = (database: Database, candidates: readonly string[]): Promise<TableChangeRow[]> =>
  rows<TableChangeRow>(
    database,
    sql`select s.relname as name,
               coalesce(x.n_tup_ins + x.n_tup_upd + x.n_tup_del, 0)::float8 as pending,
               greatest(c.reltuples, 0)::float8 as reltuples,
               s.n_mod_since_analyze::float8 as "modSinceAnalyze",
               coalesce(s.last_analyze, s.last_autoanalyze) is not null as analysed
        from pg_stat_user_tables s
        join pg_class c on c.oid = s.relid
        left join pg_stat_xact_user_tables x on x.relid = s.relid
        where s.schemaname = current_schema() and s.relname in ${candidates}`,
  );

/**
 * The row changes `pg_stat_xact_user_tables` shows this backend for each analysed table, taken when a
 * refresh starts (see {@link analyzeChangedTables}): on PostgreSQL 15 and later that view also counts
 * changes of the connection's earlier transactions that it has not yet flushed to the statistics system
 * (it flushes at most once a second, when idle), so the refresh's own changes are the difference.
 */
export type TableChangeBaseline = ReadonlyMap<string, number>;

export async function tableChangeBaseline(database: Database): Promise<TableChangeBaseline> {
  if (database.kind === 'pglite') return new Map();
  return new Map((await changeRows(database, [...ANALYZED_TABLES, ...DIMENSION_TABLES])).map((r) => [r.name, r.pending]));
}

/**
 * Planner statistics after an incremental refresh, for the tables changed by more than autovacuum's own
 * rule (50 rows + 10 %): a rollup by this refresh (its changes are in `pg_stat_xact_user_tables` until it
 * commits, counted from `baseline`, see {@link tableChangeBaseline}), a dimension table since its last
 * analyse (an import changed it) or never analysed. A rollup's own counter since its last analyse is no guide: an analyse inside the refresh that rewrote
 * the table is followed, at commit, by that refresh's changes, so it would count a whole rebuild; smaller
 * drifts are left to autovacuum. Whether a rollup was "ever analysed" is no guide either: the statistics
 * views learn of an analyse up to a second after it, and every full rebuild analyses all rollups anyway.
 * An incremental refresh of a day or two thus analyses nothing (or a dimension table an import grew), a
 * large re-import what it rewrote. On the embedded database (one process, small data, no statistics
 * views to trust) every table is analysed.
 * Returns the tables analysed.
 */
export async function analyzeChangedTables(database: Database, baseline: TableChangeBaseline): Promise<string[]> {
  const candidates = [...ANALYZED_TABLES, ...DIMENSION_TABLES];
  const tables =
    database.kind === 'pglite'
      ? candidates
      : (await changeRows(database, candidates))
          .filter((r) => {
            const dimension = DIMENSION_TABLES.includes(r.name);
            if (dimension && !r.analysed) return true;
            const changed = r.pending - (baseline.get(r.name) ?? 0) + (dimension ? r.modSinceAnalyze : 0);
            return changed > 50 + 0.1 * r.reltuples;
          })
          .map((r) => r.name);
  if (tables.length > 0) await analyzeLineRollups(database, tables);
  return tables;
}
