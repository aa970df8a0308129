import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { one } from '../sql/run.js';

export interface StoredSnapshot {
  asOf: string;
  dataAsOf: string | null;
  result: unknown;
  createdAt: string;
}

const isoOrNull = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

export async function readSnapshot(database: Database, report: string, paramsKey: string): Promise<StoredSnapshot | undefined> {
  const r = await one<{ as_of: string; data_as_of: unknown; result: unknown; created_at: unknown }>(
    database,
    sql`select to_char(as_of at time zone 'UTC', 'YYYY-MM-DD') as as_of, data_as_of, result, created_at
        from report_snapshots where report = ${report} and params_key = ${paramsKey}`,
  );
  if (!r) return undefined;
  const result = typeof r.result === 'string' ? (JSON.parse(r.result) as unknown) : r.result;
  return { asOf: r.as_of, dataAsOf: isoOrNull(r.data_as_of), result, createdAt: isoOrNull(r.created_at)! };
}

/** Replaces the stored default view of a report. `asOf` is a business day, kept as midnight UTC. */
export async function writeSnapshot(
  database: Database,
  s: { report: string; paramsKey: string; asOf: string; dataAsOf: string | null; result: unknown; durationMs: number },
): Promise<void> {
  await database.db.execute(sql`
    insert into report_snapshots (report, params_key, as_of, data_as_of, result, duration_ms, created_at)
    values (${s.report}, ${s.paramsKey}, ${s.asOf + 'T00:00:00Z'}::timestamptz, ${s.dataAsOf}::timestamptz,
            ${JSON.stringify(s.result)}::jsonb, ${s.durationMs}, now())
    on conflict (report, params_key) do update set
      as_of = excluded.as_of, data_as_of = excluded.data_as_of, result = excluded.result,
      duration_ms = excluded.duration_ms, created_at = excluded.created_at`);
}
