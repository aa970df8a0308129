import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import { listSubscriptions } from '../db/queries/subscriptions.js';
import { isConnectionError, type JobsConnection } from './connection.js';
import type { Queues } from './queues.js';
import { NIGHTLY_REFRESH_SCHEDULER, reconcileSchedules, scheduleNightlyRefresh, type ReconcileResult } from './schedules.js';

/** How often a worker compares the schedulers with the subscriptions table unless told otherwise. */
export const DEFAULT_RECONCILE_EVERY_MS = 5 * 60_000;

export type ReconcileReason = 'start' | 'reconnect' | 'periodic';

export interface Reconciler {
  /** One reconciliation, after the one going if any. */
  run(reason: ReconcileReason): Promise<ReconcileResult & { nightly: boolean }>;
  stop(): void;
}

/**
 * Keeps Redis's job schedulers equal to the subscriptions table (Postgres is the record; Redis may come
 * back from a restart empty, or have missed a change made during an outage): at worker start, each time
 * the worker's connection is back after an outage, and every `everyMs`. Several workers may do this at
 * once: upserting a scheduler is idempotent and its jobs' ids are derived from the scheduled time.
 * A periodic run during an outage is skipped (the reconnect runs one); a failure is logged as one line,
 * without repeating what the connection's watcher already said.
 */
export function startReconciler(opts: {
  queues: Queues;
  database: Database;
  connection: Pick<JobsConnection, 'isDown' | 'onReconnect'>;
  log: Logger;
  timeZone: string;
  nightlyCron: string | null;
  everyMs?: number;
}): Reconciler {
  const { queues, log } = opts;
  // Runs go one after another; a run asked for while another goes starts after it (the one going may
  // have read Redis before a restart), and asks made meanwhile share that next run.
  let tail: Promise<unknown> = Promise.resolve();
  let queued: Promise<ReconcileResult & { nightly: boolean }> | undefined;
  let stopped = false;

  async function nightly(): Promise<boolean> {
    if (!opts.nightlyCron) return false;
    const have = await queues.byName.runs.getJobScheduler(NIGHTLY_REFRESH_SCHEDULER);
    if (have && have.pattern === opts.nightlyCron && have.tz === opts.timeZone) return false;
    await scheduleNightlyRefresh(queues, opts.nightlyCron, opts.timeZone);
    return true;
  }

  async function once(reason: ReconcileReason): Promise<ReconcileResult & { nightly: boolean }> {
    const r = await reconcileSchedules(queues, () => listSubscriptions(opts.database), opts.timeZone);
    const n = await nightly();
    if (reason === 'start') log.info({ ...r, nightly: n }, 'job schedulers reconciled with subscriptions');
    else if (r.created > 0 || r.removed > 0 || n) log.info({ ...r, nightly: n, reason }, 'job schedulers re-created from the subscriptions table');
    return { ...r, nightly: n };
  }

  const run = (reason: ReconcileReason) => {
    if (queued) return queued;
    const next = tail
      .catch(() => {})
      .then(() => {
        queued = undefined;
        return once(reason);
      });
    queued = next;
    tail = next;
    return next;
  };

  const inBackground = (reason: ReconcileReason) => {
    if (stopped || opts.connection.isDown()) return;
    run(reason).catch((e: unknown) => {
      if (isConnectionError(e)) return; // the watcher has said Redis is unreachable; the reconnect retries
      log.warn({ err: e, reason }, 'could not reconcile the job schedulers with the subscriptions table');
    });
  };

  opts.connection.onReconnect(() => inBackground('reconnect'));
  const timer = setInterval(() => inBackground('periodic'), opts.everyMs ?? DEFAULT_RECONCILE_EVERY_MS);
  timer.unref();
  return {
    run,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
