import { eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { refreshRuns } from '../schema/snapshots.js';
import { ROLLUP_VERSION } from './rollup-checks.js';

/** Opens a refresh run; its stats name the rollup version and time zone being written (see `rollupsMatch` in rollup-checks.ts). */
export async function startRefreshRun(database: Database, trigger: string, timeZone: string): Promise<number> {
  const [r] = await database.db
    .insert(refreshRuns)
    .values({ trigger, stats: { rollupVersion: ROLLUP_VERSION, timeZone } })
    .returning({ id: refreshRuns.id });
  return r!.id;
}

export async function finishRefreshRun(database: Database, id: number, stats: Record<string, number>, timeZone: string): Promise<void> {
  await database.db
    .update(refreshRuns)
    .set({ finishedAt: sql`now()`, stats: { ...stats, timeZone } })
    .where(eq(refreshRuns.id, id));
}
