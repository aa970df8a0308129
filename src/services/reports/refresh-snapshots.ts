import type { Database } from '../../db/client.js';
import { childLogger } from '../../lib/logger.js';
import { buildContext } from './run-report.js';
import { REPORTS } from './registry.js';
import { storeSnapshot } from './snapshot.js';

/** Reports whose default view is too heavy to compute per request at scale (architecture.md). */
export const SNAPSHOT_REPORTS: readonly string[] = ['rfm', 'affinity', 'clv', 'churn', 'crosssell'];

/**
 * Recomputes and stores the default view of each heavy report. Runs live (the snapshot being replaced
 * is never read here) so a stale snapshot cannot feed the next one.
 */
export async function refreshSnapshots(database: Database): Promise<Record<string, number>> {
  const log = childLogger('snapshots');
  const timings: Record<string, number> = {};
  // One live context for all: the snapshot being replaced is never read, and reports that share work
  // (clv and churn fit the same models) can reuse it within this refresh.
  const ctx = { ...(await buildContext(database, { filters: {} })), isDefault: false };
  for (const definition of REPORTS.filter((r) => SNAPSHOT_REPORTS.includes(r.name))) {
    const started = performance.now();
    const { source: _source, snapshotAt: _at, ...body } = await definition.run(ctx);
    const ms = Math.round(performance.now() - started);
    await storeSnapshot(ctx, definition.name, body, ms);
    timings[definition.name] = ms;
    log.debug({ report: definition.name, ms }, 'snapshot stored');
  }
  return timings;
}
