import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { one } from '../sql/run.js';

/** The last finished analytics refresh: when, why, and its id (refresh_runs). */
export async function lastFinishedRefresh(database: Database): Promise<{ id: number; trigger: string; finishedAt: string } | undefined> {
  const r = await one<{ id: number; trigger: string; finishedAt: string }>(
    database,
    sql`select id, trigger, finished_at as "finishedAt" from refresh_runs where finished_at is not null order by finished_at desc, id desc limit 1`,
  );
  return r ? { id: Number(r.id), trigger: r.trigger, finishedAt: new Date(r.finishedAt).toISOString() } : undefined;
}
