import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rows } from './run.js';

/** A result set of numeric columns, column-wise: `columns[name][i]` is row i's value, NaN for null. */
export interface NumberColumns<K extends string> {
  length: number;
  columns: Record<K, Float64Array>;
}

/** What Drizzle's Postgres session and dialect expose underneath `db` (the transaction's own client). */
interface PostgresInternals {
  session: {
    client: {
      unsafe(query: string, params: unknown[]): { values(): { cursor(rows: number, fn: (rows: unknown[][]) => void): Promise<void> } };
    };
  };
  dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
}

/** Rows per cursor fetch: large enough to amortize round trips, small enough to keep row arrays short-lived. */
const BATCH = 20_000;

/**
 * Runs a query whose columns are all numbers (int, float8, date differences; null allowed) and returns
 * them column-wise, in the order of `names` (the query's column order).
 *
 * Why: per-customer models read every customer's aggregates (a million rows and more). Kept as row
 * objects those cost ~300 bytes each; here rows arrive through a cursor in batches and are copied into
 * Float64Arrays (8 bytes per value), so only one batch of row arrays is alive at a time.
 * (`COPY … TO STDOUT` would decode twice as fast, but postgres.js can leave the connection paused after
 * a large COPY stream, porsager/postgres#499 and PR #1016, which would wedge the refresh transaction.)
 *
 * Runs on the connection of `database.db`, so inside a transaction it sees that transaction's writes.
 * Throws when a field is not a number (a query that selects text by mistake).
 */
export async function numberColumns<K extends string>(database: Database, query: SQL, names: readonly K[]): Promise<NumberColumns<K>> {
  const out = new ColumnBuilder(names);
  if (database.kind === 'pglite') {
    const list = await rows<Record<string, unknown>>(database, query);
    for (const row of list) out.push(names.map((n) => row[n]));
    return out.finish();
  }
  const internals = database.db as unknown as PostgresInternals;
  const q = internals.dialect.sqlToQuery(query);
  await internals.session.client.unsafe(q.sql, q.params).values().cursor(BATCH, (batch) => {
    for (const row of batch) out.push(row);
  });
  return out.finish();
}

/** Growable column arrays filled row by row. */
class ColumnBuilder<K extends string> {
  private cols: Float64Array[];
  private n = 0;
  constructor(private readonly names: readonly K[]) {
    this.cols = names.map(() => new Float64Array(1024));
  }

  push(values: readonly unknown[]): void {
    this.grow();
    for (let j = 0; j < this.cols.length; j++) {
      const v = values[j];
      this.cols[j]![this.n] = v === null || v === undefined ? Number.NaN : this.number(v);
    }
    this.n++;
  }

  finish(): NumberColumns<K> {
    const columns = {} as Record<K, Float64Array>;
    this.names.forEach((name, j) => (columns[name] = this.cols[j]!.slice(0, this.n)));
    return { length: this.n, columns };
  }

  private number(v: unknown): number {
    const x = typeof v === 'number' ? v : Number(v);
    if (Number.isNaN(x)) throw new Error(`numberColumns: "${String(v)}" is not a number`);
    return x;
  }

  private grow(): void {
    if (this.n < this.cols[0]!.length) return;
    this.cols = this.cols.map((c) => {
      const bigger = new Float64Array(c.length * 2);
      bigger.set(c);
      return bigger;
    });
  }
}
