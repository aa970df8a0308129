import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import type { SlackPoster } from '../services/delivery/slack-poster.js';
import type { JobsConnection } from './connection.js';
import { SLACK_DELIVERY_MESSAGES } from './delivery-messages.js';
import type { JobContext, JobMeta } from './job-context.js';
import { failureReason, isPermanentJobError, retryAfterMs } from './job-errors.js';
import { runProcessor } from './job-runner.js';
import type { JobSettings } from './job-settings.js';
import { createQueues, type AnyPayload, type JobName, type Queues } from './queues.js';
import { startReconciler } from './reconcile.js';
import { unscheduleSubscription } from './schedules.js';

export interface WorkerOptions {
  database: Database;
  /** Report reads (a read replica); default `database`. */
  analytics?: Database;
  connection: JobsConnection;
  slack: SlackPoster;
  log: Logger;
  /** SALES_TZ, STALE_DATA_HOURS and SLACK_ADMIN_USER_IDS as the caller read them. */
  settings: JobSettings;
  /** Report-computing jobs at once per process (WORKER_CONCURRENCY); message jobs get five times as many. */
  concurrency?: number;
  /** BullMQ lock settings; tests shorten them so a killed worker's job is taken over quickly. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /**
   * How often a job may be found stalled (its worker died holding it) and still be run again (BullMQ's
   * default 1). A delivery resumed after a crash is checked against Slack's history, so running it again
   * is safe; tests that kill workers repeatedly raise it so a job caught by two kills is not failed.
   */
  maxStalledCount?: number;
  /**
   * Bring the schedulers (and the nightly refresh) in line with the subscriptions table at start, after
   * each Redis outage and every `reconcileEveryMs` (default 5 minutes). Default true.
   */
  reconcile?: boolean;
  reconcileEveryMs?: number;
  /** Nightly refresh cron (NIGHTLY_REFRESH_CRON); null for none. */
  nightlyCron: string | null;
  charts?: boolean;
  now?: () => Date;
}

/** Report jobs at once when the caller does not say (WORKER_CONCURRENCY's default; `sales-bot worker` passes the setting). */
const DEFAULT_CONCURRENCY = 4;

export interface RunningWorkers {
  queues: Queues;
  workers: Worker<AnyPayload, unknown, JobName>[];
  /** Stops taking jobs, waits for the running ones to finish, closes the queues. */
  close(force?: boolean): Promise<void>;
}

/** The run key of a job: `s<time>` for a scheduled one (id `repeat:<scheduler>:<time>`), else the payload's. */
export function runKeyOf(job: Pick<Job, 'id' | 'data'>): string {
  const id = job.id ?? '';
  const scheduled = /^repeat:[^:]+:(\d+)$/.exec(id);
  if (scheduled) return `s${scheduled[1]}`;
  const fromPayload = (job.data as { runKey?: string } | undefined)?.runKey;
  return fromPayload ?? `j${id}`;
}

/**
 * Starts the BullMQ workers of both queues. Failures are sorted the BullMQ way: a 429 moves just that
 * job to the delayed set for Retry-After (`moveToDelayed` + DelayedError, no attempt used up); a
 * permanent error (channel_not_found, a deleted subscription …) throws UnrecoverableError, so it is
 * not retried; anything else is retried with the queue's exponential backoff.
 */
export async function startWorkers(opts: WorkerOptions): Promise<RunningWorkers> {
  const queues = createQueues(opts.connection);
  const log = opts.log.child({ component: 'worker' });
  const ctx: JobContext = {
    database: opts.database,
    analytics: opts.analytics ?? opts.database,
    slack: opts.slack,
    messages: SLACK_DELIVERY_MESSAGES,
    log,
    enqueue: async (name, payload, id, o) => queues.add(name, payload, { jobId: id, ...(o?.delayMs && o.delayMs > 0 ? { delay: Math.round(o.delayMs) } : {}) }),
    unschedule: (id) => unscheduleSubscription(queues, id),
    now: opts.now ?? (() => new Date()),
    timeZone: opts.settings.timeZone,
    staleAfterHours: opts.settings.staleAfterHours,
    adminIds: opts.settings.adminIds,
    charts: opts.charts ?? true,
  };
  const reconciler =
    opts.reconcile === false
      ? undefined
      : startReconciler({ queues, database: opts.database, connection: opts.connection, log, timeZone: ctx.timeZone, nightlyCron: opts.nightlyCron, ...(opts.reconcileEveryMs ? { everyMs: opts.reconcileEveryMs } : {}) });
  await reconciler?.run('start');

  const processor = async (job: Job<AnyPayload, unknown, JobName>, token?: string) => {
    const meta: JobMeta = { jobId: job.id ?? '', runKey: runKeyOf(job), attempt: job.attemptsMade + 1 };
    try {
      return await runProcessor(ctx, job.name, job.data as never, meta);
    } catch (err) {
      const wait = retryAfterMs(err);
      if (wait !== undefined && token) {
        await job.moveToDelayed(Date.now() + wait, token);
        throw new DelayedError();
      }
      if (isPermanentJobError(err)) throw new UnrecoverableError(failureReason(err));
      throw err;
    }
  };
  const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
  const common = {
    connection: opts.connection.redis,
    prefix: opts.connection.prefix,
    // Rate-limit delays do not use up attempts; this caps a job Slack keeps refusing with 429.
    maxStartedAttempts: 50,
    ...(opts.lockDurationMs ? { lockDuration: opts.lockDurationMs } : {}),
    ...(opts.stalledIntervalMs ? { stalledInterval: opts.stalledIntervalMs } : {}),
    ...(opts.maxStalledCount !== undefined ? { maxStalledCount: opts.maxStalledCount } : {}),
  };
  const workers = [
    new Worker<AnyPayload, unknown, JobName>('runs', processor, { ...common, concurrency }),
    new Worker<AnyPayload, unknown, JobName>('messages', processor, { ...common, concurrency: concurrency * 5 }),
  ];
  for (const w of workers) {
    w.on('failed', (job, err) => {
      if (err instanceof DelayedError || err.name === 'DelayedError') return;
      log.warn({ job: job?.name, jobId: job?.id, attemptsMade: job?.attemptsMade, reason: err.message }, 'job attempt failed');
    });
    // Connection errors (each of the worker's own Redis connections reports them) go to the connection's
    // watcher: one line when Redis is lost, one when it is back.
    w.on('error', (err) => opts.connection.reportError(err));
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  return {
    queues,
    workers,
    async close(force = false) {
      reconciler?.stop();
      await Promise.all(workers.map((w) => w.close(force)));
      await queues.close();
    },
  };
}
