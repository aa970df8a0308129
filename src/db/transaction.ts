import type { Database, DrizzleDb } from './client.js';

/**
 * Runs `fn` in one transaction on either engine. Query functions take a `Database`, so the transaction is
 * handed to them as a Database whose `db` is the transaction (a Drizzle transaction is a PgDatabase).
 */
export async function inTransaction<T>(database: Database, fn: (tx: Database) => Promise<T>): Promise<T> {
  return database.db.transaction(async (tx) => fn({ ...database, db: tx as unknown as DrizzleDb }));
}
