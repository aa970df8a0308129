import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import type { SqlSession } from '../import/sql-session.js';
import { one, rowsWritten } from '../sql/run.js';

/**
 * The durable "rollups behind" mark (table `rollups_behind`, see the schema): written by an import in
 * its own transaction, so a crash after the import commits and before its refresh commits cannot leave
 * the rollups silently stale; the next refresh (the next import's, a start-up repair, the nightly one)
 * widens its range to it and clears it in the transaction that commits the rollups.
 */
export interface RollupsBehind {
  /** Earliest order time (ISO, UTC) the rollups do not cover; null = all of them (rebuild in full). */
  since: string | null;
  /** Grows with every mark: a refresh clears only the mark it read (a newer one stays). */
  generation: number;
}

/**
 * Records, inside the import's transaction, that the rollups miss changes from `since` on (undefined =
 * from the beginning). Keeps the earlier of the old and new mark, as the refresh that clears it must
 * cover both. Takes the row's lock until the import commits; a refresh clearing it at the same moment
 * makes the import wait for that commit, never the other way round (a refresh takes no import lock).
 */
export async function markRollupsBehind(session: SqlSession, since: string | undefined): Promise<void> {
  await session.execute(
    `insert into rollups_behind as b (id, since) values (1, $1::timestamptz)
     on conflict (id) do update set
       since = case when b.since is null or excluded.since is null then null else least(b.since, excluded.since) end,
       generation = b.generation + 1,
       marked_at = now()`,
    [since ?? null],
  );
}

/** The current mark, or undefined when the rollups cover every committed import. One key probe. */
export async function readRollupsBehind(database: Database): Promise<RollupsBehind | undefined> {
  const r = await one<{ since: string | null; generation: string | number }>(
    database,
    sql`select to_char(since at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as since, generation
        from rollups_behind where id = 1`,
  );
  return r ? { since: r.since, generation: Number(r.generation) } : undefined;
}

/**
 * Deletes the mark read at a refresh's start, in the refresh's transaction. An import that marked again
 * meanwhile bumped `generation`, so its mark survives (read committed re-checks the row's newest version).
 */
export async function clearRollupsBehind(database: Database, generation: number): Promise<boolean> {
  return (await rowsWritten(database, sql`delete from rollups_behind where id = 1 and generation = ${generation}`)) > 0;
}

/** Waits until no other refresh transaction runs (a transaction-level advisory lock, freed at its end). */
export async function serializeRefreshes(database: Database): Promise<void> {
  await database.db.execute(sql`select pg_advisory_xact_lock(hashtext('sales-bot:refresh'))`);
}
