import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { connect, migrate, type Database } from '../../src/db/client.js';

/** The server the benchmarks use: DATABASE_URL's, default this machine's. */
export const BENCH_SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  name: string;
  url: string;
  database: Database;
  /** Closes the handle and drops the database (unless `keep`). */
  close(opts?: { keep?: boolean }): Promise<void>;
}

export function databaseUrl(name: string, server = BENCH_SERVER_URL): string {
  const u = new URL(server);
  u.pathname = '/' + name;
  return u.toString();
}

/** A fresh, migrated database on the benchmark server, named `<prefix>_<random>`. */
export async function createBenchDatabase(prefix: string, opts: { max?: number } = {}): Promise<BenchDatabase> {
  // BENCH_DB_PREFIX lets parallel checkouts keep their throwaway databases apart.
  const name = `${process.env.BENCH_DB_PREFIX ?? prefix}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(BENCH_SERVER_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(name);
  const database = await connect({ url, max: opts.max ?? 4 });
  await migrate(database);
  return {
    name,
    url,
    database,
    async close({ keep = false } = {}) {
      await database.close();
      if (keep) return;
      const a = postgres(BENCH_SERVER_URL, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
