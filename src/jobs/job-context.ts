import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import type { DeliveryDeps } from '../services/delivery/delivery-deps.js';
import type { JobName, JobPayloads } from './queues.js';

/**
 * Adds a follow-up job (BullMQ, or the in-process runner's own queue); `jobId` makes it idempotent.
 * `delayMs` holds it back that long (BullMQ's delayed set); the in-process runner, which has no
 * scheduler and serves `digest run` and the demo, runs it at once.
 */
export type Enqueue = <N extends JobName>(name: N, payload: JobPayloads[N], jobId: string, opts?: { delayMs?: number }) => Promise<void>;

/**
 * What a processor may use besides its payload: the delivery service's deps (database, Slack poster,
 * message builders, clock, SALES_TZ, freshness limit) and the job system's own. Configuration arrives
 * here, set by whoever starts the jobs (the CLI reads the environment), so no processor reads env().
 */
export interface JobContext extends DeliveryDeps {
  /**
   * Report reads (digests, report subscriptions, the alerts' report runs): ANALYTICS_DATABASE_URL, a read
   * replica, when set, else the same handle as `database`, which keeps every write and the job's own
   * bookkeeping (subscriptions, deliveries, job runs, alert state, the refresh).
   */
  analytics: Database;
  log: Logger;
  enqueue: Enqueue;
  /** Slack user ids that are always admins (SLACK_ADMIN_USER_IDS): who a subscription's owner is. */
  adminIds: readonly string[];
  /** Render and upload charts (reports, digest). */
  charts: boolean;
}

/** Facts about the running job the processors need. */
export interface JobMeta {
  jobId: string;
  /** Names this run: `s<scheduled ms>` for scheduled jobs, else the payload's runKey, else the job id. */
  runKey: string;
  /** 1 for the first attempt. */
  attempt: number;
}

/** What a processor did, kept as the job's return value and in job_runs. */
export interface JobOutcome {
  status: 'sent' | 'skipped' | 'stale' | 'queued' | 'done';
  /** Messages posted by this run (not counting those an earlier attempt already posted). */
  messages?: number;
  detail?: string;
}

export type Processor<N extends JobName> = (ctx: JobContext, payload: JobPayloads[N], meta: JobMeta) => Promise<JobOutcome>;
