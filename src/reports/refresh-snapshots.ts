import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import { env, type Env } from '../config/env.js';
import type { Database } from '../db/client.js';
import { inTransaction } from '../db/transaction.js';
import { childLogger } from '../lib/logger.js';
import { ReportThreads } from './report-threads.js';
import { computeSnapshotGroup, SNAPSHOT_GROUPS, type ComputedSnapshot } from './snapshot-groups.js';
import { storeSnapshot } from './snapshot.js';

export { SNAPSHOT_REPORTS } from './snapshot-groups.js';

/** Threads kept between refreshes, for the settings they started with. */
let kept: { settings: Env; threads: ReportThreads } | undefined;

/** How long refresh threads outlive their last group: refreshes in a row (imports, a busy worker) skip their start-up (~1 s each). */
const REFRESH_THREADS_IDLE_MS = 30_000;

/**
 * The refresh's threads: one per core, at most one per group, kept while refreshes follow each other
 * and exiting (with their connections) after REFRESH_THREADS_IDLE_MS. A thread reads the configuration
 * (SALES_TZ, SALES_WORKDAYS) once, when it starts; when it changed since (tests, `--database`), the old
 * threads go and new ones start.
 */
function refreshThreads(): ReportThreads {
  const settings = env();
  if (kept?.settings !== settings) {
    void kept?.threads.close();
    kept = { settings, threads: new ReportThreads({ size: Math.min(SNAPSHOT_GROUPS.length, availableParallelism()), idleMs: REFRESH_THREADS_IDLE_MS }) };
  }
  return kept.threads;
}

/**
 * Starts the refresh's threads while the rollups are rebuilt, so their start-up is not added to the
 * snapshot step (call it when a refresh begins; a no-op on the embedded database).
 */
export function warmSnapshotThreads(database: Database): void {
  if (database.kind === 'postgres') refreshThreads().warm(database);
}

/**
 * Recomputes and stores the default view of each heavy report, from committed rollups.
 *
 * On PostgreSQL every group computes on a report thread with its own connection, in its own read-only
 * repeatable-read transaction: the groups' SQL runs on separate backends side by side (one group per
 * thread at a time), and their model fits and mining on separate cores instead of taking turns on the one event loop (which then also stays
 * free for whatever else the process serves). Each snapshot records the as-of and data freshness of the
 * state it read, which is what decides whether a report may serve it. All are then stored in one
 * transaction. The embedded database has one connection inside this process: its groups run in turn here.
 *
 * `threads` lends a running pool (a server's); without one, a refresh on PostgreSQL uses its own (see
 * refreshThreads).
 */
export async function refreshSnapshots(database: Database, opts: { threads?: ReportThreads } = {}): Promise<Record<string, number>> {
  const log = childLogger('snapshots');
  let computed: ComputedSnapshot[];
  if (database.kind === 'postgres') {
    const threads = opts.threads ?? refreshThreads();
    // One group per thread at a time: a thread that finishes a light group takes the next, so two heavy
    // groups never share a core while another thread sits idle.
    const oneEach = pLimit(threads.size);
    computed = (await Promise.all(SNAPSHOT_GROUPS.map((g) => oneEach(() => threads.snapshotGroup(database, g))))).flat();
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
