import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { connect, migrate, type Database } from '../../src/db/client.js';

/** Where tests find the services; defaults are this machine's (and docker compose's) ports. */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}

export interface TestDatabase {
  url: string;
  name: string;
  database: Database;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated Postgres database of its own, so test files can run in parallel and leave nothing
 * behind. `drop()` closes the handle and removes the database.
 */
export async function createTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `salesbot_test_${randomBytes(5).toString('hex')}`;
  const admin = postgres(TEST_PG_URL, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = withDatabase(TEST_PG_URL, name);
  const database = await connect({ url, max: 4 });
  if (opts.migrate !== false) await migrate(database);
  return {
    url,
    name,
    database,
    async drop() {
      await database.close();
      const a = postgres(TEST_PG_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** An in-memory PGlite database, migrated: the embedded path. */
export async function createPgliteDatabase(): Promise<Database> {
  const database = await connect({ pgliteDir: 'memory://' });
  await migrate(database);
  return database;
}
