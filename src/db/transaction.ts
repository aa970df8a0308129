import type { PgTransactionConfig } from 'drizzle-orm/pg-core';
import type { Database, DrizzleDb } from './client.js';

/**
 * Runs `fn` in one transaction on either engine. Query functions take a `Database`, so the transaction is
 * handed to them as a Database whose `db` is the transaction (a Drizzle transaction is a PgDatabase).
 * `config` sets the isolation level and access mode (e.g. a read-only repeatable-read snapshot).
 */
export async function inTransaction<T>(
  database: Database,
  fn: (tx: Database) => Promise<T>,
  config?: PgTransactionConfig,
): Promise<T> {
  return database.db.transaction(async (tx) => fn({ ...database, db: tx as unknown as DrizzleDb }), config);
}
