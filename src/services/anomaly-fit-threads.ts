import { availableParallelism } from 'node:os';
import { ReportThreads } from '../reports/report-threads.js';

/** How long the fit threads outlive their last slice: a worker's runs in a row (several subscriptions at 07:00) skip their start-up (~1 s each). */
const FIT_THREADS_IDLE_MS = 30_000;

let kept: ReportThreads | undefined;

/**
 * The threads anomaly runs fit their slices on (a job worker's alerts and fan-outs), one per core: the
 * threads are niced (thread-pool.ts), so the event loop that renews the jobs' locks and answers Slack keeps
 * its turn, and the fits use every idle core. Started on first use; they exit after FIT_THREADS_IDLE_MS idle
 * and the next run starts them again. The fits are pure (no database, no settings), so one pool serves
 * every run of the process, whatever its database or configuration.
 */
export function anomalyFitThreads(): ReportThreads {
  kept ??= new ReportThreads({ size: Math.max(1, availableParallelism()), idleMs: FIT_THREADS_IDLE_MS });
  return kept;
}
