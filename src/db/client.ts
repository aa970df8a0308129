import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { AppError } from '../lib/errors.js';
import { cannotReach, databaseFault, targetOf } from './db-errors.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type DrizzleDb = PgDatabase<PgQueryResultHKT, Schema>;

/**
 * One handle whichever engine is underneath. `driver` is for the few places that need the engine
 * itself (COPY in the importer); everything else goes through `db`.
 */
/**
 * numeric and bigint arrive as text from both engines, so money stays exact until it is rendered or
 * modelled; queries cast counts to int where a number is wanted.
 */
export type Database =
  | { kind: 'postgres'; db: DrizzleDb; driver: postgres.Sql; url: string; close(): Promise<void>; replicaOf?: ReplicaLink }
  | { kind: 'pglite'; db: DrizzleDb; driver: PGlite; dataDir: string; close(): Promise<void>; replicaOf?: never };

/**
 * Set on a handle that reads a streaming replica (ANALYTICS_DATABASE_URL): the primary it follows, so
 * its replay lag can be measured against the primary's WAL position, and from how many seconds of lag
 * answers say so.
 */
export interface ReplicaLink {
  primary: Database;
  noticeAfterSeconds: number;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface ConnectOptions {
  /** postgres:// URL; when absent the embedded database in `pgliteDir` is used. */
  url?: string | undefined;
  /** Directory for PGlite, or `memory://` for a throwaway in-memory database. */
  pgliteDir?: string;
  /** Connection pool size for postgres.js. */
  max?: number;
}

/**
 * Turns a driver's connection failure into one line saying where and what to do: a missing database and
 * a refused login are named as such (not "cannot reach"), anything unrecognised keeps its code.
 */
function unreachable(url: string, cause: unknown): AppError {
  const target = targetOf(url);
  const known = databaseFault(cause, target, { connecting: true });
  if (known) return known;
  return cannotReach(target, (cause as { code?: string }).code ?? (cause as Error).message, cause);
}

export async function connect(opts: ConnectOptions = {}): Promise<Database> {
  if (opts.url) {
    const url = opts.url;
    const driver = postgres(url, {
      max: opts.max ?? 10,
      onnotice: () => {},
      connect_timeout: 10,
    });
    try {
      await driver`select 1`;
    } catch (e) {
      await driver.end({ timeout: 1 }).catch(() => {});
      throw unreachable(url, e);
    }
    const db = drizzlePostgres(driver, { schema }) as unknown as DrizzleDb;
    return { kind: 'postgres', db, driver, url, close: () => driver.end({ timeout: 5 }) };
  }
  const dataDir = opts.pgliteDir ?? './.data/pglite';
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const driver = await PGlite.create(dataDir);
  const db = drizzlePglite(driver, { schema }) as unknown as DrizzleDb;
  return { kind: 'pglite', db, driver, dataDir, close: () => driver.close() };
}

/** Applies the committed drizzle-kit migrations; safe to run on every start. */
export async function migrate(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_DIR };
  if (database.kind === 'postgres') {
    await migratePostgres(database.db as never, config);
  } else {
    await migratePglite(database.db as never, config);
  }
}
