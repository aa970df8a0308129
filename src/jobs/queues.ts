import { Queue, type JobsOptions } from 'bullmq';
import type { JobsConnection } from './connection.js';

/**
 * Two queues: `runs` for work that computes reports (one worker slot each, heavy) and `messages` for
 * one-message jobs fanned out to many salesmen (light, many at once).
 */
export const QUEUE_NAMES = ['runs', 'messages'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Why a subscription runs: its schedule, an admin (`digest run`), or a refresh that found new cases. */
export type RunTrigger = 'schedule' | 'manual' | 'refresh';

/**
 * Job payloads: ids only, never tokens, names or other personal data (they sit in Redis and in logs).
 * `runKey` names one run (a scheduled time, a manual run, a refresh) and makes its messages idempotent.
 */
export interface JobPayloads {
  /** Scheduled jobs carry only the id (the scheduler's template); the run key comes from the scheduled time. */
  'subscription-run': { subscriptionId: number; runKey?: string; trigger?: RunTrigger };
  'churn-alert': { subscriptionId: number; runKey: string; trigger?: RunTrigger };
  'slow-movers-alert': { subscriptionId: number; runKey: string; trigger?: RunTrigger };
  /** One salesman's at-risk DM (salesmanId), or one person's (slackUserId) for `me`/`@person` targets. */
  'at-risk-dm': { subscriptionId: number; runKey: string; salesmanId?: number; slackUserId?: string };
  'crosssell-dm': { subscriptionId: number; runKey: string; salesmanId?: number; slackUserId?: string };
  'deals-dm': { subscriptionId: number; runKey: string; salesmanId?: number; slackUserId?: string };
  'pacing-dm': { subscriptionId: number; runKey: string; salesmanId?: number; slackUserId?: string };
  'anomalies-dm': { subscriptionId: number; runKey: string; salesmanId?: number; slackUserId?: string };
  /** After the last DM of a fan-out run: one notice to the owner listing the DMs Slack refused. */
  'fanout-report': { subscriptionId: number; runKey: string };
  /**
   * `alreadyRefreshed`: an import refreshed the rollups and snapshots itself; only look for new cases and
   * recoveries. `snapshotsOnly`: an import refreshed the rollups and left the snapshots to this job.
   */
  'snapshot-refresh': { trigger: 'nightly' | 'import' | 'manual'; alreadyRefreshed?: boolean; snapshotsOnly?: boolean };
}
export type JobName = keyof JobPayloads;
export const JOB_NAMES = ['subscription-run', 'churn-alert', 'slow-movers-alert', 'at-risk-dm', 'crosssell-dm', 'deals-dm', 'pacing-dm', 'anomalies-dm', 'fanout-report', 'snapshot-refresh'] as const satisfies readonly JobName[];

export const JOB_QUEUE: Record<JobName, QueueName> = {
  'subscription-run': 'runs',
  'churn-alert': 'runs',
  'slow-movers-alert': 'runs',
  'snapshot-refresh': 'runs',
  'at-risk-dm': 'messages',
  'crosssell-dm': 'messages',
  'deals-dm': 'messages',
  'pacing-dm': 'messages',
  'anomalies-dm': 'messages',
  'fanout-report': 'messages',
};

/**
 * Retries with exponential backoff for transient failures (5 attempts: 5 s, 10 s, 20 s, 40 s); permanent
 * ones throw UnrecoverableError and are not retried. Finished jobs are kept a week so a job id re-added
 * by a retrying producer is recognised and not run again.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 5_000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 5_000 },
};

export type AnyPayload = JobPayloads[JobName];

export interface Queues {
  byName: Record<QueueName, Queue<AnyPayload, unknown, JobName>>;
  /** Adds a job; `jobId` makes it idempotent (BullMQ ignores an id it already holds). Ids must not contain ':'. */
  add<N extends JobName>(name: N, payload: JobPayloads[N], opts: { jobId: string } & Partial<JobsOptions>): Promise<void>;
  close(): Promise<void>;
}

/** The queues on a connection. */
export function createQueues(conn: JobsConnection, defaults: JobsOptions = DEFAULT_JOB_OPTIONS): Queues {
  const make = (name: QueueName) => {
    const q = new Queue<AnyPayload, unknown, JobName>(name, { connection: conn.redis, prefix: conn.prefix, defaultJobOptions: defaults });
    // Without a listener BullMQ prints each error (every failed reconnect) with console.error.
    q.on('error', (err) => conn.reportError(err));
    return q;
  };
  const byName = { runs: make('runs'), messages: make('messages') };
  return {
    byName,
    async add(name, payload, opts) {
      await byName[JOB_QUEUE[name]].add(name, payload, opts);
    },
    async close() {
      await Promise.all(Object.values(byName).map((q) => q.close()));
    },
  };
}

/** A BullMQ-safe job id from parts (BullMQ reserves ':' for its own ids). */
export function jobId(...parts: (string | number)[]): string {
  return parts.map((p) => String(p).replace(/[:\s]/g, '_')).join('.');
}
