import { desc, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { refreshRuns } from '../schema/snapshots.js';

/**
 * Version of the rollup set the refresh step writes. A database whose last finished refresh wrote an
 * older version (or none) gets a full rebuild whatever `since` says, so an upgrade never leaves new
 * rollups half-built, and reports never read a rollup before a refresh has filled it.
 */
export const ROLLUP_VERSION = 4;

/** The rollup version and time zone a refresh run's stats name (version null when it predates versions). */
const WROTE = {
  version: sql<number | null>`(${refreshRuns.stats}->>'rollupVersion')::int`,
  timeZone: sql<string | null>`${refreshRuns.stats}->>'timeZone'`,
};

/**
 * The rollup version and SALES_TZ the latest finished refresh wrote (version 0 when there is none or it
 * predates versions): an incremental refresh on top of anything else would mix layouts or time zones.
 */
export async function lastRollupState(database: Database): Promise<{ version: number; timeZone: string | null }> {
  const [r] = await database.db
    .select(WROTE)
    .from(refreshRuns)
    .where(isNotNull(refreshRuns.finishedAt))
    .orderBy(desc(refreshRuns.id))
    .limit(1);
  return { version: r?.version ?? 0, timeZone: r?.timeZone ?? null };
}

/**
 * True when the rollups hold this version's layout in `timeZone`: the newest visible refresh run (a
 * run and its rollups commit together, and inside a refresh its own run is the newest) wrote them.
 * Otherwise (no refresh yet, an upgrade not yet refreshed, SALES_TZ changed since) reports must read
 * order lines. One primary-key probe.
 */
export async function rollupsMatch(database: Database, timeZone: string): Promise<boolean> {
  const [r] = await database.db.select(WROTE).from(refreshRuns).orderBy(desc(refreshRuns.id)).limit(1);
  return r?.version === ROLLUP_VERSION && r.timeZone === timeZone;
}
