import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { one } from '../sql/run.js';

/** True when the database answers a trivial query within the driver's own timeout. */
export async function databaseAlive(database: Database): Promise<boolean> {
  try {
    return (await one<{ ok: number }>(database, sql`select 1 as ok`))?.ok === 1;
  } catch {
    return false;
  }
}
