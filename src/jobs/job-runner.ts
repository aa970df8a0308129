import { finishJobRun, startJobRun } from '../db/queries/job-runs.js';
import { failureReason } from './job-errors.js';
import type { JobContext, JobMeta, JobOutcome } from './job-context.js';
import { PROCESSORS } from './processors/index.js';
import type { JobName, JobPayloads } from './queues.js';

/**
 * Runs one job's processor and records the run in job_runs (for /sales status): started, then
 * succeeded, or failed with a one-line reason. Errors are re-thrown for the caller to retry or not.
 */
export async function runProcessor<N extends JobName>(ctx: JobContext, name: N, payload: JobPayloads[N], meta: JobMeta): Promise<JobOutcome> {
  const processor = PROCESSORS[name] as ((c: JobContext, p: JobPayloads[N], m: JobMeta) => Promise<JobOutcome>) | undefined;
  if (!processor) throw new Error(`no processor for job ${String(name)}`);
  const subscriptionId = 'subscriptionId' in payload ? payload.subscriptionId : null;
  const runId = await startJobRun(ctx.database, { jobName: name, jobId: meta.jobId, subscriptionId });
  try {
    const out = await processor(ctx, payload, meta);
    await finishJobRun(ctx.database, runId, { status: 'succeeded' });
    ctx.log.info({ job: name, jobId: meta.jobId, runKey: meta.runKey, ...out }, 'job done');
    return out;
  } catch (e) {
    await finishJobRun(ctx.database, runId, { status: 'failed', error: failureReason(e) }).catch(() => {});
    ctx.log.warn({ job: name, jobId: meta.jobId, attempt: meta.attempt, err: e }, 'job failed');
    throw e;
  }
}
