import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import type { SlackPoster } from '../slack/web-poster.js';
import type { JobName, JobPayloads } from './queues.js';

/**
 * Adds a follow-up job (BullMQ, or the in-process runner's own queue); `jobId` makes it idempotent.
 * `delayMs` holds it back that long (BullMQ's delayed set); the in-process runner, which has no
 * scheduler and serves `digest run` and the demo, runs it at once.
 */
export type Enqueue = <N extends JobName>(name: N, payload: JobPayloads[N], jobId: string, opts?: { delayMs?: number }) => Promise<void>;

/** What a processor may use besides its payload. */
export interface JobContext {
  database: Database;
  slack: SlackPoster;
  log: Logger;
  enqueue: Enqueue;
  /** Removes a subscription's scheduler (after a permanent delivery problem pauses it); no-op without Redis. */
  unschedule(subscriptionId: number): Promise<void>;
  now(): Date;
  /** SALES_TZ. */
  timeZone: string;
  /** Freshness gate: data older than this is stale (0 = never). */
  staleAfterHours: number;
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
