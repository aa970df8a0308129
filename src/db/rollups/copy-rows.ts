import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { is } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';
import type { Database } from '../client.js';

/**
 * The postgres.js connection of the transaction `database` is (a Drizzle transaction handed on by
 * `inTransaction`), or undefined: on PGlite, or outside a transaction (a pool hands each statement to
 * any of its connections, so a COPY would land outside the caller's transaction). Drizzle keeps it on
 * the transaction's session; it offers no COPY of its own.
 */
function transactionConnection(database: Database): postgres.Sql | undefined {
  if (database.kind !== 'postgres' || !is(database.db, PgTransaction)) return undefined;
  return (database.db as unknown as { session?: { client?: postgres.Sql } }).session?.client;
}

/** A value for COPY's text format: backslash, tab, newline and carriage return escaped. */
export const copyTextValue = (v: string): string => v.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);

/**
 * Writes `text` (rows in COPY's text format, each ending in a newline) into `table`'s `columns` with
 * COPY FROM STDIN on the caller's transaction. Returns false, writing nothing, when `database` is not a
 * postgres.js transaction (see transactionConnection); the caller then inserts. For many rows of a few
 * values COPY costs the server a third of an insert of the same rows unnested from arrays.
 */
export async function copyRowsIn(database: Database, table: string, columns: readonly string[], text: string): Promise<boolean> {
  const connection = transactionConnection(database);
  if (!connection) return false;
  if (text.length === 0) return true;
  const stream = (await connection.unsafe(`copy "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) from stdin`).writable()) as Writable;
  let failure: unknown;
  stream.on('error', (e) => (failure ??= e));
  const done = once(stream, 'finish');
  // As the importer's COPY (src/db/import/sql-session.ts): the rows handed to the socket first, then
  // end(), after which the driver leaves COPY mode a tick later (a statement asked for before that is
  // refused); it never settles the stream when the server rejects the rows, and a statement queued
  // behind the COPY surfaces that failure instead.
  await new Promise<void>((resolve, reject) => stream.write(Buffer.from(text), (e) => (e ? reject(e) : resolve())));
  stream.end();
  await new Promise((resolve) => setImmediate(resolve));
  await connection.unsafe('select 1');
  await done;
  if (failure) throw failure;
  return true;
}
