import type { SqlSession } from './sql-session.js';
import type { StepTimes } from './step-times.js';

/**
 * From this many incoming rows per row already in the table on, building the indexes afresh after the
 * load beats growing them row by row (each insert into a btree is a descent to a random leaf; a build is
 * one sort). Measured with 1M order lines in place: 100k new lines took 1.7–2.2 s growing the indexes and
 * 3.0–3.6 s rebuilding them, 250k new lines about 4 s either way. A rebuild also locks readers out until
 * commit, so ties go to growing.
 */
const REBUILD_WHEN_INCOMING_PER_EXISTING = 0.3;

/**
 * Rows in `table`, as far as it matters for the choice: the planner's estimate when the table has been
 * analysed (or indexed) since it last changed much, else counted, but only up to what would tip it.
 */
async function tableRows(session: SqlSession, table: string, enough: number): Promise<number> {
  const [est] = await session.query<{ n: number }>(`select reltuples::float8 as n from pg_class where oid = $1::regclass`, [table]);
  if (est && est.n >= 0) return est.n;
  const [row] = await session.query<{ n: number }>(`select count(*)::float8 as n from (select 1 from ${table} limit ${Math.ceil(enough)}) t`);
  return row?.n ?? 0;
}

/**
 * Whether loading `incoming` rows into `table` should rebuild its secondary indexes rather than grow
 * them, and whether this role may (dropping an index needs the table's owner).
 */
export async function rebuildPays(session: SqlSession, table: string, incoming: number): Promise<boolean> {
  const [owner] = await session.query<{ ok: boolean }>(
    `select pg_has_role(current_user, relowner, 'MEMBER') as ok from pg_class where oid = $1::regclass`,
    [table],
  );
  if (!owner?.ok) return false;
  const limit = incoming / REBUILD_WHEN_INCOMING_PER_EXISTING;
  return (await tableRows(session, table, limit + 1)) <= limit;
}

/**
 * Runs `fn` (a bulk load) with the indexes of `tables` dropped, then builds them again from their own
 * stored definitions (pg_get_indexdef / pg_get_constraintdef), so names and definitions come back
 * exactly as the migrations made them; a primary key or unique constraint comes back as a constraint,
 * which also re-checks it over the whole table. Keys that a foreign key depends on stay. Everything
 * happens in the caller's transaction: a failure or a killed process rolls the drop back with the
 * rest. Readers of these tables wait until the transaction ends (DROP INDEX takes the table's lock).
 */
export async function withIndexesRebuilt<T>(
  session: SqlSession,
  tables: readonly string[],
  fn: () => Promise<T>,
  steps?: StepTimes,
): Promise<T> {
  const indexes = await session.query<{ tab: string; name: string; con: string | null; def: string }>(
    `select i.indrelid::regclass::text as tab, i.indexrelid::regclass::text as name,
            quote_ident(c.conname) as con, coalesce(pg_get_constraintdef(c.oid), pg_get_indexdef(i.indexrelid)) as def
       from pg_index i
       left join pg_constraint c on c.conindid = i.indexrelid and c.conrelid = i.indrelid
      where i.indrelid = any(string_to_array($1, ',')::regclass[])
        and (c.oid is null or c.contype in ('p', 'u'))
        and not exists (select 1 from pg_constraint f where f.contype = 'f' and f.conindid = i.indexrelid)
      order by i.indexrelid`,
    [tables.join(',')],
  );
  for (const ix of indexes) {
    await session.execute(ix.con ? `alter table ${ix.tab} drop constraint ${ix.con}` : `drop index ${ix.name}`);
  }
  const result = await fn();
  // One sort per index; enough memory keeps it off disk, and the server may use parallel workers.
  const build = async (): Promise<void> => {
    await session.execute(`select set_config('maintenance_work_mem', '512MB', true)`);
    for (const ix of indexes) {
      await session.execute(ix.con ? `alter table ${ix.tab} add constraint ${ix.con} ${ix.def}` : ix.def);
    }
  };
  await (steps ? steps.time('indexes', build) : build());
  return result;
}
