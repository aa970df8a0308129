import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { one } from '../sql/run.js';

/** A salesman's display name by internal id (undefined when unknown or unnamed). */
export async function salesmanName(database: Database, id: number): Promise<string | undefined> {
  const r = await one<{ name: string | null }>(database, sql`select name from salesmen where id = ${id}`);
  return r?.name ?? undefined;
}
