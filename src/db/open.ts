import { env } from '../config/env.js';
import { AppError } from '../lib/errors.js';
import { connect, migrate, type Database } from './client.js';

/** Opens the database the configuration names (Postgres or embedded PGlite) and migrates it. */
export async function openDatabase(opts: { migrate?: boolean } = {}): Promise<Database> {
  const e = env();
  const database = await connect({ url: e.DATABASE_URL, pgliteDir: e.PGLITE_DIR });
  if (opts.migrate !== false) await migrate(database);
  return database;
}

/**
 * The two handles a door works with: `database` (DATABASE_URL, the primary) takes every write and the
 * reads that must see them (subscriptions, deliveries, job runs, alert state, the refresh);
 * `analytics` (ANALYTICS_DATABASE_URL, a read replica) serves report reads. Without
 * ANALYTICS_DATABASE_URL both are the same handle.
 */
export interface Databases {
  database: Database;
  analytics: Database;
  /** Closes both (once each). */
  close(): Promise<void>;
}

/**
 * Opens the primary (migrated unless told otherwise) and, when ANALYTICS_DATABASE_URL is set, the
 * replica. The replica is never migrated: it is read-only and receives the primary's migrations by
 * replication.
 */
export async function openDatabases(opts: { migrate?: boolean } = {}): Promise<Databases> {
  const e = env();
  if (e.ANALYTICS_DATABASE_URL && !e.DATABASE_URL) {
    throw new AppError('CONFIG_INVALID', 'ANALYTICS_DATABASE_URL is set but DATABASE_URL is not: a read replica needs the PostgreSQL primary it follows.', {
      hint: 'Set DATABASE_URL to the primary, or unset ANALYTICS_DATABASE_URL to use the embedded database.',
    });
  }
  const database = await openDatabase(opts);
  if (!e.ANALYTICS_DATABASE_URL || e.ANALYTICS_DATABASE_URL === e.DATABASE_URL) {
    return { database, analytics: database, close: () => database.close() };
  }
  let analytics: Database;
  try {
    analytics = await connect({ url: e.ANALYTICS_DATABASE_URL });
  } catch (err) {
    await database.close();
    throw err;
  }
  if (analytics.kind === 'postgres') analytics.replicaOf = { primary: database, noticeAfterSeconds: e.ANALYTICS_LAG_NOTICE_SECONDS };
  return {
    database,
    analytics,
    async close() {
      await Promise.all([analytics.close(), database.close()]);
    },
  };
}
