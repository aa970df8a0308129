import type { SubscriptionRow } from '../db/queries/subscriptions.js';
import type { QueueStat } from './job-status.js';

/**
 * What the Slack app and the CLI need from the job system, declared here so a listener receives it
 * through its deps without importing the job code; src/jobs/control.ts implements it (BullMQ on Redis,
 * or in-process without Redis).
 */
export interface JobsControl {
  /** `in-process`: no Redis, so nothing runs on a schedule (the demo and `digest run` still work). */
  readonly mode: 'redis' | 'in-process';
  /**
   * Resolves when the scheduler answers; throws SCHEDULER_UNREACHABLE (an AppError) within about 2 s
   * when Redis does not. Every other call below fails the same way during a Redis outage.
   */
  reachable(): Promise<void>;
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
   * recovered customers' alerts updated and at-risk / slow-mover runs for the new cases, first the
   * report snapshots when the import left them (`snapshotsPending`, see `deferSnapshots` in
   * services/refresh.ts). No-op without Redis.
   */
  afterImport(opts?: { snapshotsPending?: boolean }): Promise<void>;
  close(): Promise<void>;
}

