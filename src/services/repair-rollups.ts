import type { Database } from '../db/client.js';
import { readRollupsBehind } from '../db/rollups/rollups-behind.js';
import type { Logger } from 'pino';
import { refreshAnalytics } from './refresh.js';

/**
 * Start-up repair for `serve` and `worker`: when an import committed but its refresh did not (the
 * process was killed between the two), the rollups are marked behind; this runs the refresh that
 * covers the mark, in the background (the caller does not wait), and logs one line. Resolves to
 * whether a repair ran; never rejects (a failure is logged and the mark stays for the next refresh).
 */
export async function repairRollupsIfBehind(database: Database, timeZone: string, log: Logger): Promise<boolean> {
  try {
    const behind = await readRollupsBehind(database);
    if (!behind) return false;
    log.info({ since: behind.since ?? 'all' }, 'rollups are behind an import: refreshing them');
    // snapshotsOnly: the mark widens it to exactly what is behind (another process may repair first).
    await refreshAnalytics(database, { trigger: 'repair', snapshotsOnly: true, timeZone });
    return true;
  } catch (err) {
    log.error({ err }, 'rollup repair failed; the next refresh retries it');
    return false;
  }
}
