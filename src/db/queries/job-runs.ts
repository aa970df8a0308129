import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { one, rows } from '../sql/run.js';

export interface JobRunRow {
  id: number;
  jobName: string;
  jobId: string | null;
  subscriptionId: number | null;
  status: 'running' | 'succeeded' | 'failed';
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

const COLUMNS = sql`id, job_name as "jobName", job_id as "jobId", subscription_id as "subscriptionId", status, error,
  started_at as "startedAt", finished_at as "finishedAt"`;

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
const toRow = (r: JobRunRow): JobRunRow => ({
  ...r,
  id: Number(r.id),
  subscriptionId: r.subscriptionId === null ? null : Number(r.subscriptionId),
  startedAt: iso(r.startedAt)!,
  finishedAt: iso(r.finishedAt),
});

export async function startJobRun(database: Database, r: { jobName: string; jobId: string | null; subscriptionId: number | null }): Promise<number> {
  const row = await one<{ id: number }>(
    database,
    sql`insert into job_runs (job_name, job_id, subscription_id, status) values (${r.jobName}, ${r.jobId}, ${r.subscriptionId}, 'running') returning id`,
  );
  return Number(row!.id);
}

export async function finishJobRun(database: Database, id: number, outcome: { status: 'succeeded' | 'failed'; error?: string | null }): Promise<void> {
  await database.db.execute(
    sql`update job_runs set status = ${outcome.status}, error = ${outcome.error ?? null}, finished_at = now() where id = ${id}`,
  );
}

/** The latest run of each of these subscriptions. */
export async function lastRunsOf(database: Database, subscriptionIds: readonly number[]): Promise<JobRunRow[]> {
  if (subscriptionIds.length === 0) return [];
  const r = await rows<JobRunRow>(
    database,
    sql`select distinct on (subscription_id) ${COLUMNS} from job_runs
        where subscription_id in (${sql.join(subscriptionIds.map((id) => sql`${id}`), sql`, `)})
        order by subscription_id, started_at desc, id desc`,
  );
  return r.map(toRow);
}

/**
 * Latest failed jobs (of these subscriptions, or of any job when undefined), newest first. Every
 * attempt of a job has a row; a job counts once, by its last attempt, so a job that failed and then
 * succeeded on a retry (a 429, a network blip) is not a failure, and five failed attempts are one.
 */
export async function recentFailedRuns(database: Database, opts: { subscriptionIds?: readonly number[]; limit: number }): Promise<JobRunRow[]> {
  if (opts.subscriptionIds && opts.subscriptionIds.length === 0) return [];
  const which = opts.subscriptionIds
    ? sql`subscription_id in (${sql.join(opts.subscriptionIds.map((id) => sql`${id}`), sql`, `)})`
    : sql`true`;
  const r = await rows<JobRunRow>(
    database,
    sql`select * from (
          select distinct on (coalesce(job_id, 'run' || id)) ${COLUMNS} from job_runs
          where ${which} and started_at > now() - interval '30 days'
          order by coalesce(job_id, 'run' || id), started_at desc, id desc) last_attempt
        where status = 'failed' order by "startedAt" desc, id desc limit ${opts.limit}`,
  );
  return r.map(toRow);
}

/** Latest runs of jobs that belong to no subscription (refreshes, fan-outs), one per job name. */
export async function lastSystemRuns(database: Database): Promise<JobRunRow[]> {
  const r = await rows<JobRunRow>(
    database,
    sql`select distinct on (job_name) ${COLUMNS} from job_runs where subscription_id is null order by job_name, started_at desc, id desc`,
  );
  return r.map(toRow);
}
