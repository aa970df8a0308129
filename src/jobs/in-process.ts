import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import type { SlackPoster } from '../services/delivery/slack-poster.js';
import { SLACK_DELIVERY_MESSAGES } from './delivery-messages.js';
import type { JobContext, JobOutcome } from './job-context.js';
import { isPermanentJobError, retryAfterMs } from './job-errors.js';
import { runProcessor } from './job-runner.js';
import type { JobSettings } from './job-settings.js';
import type { JobName, JobPayloads } from './queues.js';

export interface InProcessOptions {
  database: Database;
  /** Report reads (a read replica); default `database`. */
  analytics?: Database;
  slack: SlackPoster;
  log: Logger;
  /** SALES_TZ, STALE_DATA_HOURS and SLACK_ADMIN_USER_IDS as the caller read them. */
  settings: JobSettings;
  charts?: boolean;
  now?: () => Date;
  /** Attempts per job for transient failures (default 3), with `backoffMs` doubling between them. */
  attempts?: number;
  backoffMs?: number;
}

export interface JobResult {
  name: JobName;
  jobId: string;
  outcome?: JobOutcome;
  error?: unknown;
}

export interface InProcessRunner {
  /** Runs a job and every job it queues, one after another; resolves with all their results. */
  run<N extends JobName>(name: N, payload: JobPayloads[N], jobId: string): Promise<JobResult[]>;
}

const MAX_RATE_LIMIT_WAITS = 20;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The same processors without Redis (the demo, `sales-bot digest run`): jobs run in this process in
 * the order they are queued, job ids deduplicate as in BullMQ, a 429 waits for Retry-After, transient
 * failures are retried with backoff and permanent ones are not. There is no scheduler.
 */
export function createInProcessRunner(opts: InProcessOptions): InProcessRunner {
  const seen = new Set<string>();
  const pending: { name: JobName; payload: JobPayloads[JobName]; jobId: string }[] = [];
  const ctx: JobContext = {
    database: opts.database,
    analytics: opts.analytics ?? opts.database,
    slack: opts.slack,
    messages: SLACK_DELIVERY_MESSAGES,
    log: opts.log.child({ component: 'jobs' }),
    enqueue: async (name, payload, jobId) => {
      if (seen.has(jobId)) return;
      seen.add(jobId);
      pending.push({ name, payload, jobId });
    },
    unschedule: async () => {},
    now: opts.now ?? (() => new Date()),
    timeZone: opts.settings.timeZone,
    staleAfterHours: opts.settings.staleAfterHours,
    adminIds: opts.settings.adminIds,
    charts: opts.charts ?? true,
  };
  const attempts = opts.attempts ?? 3;
  const backoff = opts.backoffMs ?? 1000;

  async function runOne(job: { name: JobName; payload: JobPayloads[JobName]; jobId: string }): Promise<JobResult> {
    const runKey = (job.payload as { runKey?: string }).runKey ?? `j${job.jobId}`;
    let waits = 0;
    for (let attempt = 1; ; ) {
      try {
        const outcome = await runProcessor(ctx, job.name, job.payload as never, { jobId: job.jobId, runKey, attempt });
        return { name: job.name, jobId: job.jobId, outcome };
      } catch (err) {
        const wait = retryAfterMs(err);
        // Slack's Retry-After is honoured, but a channel that stays rate limited does not hold the run forever.
        if (wait !== undefined && ++waits <= MAX_RATE_LIMIT_WAITS) {
          await sleep(wait);
          continue;
        }
        if (isPermanentJobError(err) || attempt >= attempts) return { name: job.name, jobId: job.jobId, error: err };
        await sleep(backoff * 2 ** (attempt - 1));
        attempt++;
      }
    }
  }

  return {
    async run(name, payload, jobId) {
      await ctx.enqueue(name, payload, jobId);
      const results: JobResult[] = [];
      while (pending.length > 0) results.push(await runOne(pending.shift()!));
      return results;
    },
  };
}
