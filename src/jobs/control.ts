import { env } from '../config/env.js';
import type { SubscriptionRow } from '../db/queries/subscriptions.js';
import type { QueueStat } from '../slack/blocks/status-message.js';
import { connectJobs, type JobsConnection } from './connection.js';
import { createQueues, jobId, QUEUE_NAMES, type Queues } from './queues.js';
import { nextRunsBySubscription, scheduleSubscription, unscheduleSubscription } from './schedules.js';

/** What the Slack app and the CLI need from the job system. */
export interface JobsControl {
  /** `in-process`: no Redis, so nothing runs on a schedule (the demo and `digest run` still work). */
  readonly mode: 'redis' | 'in-process';
  /** Creates, updates or (when paused) removes the subscription's scheduler; the next run (epoch ms) or null. */
  schedule(sub: Pick<SubscriptionRow, 'id' | 'cron' | 'timeZone' | 'paused' | 'target'>): Promise<number | null>;
  unschedule(subscriptionId: number): Promise<void>;
  /** Next run per subscription id (epoch ms). */
  nextRuns(): Promise<Map<number, number>>;
  /** Job counts per queue; null without Redis. */
  queueStats(): Promise<QueueStat[] | null>;
  /** Queues a run of one subscription now; returns the job id. */
  runNow(subscriptionId: number): Promise<string>;
  /**
   * After an import (which refreshes the rollups itself): queues the rest of the snapshot refresh, i.e.
   * recovered customers' alerts updated and at-risk / slow-mover runs for the new cases. No-op without Redis.
   */
  afterImport(): Promise<void>;
  close(): Promise<void>;
}

/** The job system without Redis: schedules are kept only in Postgres until a worker with Redis starts. */
export const IN_PROCESS_CONTROL: JobsControl = {
  mode: 'in-process',
  schedule: async () => null,
  unschedule: async () => {},
  nextRuns: async () => new Map(),
  queueStats: async () => null,
  runNow: async () => {
    throw new Error('REDIS_URL is not set; run it with `sales-bot digest run <id>`');
  },
  afterImport: async () => {},
  close: async () => {},
};

/** The job system on Redis queues. */
export function redisJobsControl(queues: Queues, fallbackTimeZone: string, onClose: () => Promise<void> = async () => {}): JobsControl {
  return {
    mode: 'redis',
    schedule: (sub) => scheduleSubscription(queues, sub, fallbackTimeZone),
    unschedule: (id) => unscheduleSubscription(queues, id),
    nextRuns: () => nextRunsBySubscription(queues),
    async queueStats() {
      return Promise.all(
        QUEUE_NAMES.map(async (name) => {
          const c = await queues.byName[name].getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
          return { name, waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0, completed: c.completed ?? 0 };
        }),
      );
    },
    async runNow(subscriptionId) {
      const runKey = `m${Date.now()}`;
      const id = jobId('subscription-run', subscriptionId, runKey);
      await queues.add('subscription-run', { subscriptionId, runKey, trigger: 'manual' }, { jobId: id });
      return id;
    },
    async afterImport() {
      await queues.add('snapshot-refresh', { trigger: 'import', alreadyRefreshed: true }, { jobId: jobId('after-import', Date.now()) });
    },
    async close() {
      await queues.close();
      await onClose();
    },
  };
}

let shared: JobsControl | undefined;
let sharedConnection: JobsConnection | undefined;

/** The process's job control from the configuration: Redis queues when REDIS_URL is set, else in-process. */
export function defaultJobsControl(): JobsControl {
  if (shared) return shared;
  const e = env();
  if (!e.REDIS_URL) {
    shared = IN_PROCESS_CONTROL;
    return shared;
  }
  sharedConnection = connectJobs({ url: e.REDIS_URL, prefix: e.QUEUE_PREFIX });
  const conn = sharedConnection;
  shared = redisJobsControl(createQueues(conn), e.SALES_TZ, () => conn.close());
  return shared;
}

/** Closes the shared control (the app's shutdown). */
export async function closeDefaultJobsControl(): Promise<void> {
  const s = shared;
  shared = undefined;
  sharedConnection = undefined;
  await s?.close();
}
