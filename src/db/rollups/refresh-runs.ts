import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { one } from '../sql/run.js';
import { ROLLUP_VERSION } from './rollup-checks.js';

/** Opens a refresh run; its stats name the rollup version and time zone being written (see `rollupsMatch` in rollup-checks.ts). */
export async function startRefreshRun(database: Database, trigger: string, timeZone: string): Promise<number> {
  const stats = JSON.stringify({ rollupVersion: ROLLUP_VERSION, timeZone });
  const r = await one<{ id: number }>(database, sql`insert into refresh_runs (trigger, stats) values (${trigger}, ${stats}::jsonb) returning id`);
  return r!.id;
}

export async function finishRefreshRun(database: Database, id: number, stats: Record<string, number>, timeZone: string): Promise<void> {
  await database.db.execute(
    sql`update refresh_runs set finished_at = now(), stats = ${JSON.stringify({ ...stats, timeZone })}::jsonb where id = ${id}`,
  );
}
