import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { one } from '../sql/run.js';

/**
 * Sort / hash memory for the refresh transaction's big aggregations, index-build memory for the keys
 * a full rebuild recreates (an index sorted in memory in one pass is several times cheaper than one
 * merged from runs on disk), and no JIT (it costs more than it saves on these one-off statements).
 */
export async function tuneRefreshSession(database: Database): Promise<void> {
  await database.db.execute(
    sql`select set_config('work_mem', '512MB', true), set_config('maintenance_work_mem', '1GB', true), set_config('jit', 'off', true)`,
  );
}

/**
 * Runs `fn` with planner settings changed for the transaction, then restores them. For the statements
 * whose better plan the planner misses (it underestimates the groups of a rebuild's aggregations by an
 * order of magnitude, so it hashes and spills what is cheaper sorted).
 */
export async function withSettings<T>(database: Database, settings: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const prev: [string, string][] = [];
  const set = (name: string, value: string) => database.db.execute(sql`select set_config(${name}, ${value}, true)`);
  try {
    for (const [name, value] of Object.entries(settings)) {
      prev.push([name, (await one<{ v: string }>(database, sql`select current_setting(${name}) as v`))!.v]);
      await set(name, value);
    }
    return await fn();
  } finally {
    for (const [name, value] of prev) await set(name, value);
  }
}
