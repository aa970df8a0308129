import { desc, isNotNull } from 'drizzle-orm';
import type { Database } from '../client.js';
import { refreshRuns } from '../schema/snapshots.js';
import { isoInstant } from '../sql/instants.js';

/** The last finished analytics refresh: when, why, and its id (refresh_runs). */
export async function lastFinishedRefresh(database: Database): Promise<{ id: number; trigger: string; finishedAt: string } | undefined> {
  const [r] = await database.db
    .select({ id: refreshRuns.id, trigger: refreshRuns.trigger, finishedAt: refreshRuns.finishedAt })
    .from(refreshRuns)
    .where(isNotNull(refreshRuns.finishedAt))
    .orderBy(desc(refreshRuns.finishedAt), desc(refreshRuns.id))
    .limit(1);
  // Finished runs only, so finishedAt is set.
  return r ? { id: r.id, trigger: r.trigger, finishedAt: isoInstant(r.finishedAt!) } : undefined;
}
