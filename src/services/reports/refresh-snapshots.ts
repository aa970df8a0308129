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
  // Computed side by side: while one report waits on Postgres another models in Node, so the
  // database's core and Node's overlap. Stored one after another once all are done.
  const computed = await Promise.all(
    REPORTS.filter((r) => SNAPSHOT_REPORTS.includes(r.name)).map(async (definition) => {
      const started = performance.now();
      const { source: _source, snapshotAt: _at, ...body } = await definition.run(ctx);
      return { name: definition.name, body, ms: Math.round(performance.now() - started) };
    }),
  );
  for (const { name, body, ms } of computed) {
    await storeSnapshot(ctx, name, body, ms);
    timings[name] = ms;
    log.debug({ report: name, ms }, 'snapshot stored');
  }
  return timings;
}
