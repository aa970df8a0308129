import { and, desc, eq, gt, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { jobRuns } from '../schema/bot.js';
import { isoInstant, isoInstantOrNull } from '../sql/instants.js';

type JobRunRecord = typeof jobRuns.$inferSelect;

/** One run of a job; instants are ISO. */
export type JobRunRow = Omit<JobRunRecord, 'startedAt' | 'finishedAt'> & { startedAt: string; finishedAt: string | null };

const toRow = (r: JobRunRecord): JobRunRow => ({ ...r, startedAt: isoInstant(r.startedAt), finishedAt: isoInstantOrNull(r.finishedAt) });

export async function startJobRun(database: Database, r: { jobName: string; jobId: string | null; subscriptionId: number | null }): Promise<number> {
  const [row] = await database.db
    .insert(jobRuns)
    .values({ jobName: r.jobName, jobId: r.jobId, subscriptionId: r.subscriptionId, status: 'running' })
    .returning({ id: jobRuns.id });
  return row!.id;
}

export async function finishJobRun(database: Database, id: number, outcome: { status: 'succeeded' | 'failed'; error?: string | null }): Promise<void> {
  await database.db
    .update(jobRuns)
    .set({ status: outcome.status, error: outcome.error ?? null, finishedAt: sql`now()` })
    .where(eq(jobRuns.id, id));
}

/** The latest run of each of these subscriptions. */
export async function lastRunsOf(database: Database, subscriptionIds: readonly number[]): Promise<JobRunRow[]> {
  if (subscriptionIds.length === 0) return [];
  const r = await database.db
    .selectDistinctOn([jobRuns.subscriptionId])
    .from(jobRuns)
    .where(inArray(jobRuns.subscriptionId, [...subscriptionIds]))
    .orderBy(jobRuns.subscriptionId, desc(jobRuns.startedAt), desc(jobRuns.id));
  return r.map(toRow);
}

/**
 * Latest failed jobs (of these subscriptions, or of any job when undefined), newest first. Every
 * attempt of a job has a row; a job counts once, by its last attempt, so a job that failed and then
 * succeeded on a retry (a 429, a network blip) is not a failure, and five failed attempts are one.
 */
export async function recentFailedRuns(database: Database, opts: { subscriptionIds?: readonly number[]; limit: number }): Promise<JobRunRow[]> {
  if (opts.subscriptionIds && opts.subscriptionIds.length === 0) return [];
  const job: SQL = sql`coalesce(${jobRuns.jobId}, 'run' || ${jobRuns.id})`;
  const lastAttempt = database.db
    .selectDistinctOn([job])
    .from(jobRuns)
    .where(
      and(
        opts.subscriptionIds ? inArray(jobRuns.subscriptionId, [...opts.subscriptionIds]) : undefined,
        gt(jobRuns.startedAt, sql`now() - interval '30 days'`),
      ),
    )
    .orderBy(job, desc(jobRuns.startedAt), desc(jobRuns.id))
    .as('last_attempt');
  const r = await database.db
    .select()
    .from(lastAttempt)
    .where(eq(lastAttempt.status, 'failed'))
    .orderBy(desc(lastAttempt.startedAt), desc(lastAttempt.id))
    .limit(opts.limit);
  return r.map(toRow);
}

/** Latest runs of jobs that belong to no subscription (refreshes, fan-outs), one per job name. */
export async function lastSystemRuns(database: Database): Promise<JobRunRow[]> {
  const r = await database.db
    .selectDistinctOn([jobRuns.jobName])
    .from(jobRuns)
    .where(isNull(jobRuns.subscriptionId))
    .orderBy(jobRuns.jobName, desc(jobRuns.startedAt), desc(jobRuns.id));
  return r.map(toRow);
}
