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
const copyTextValue = (v: string): string => v.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);

const TAB = 9;
const NEWLINE = 10;
const COMMA = 44;
const MINUS = 45;
const ZERO = 48;
const OPEN = 123;
const CLOSE = 125;

/**
 * Rows in COPY's text format written straight into bytes: integers digit by digit, arrays as int[]
 * literals, text values escaped and encoded once each. Building the same text as JavaScript strings
 * (a template and a `join` per row and array) cost more than the server spent reading it, most of it
 * in garbage collection.
 */
export class CopyTextWriter {
  private buf = Buffer.allocUnsafe(1 << 20);
  private pos = 0;
  private readonly texts = new Map<string, Buffer>();

  private ensure(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  /** A text value (escaped as COPY needs), then a tab. */
  text(value: string): this {
    let bytes = this.texts.get(value);
    if (!bytes) this.texts.set(value, (bytes = Buffer.from(copyTextValue(value))));
    this.ensure(bytes.length + 1);
    this.pos += bytes.copy(this.buf, this.pos);
    this.buf[this.pos++] = TAB;
    return this;
  }

  private digits(n: number): void {
    // n is a 32-bit integer; 11 bytes hold any with its sign.
    const buf = this.buf;
    if (n < 0) {
      buf[this.pos++] = MINUS;
      n = -n;
    }
    let width = 1;
    for (let m = n; m >= 10; m = Math.floor(m / 10)) width++;
    let i = this.pos + width;
    this.pos = i;
    do {
      const q = Math.floor(n / 10);
      buf[--i] = ZERO + n - q * 10;
      n = q;
    } while (n > 0);
  }

  /** An integer (32-bit), then a tab. */
  int(n: number): this {
    this.ensure(12);
    this.digits(n);
    this.buf[this.pos++] = TAB;
    return this;
  }

  /** An int[] literal of the values (32-bit integers), then a tab, or with `last` the row's newline. */
  intArray(values: ArrayLike<number>, last = false): this {
    this.ensure(values.length * 12 + 3);
    this.buf[this.pos++] = OPEN;
    for (let k = 0; k < values.length; k++) {
      if (k > 0) this.buf[this.pos++] = COMMA;
      this.digits(values[k]!);
    }
    this.buf[this.pos++] = CLOSE;
    this.buf[this.pos++] = last ? NEWLINE : TAB;
    return this;
  }

  /** The rows written, leaving the writer empty. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(1 << 20);
    this.pos = 0;
    return out;
  }
}

/**
 * Writes `rows` (in COPY's text format, each ending in a newline; see CopyTextWriter) into `table`'s `columns` with
 * COPY FROM STDIN on the caller's transaction. Returns false, writing nothing, when `database` is not a
 * postgres.js transaction (see transactionConnection); the caller then inserts. For many rows of a few
 * values COPY costs the server a third to two thirds less than inserting the same rows unnested from
 * arrays (more the smaller the rows).
 */
export async function copyRowsIn(database: Database, table: string, columns: readonly string[], rows: () => Buffer): Promise<boolean> {
  const connection = transactionConnection(database);
  if (!connection) return false;
  const data = rows();
  if (data.length === 0) return true;
  const stream = (await connection.unsafe(`copy "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) from stdin`).writable()) as Writable;
  let failure: unknown;
  stream.on('error', (e) => (failure ??= e));
  const done = once(stream, 'finish');
  // As the importer's COPY (src/db/import/sql-session.ts): the rows handed to the socket first, then
  // end(), after which the driver leaves COPY mode a tick later (a statement asked for before that is
  // refused); it never settles the stream when the server rejects the rows, and a statement queued
  // behind the COPY surfaces that failure instead.
  await new Promise<void>((resolve, reject) => stream.write(data, (e) => (e ? reject(e) : resolve())));
  stream.end();
  await new Promise((resolve) => setImmediate(resolve));
  await connection.unsafe('select 1');
  await done;
  if (failure) throw failure;
  return true;
}
