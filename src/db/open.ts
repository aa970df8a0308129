import { env } from '../config/env.js';
import { connect, migrate, type Database } from './client.js';

/** Opens the database the configuration names (Postgres or embedded PGlite) and migrates it. */
export async function openDatabase(opts: { migrate?: boolean; analytics?: boolean } = {}): Promise<Database> {
  const e = env();
  const url = opts.analytics ? (e.ANALYTICS_DATABASE_URL ?? e.DATABASE_URL) : e.DATABASE_URL;
  const database = await connect({ url, pgliteDir: e.PGLITE_DIR });
  if (opts.migrate !== false) await migrate(database);
  return database;
}
