import type { SQL } from 'drizzle-orm';
import type { Database } from '../client.js';

/**
 * Runs a raw SQL statement and returns its rows as plain objects, whichever engine runs it
 * (postgres.js returns an array, PGlite an object with `rows`).
 */
export async function rows<T extends object>(database: Database, query: SQL): Promise<T[]> {
  const result = (await database.db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export async function one<T extends object>(database: Database, query: SQL): Promise<T | undefined> {
  return (await rows<T>(database, query))[0];
}

/**
 * Runs a write and returns how many rows it wrote, from the command tag (postgres.js `count`, PGlite
 * `affectedRows`), where a `returning` CTE would cost a row each.
 */
export async function rowsWritten(database: Database, query: SQL): Promise<number> {
  const r = (await database.db.execute(query)) as unknown as { count?: number | null; affectedRows?: number };
  return Number(r.count ?? r.affectedRows ?? 0);
}
