import { availableParallelism } from 'node:os';
import type { Database } from '../db/client.js';
import { inTransaction } from '../db/transaction.js';
import { childLogger } from '../lib/logger.js';
import { ReportThreads } from './report-threads.js';
import { computeSnapshotGroup, SNAPSHOT_GROUPS, type ComputedSnapshot } from './snapshot-groups.js';
import { storeSnapshot } from './snapshot.js';

export { SNAPSHOT_REPORTS } from './snapshot-groups.js';

/**
 * Recomputes and stores the default view of each heavy report, from committed rollups.
 *
 * On PostgreSQL every group computes on a report thread with its own connection, in its own read-only
 * repeatable-read transaction: the groups' SQL runs on separate backends side by side, and their model
 * fits and mining on separate cores instead of taking turns on the one event loop (which then also stays
 * free for whatever else the process serves). Each snapshot records the as-of and data freshness of the
 * state it read, which is what decides whether a report may serve it. All are then stored in one
 * transaction. The embedded database has one connection inside this process: its groups run in turn here.
 *
 * `threads` lends a running pool (a server's); without one, a refresh on PostgreSQL starts threads for
 * itself (one per core, at most one per group) and ends them when done.
 */
export async function refreshSnapshots(database: Database, opts: { threads?: ReportThreads } = {}): Promise<Record<string, number>> {
  const log = childLogger('snapshots');
  let computed: ComputedSnapshot[];
  if (database.kind === 'postgres') {
    const threads = opts.threads ?? new ReportThreads({ size: Math.min(SNAPSHOT_GROUPS.length, availableParallelism()) });
    try {
      computed = (await Promise.all(SNAPSHOT_GROUPS.map((g) => threads.snapshotGroup(database, g)))).flat();
    } finally {
      if (!opts.threads) await threads.close();
    }
  } else {
    computed = [];
    for (const g of SNAPSHOT_GROUPS) computed.push(...(await computeSnapshotGroup(database, g)));
  }
  const timings: Record<string, number> = {};
  await inTransaction(database, async (tx) => {
    for (const { name, ctx, body, ms } of computed) {
      await storeSnapshot({ ...ctx, database: tx }, name, body, ms);
      timings[name] = ms;
      log.debug({ report: name, ms }, 'snapshot stored');
    }
  });
  return timings;
}
