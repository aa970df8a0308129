import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { one } from './run.js';

/** Latest order time seen by the rollups (cheap: one row per customer, no line scan), ISO or null. */
export async function latestOrderAt(database: Database): Promise<string | null> {
  const r = await one<{ at: string | Date | null }>(database, sql`select max(last_order_at) as at from customer_rollup`);
  return r?.at ? new Date(r.at).toISOString() : null;
}
