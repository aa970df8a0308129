import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { one } from '../sql/run.js';

/** How long a replica short of the primary's position gets to reach it before it counts as behind. */
const CATCH_UP_GRACE_MS = 100;

interface ReplayState {
  standby: boolean;
  caught_up: boolean | null;
  seconds: string | number | null;
}

function replayState(replica: Database, primaryLsn: string): Promise<ReplayState | undefined> {
  return one<ReplayState>(
    replica,
    sql`select pg_is_in_recovery() as standby,
               pg_last_wal_replay_lsn() >= ${primaryLsn}::pg_lsn as caught_up,
               extract(epoch from now() - pg_last_xact_replay_timestamp()) as seconds`,
  );
}

/**
 * How far (seconds) the replica a handle reads is behind its primary, when it is at least the handle's
 * notice threshold behind; undefined for a handle that reads no replica, a replica that has replayed
 * what the primary had written, or one whose lag cannot be told.
 *
 * Position first, time second: `now() - pg_last_xact_replay_timestamp()` alone grows without bound on
 * an idle primary (nothing to replay, so the last replayed commit only gets older). So the primary's
 * current WAL position is read first, and a replica that has replayed up to it (or does within a
 * moment: a checkpoint record written just then is not lag) is current whatever the clock says. Only a
 * replica still short of it is behind, by the age of the last commit it replayed.
 */
export async function replicaLagToReport(database: Database): Promise<number | undefined> {
  const link = database.replicaOf;
  if (!link) return undefined;
  const primary = await one<{ lsn: string | null }>(link.primary, sql`select pg_current_wal_lsn()::text as lsn`);
  if (!primary?.lsn) return undefined;
  let state = await replayState(database, primary.lsn);
  // Not a standby (a logical copy, another primary): there is no replay position to compare.
  if (!state?.standby || state.caught_up !== false) return undefined;
  await new Promise((resolve) => setTimeout(resolve, CATCH_UP_GRACE_MS));
  state = await replayState(database, primary.lsn);
  if (!state || state.caught_up !== false || state.seconds === null) return undefined;
  const seconds = Math.max(0, Number(state.seconds));
  return seconds >= link.noticeAfterSeconds ? seconds : undefined;
}
