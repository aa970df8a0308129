import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { reportSnapshots } from '../schema/snapshots.js';
import { isoInstant, isoInstantOrNull } from '../sql/instants.js';

type SnapshotRecord = typeof reportSnapshots.$inferSelect;

/** A stored default view: `asOf` is its business day (YYYY-MM-DD), the instants are ISO. */
export type StoredSnapshot = Pick<SnapshotRecord, 'result'> & { asOf: string; dataAsOf: string | null; createdAt: string };

export async function readSnapshot(database: Database, report: string, paramsKey: string): Promise<StoredSnapshot | undefined> {
  const [r] = await database.db
    .select({
      asOf: reportSnapshots.asOf,
      dataAsOf: reportSnapshots.dataAsOf,
      result: reportSnapshots.result,
      createdAt: reportSnapshots.createdAt,
    })
    .from(reportSnapshots)
    .where(and(eq(reportSnapshots.report, report), eq(reportSnapshots.paramsKey, paramsKey)));
  if (!r) return undefined;
  // `asOf` is stored as midnight UTC of the business day (see writeSnapshot).
  return { asOf: isoInstant(r.asOf).slice(0, 10), dataAsOf: isoInstantOrNull(r.dataAsOf), result: r.result, createdAt: isoInstant(r.createdAt) };
}

/** Replaces the stored default view of a report. `asOf` is a business day, kept as midnight UTC. */
export async function writeSnapshot(
  database: Database,
  s: { report: string; paramsKey: string; asOf: string; dataAsOf: string | null; result: unknown; durationMs: number },
): Promise<void> {
  await database.db
    .insert(reportSnapshots)
    .values({
      report: s.report,
      paramsKey: s.paramsKey,
      // Cast by Postgres, as any instant text it reads (not only ISO) was accepted before.
      asOf: sql`${s.asOf + 'T00:00:00Z'}::timestamptz`,
      dataAsOf: sql`${s.dataAsOf}::timestamptz`,
      result: s.result,
      durationMs: s.durationMs,
      createdAt: sql`now()`,
    })
    .onConflictDoUpdate({
      target: [reportSnapshots.report, reportSnapshots.paramsKey],
      set: {
        asOf: sql`excluded.as_of`,
        dataAsOf: sql`excluded.data_as_of`,
        result: sql`excluded.result`,
        durationMs: sql`excluded.duration_ms`,
        createdAt: sql`excluded.created_at`,
      },
    });
}
