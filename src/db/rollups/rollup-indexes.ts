import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rows } from '../sql/run.js';

/**
 * Drops the keys and indexes of the big line-level rollups before a full rebuild and returns the
 * statements that recreate them from their own definitions: building an index once is several times
 * cheaper than maintaining it row by row. Dropping takes the tables' exclusive lock until the refresh
 * commits, so readers of those tables wait for a full rebuild (never for an incremental one).
 */
export async function dropRollupIndexes(database: Database, tables: readonly string[]): Promise<string[]> {
  const keys = await rows<{ tbl: string; name: string; def: string }>(
    database,
    sql`select c.relname as tbl, k.conname as name, pg_get_constraintdef(k.oid) as def
        from pg_constraint k join pg_class c on c.oid = k.conrelid
        where k.contype = 'p' and c.relname in ${tables} and c.relnamespace = current_schema()::regnamespace`,
  );
  const indexes = await rows<{ name: string; def: string }>(
    database,
    sql`select indexname as name, indexdef as def from pg_indexes
        where schemaname = current_schema() and tablename in ${tables}
          and indexname not in (select conname from pg_constraint)`,
  );
  for (const i of indexes) await database.db.execute(sql`drop index ${sql.identifier(i.name)}`);
  for (const k of keys) await database.db.execute(sql`alter table ${sql.identifier(k.tbl)} drop constraint ${sql.identifier(k.name)}`);
  return [
    ...keys.map((k) => `alter table "${k.tbl}" add constraint "${k.name}" ${k.def}`),
    ...indexes.map((i) => i.def),
  ];
}

export async function createRollupIndexes(database: Database, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await database.db.execute(sql.raw(statement));
}
