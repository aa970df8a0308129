import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Transaction } from '@electric-sql/pglite';
import type postgres from 'postgres';
import { childLogger } from '../../lib/logger.js';
import type { Database } from '../client.js';

/** Where staged COPY input goes; `write` resolves when the sink can take more (backpressure). */
export interface CopySink {
  write(chunk: Buffer): Promise<void> | undefined;
  finish(): Promise<void>;
  /** Ends the COPY unfinished (the file turned out broken), so the transaction can roll back. */
  abort(reason: unknown): Promise<void>;
}

/**
 * The little the importer needs from either engine inside one transaction: raw SQL with positional
 * parameters and a COPY (format csv) into a staging table.
 */
export interface SqlSession {
  readonly engine: Database['kind'];
  query<T extends Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** A statement whose rows are not wanted; resolves to how many rows it wrote. */
  execute(text: string, params?: readonly unknown[]): Promise<number>;
  /**
   * `freeze` (Postgres only; PGlite ignores it): rows go in frozen, which the server allows only into
   * a table created or truncated in the same savepoint scope, and which spares the first readers after
   * the commit from stamping every page's hint bits and vacuum from freezing them later.
   */
  copyIn(table: string, columns: readonly string[], opts?: CopyOptions): Promise<CopySink>;
  /**
   * Runs `fn` under a savepoint: when it throws, its writes are rolled back and the transaction goes
   * on. (postgres.js fails a whole transaction at its end for any statement error inside it, even a
   * caught one, unless that statement ran in a savepoint scope of its own.)
   */
  savepoint<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
}

export interface CopyOptions {
  freeze?: boolean;
}

const copySql = (table: string, columns: readonly string[], from: string, freeze = false): string =>
  `copy ${table} (${columns.map((c) => `"${c}"`).join(', ')}) from ${from} with (format csv${freeze ? ', freeze' : ''})`;

/** Bytes handed to the socket but not yet sent before `write` asks the reader to wait. */
const COPY_IN_FLIGHT_BYTES = 8 * 1024 * 1024;

/** postgres.js: one COPY FROM STDIN stream for the whole file, fed in large chunks. */
function postgresSession(tx: postgres.TransactionSql): SqlSession {
  return {
    engine: 'postgres',
    async savepoint<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
      return (await tx.savepoint((sp) => fn(traced(postgresSession(sp))))) as T;
    },
    async query<T>(text: string, params: readonly unknown[] = []) {
      return (await tx.unsafe(text, params as never[])) as unknown as T[];
    },
    async execute(text, params = []) {
      return (await tx.unsafe(text, params as never[])).count;
    },
    async copyIn(table, columns, opts) {
      const stream = (await tx.unsafe(copySql(table, columns, 'stdin', opts?.freeze)).writable()) as Writable;
      let failure: unknown;
      stream.on('error', (e) => (failure ??= e));
      const drained = (): Promise<void> =>
        new Promise<void>((resolve, reject) => {
          const onDrain = (): void => {
            stream.off('error', onError);
            resolve();
          };
          const onError = (e: unknown): void => {
            stream.off('drain', onDrain);
            reject(e);
          };
          stream.once('drain', onDrain);
          stream.once('error', onError);
        });
      return {
        write(chunk) {
          if (failure) return Promise.reject(failure);
          // Several chunks may queue up: the server parses one while we prepare the next.
          if (stream.write(chunk) || stream.writableLength < COPY_IN_FLIGHT_BYTES) return undefined;
          return drained();
        },
        async finish() {
          if (failure) throw failure;
          // 'drain' only comes after a write that was refused; waiting for it otherwise never ends.
          if (stream.writableNeedDrain) await drained();
          const done = once(stream, 'finish');
          stream.end();
          // The driver leaves COPY mode once the stream's final step has run (a tick after end()).
          await new Promise((resolve) => setImmediate(resolve));
          // postgres.js never settles the stream when the server rejects the COPY (the error arrives
          // after CopyDone); a query queued behind the COPY surfaces that failure instead of hanging.
          await tx.unsafe('select 1');
          await done;
        },
        async abort(reason) {
          if (failure) return;
          // Sends CopyFail: the server ends the COPY with an error and the connection takes queries again.
          stream.destroy(reason instanceof Error ? reason : new Error(String(reason)));
          await tx.unsafe('select 1').catch(() => {});
        },
      };
    },
  };
}

/** PGlite has no streaming COPY; staged input goes in chunks through COPY FROM '/dev/blob'. */
const PGLITE_CHUNK_BYTES = 4 * 1024 * 1024;

function pgliteSession(tx: Transaction): SqlSession {
  let savepoints = 0;
  const session: SqlSession = {
    engine: 'pglite',
    async savepoint<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
      const name = `sp_${++savepoints}`;
      await tx.query(`savepoint ${name}`);
      try {
        const out = await fn(session);
        await tx.query(`release savepoint ${name}`);
        return out;
      } catch (e) {
        await tx.query(`rollback to savepoint ${name}`);
        throw e;
      }
    },
    async query<T>(text: string, params: readonly unknown[] = []) {
      return (await tx.query<T>(text, params as unknown[])).rows;
    },
    async execute(text, params = []) {
      return (await tx.query(text, params as unknown[])).affectedRows ?? 0;
    },
    async copyIn(table, columns) {
      const statement = copySql(table, columns, `'/dev/blob'`);
      let parts: Buffer[] = [];
      let size = 0;
      const flush = async (): Promise<void> => {
        if (size === 0) return;
        const blob = new Blob(parts);
        parts = [];
        size = 0;
        await tx.query(statement, [], { blob });
      };
      return {
        write(chunk) {
          parts.push(chunk);
          size += chunk.length;
          return size >= PGLITE_CHUNK_BYTES ? flush() : undefined;
        },
        finish: flush,
        async abort() {
          parts = [];
          size = 0;
        },
      };
    },
  };
  return session;
}

/** Statement timings at trace level: where a slow import spends its time. */
function traced(session: SqlSession): SqlSession {
  const log = childLogger('import-sql');
  if (!log.isLevelEnabled('trace')) return session;
  const timed = async <T>(text: string, run: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const out = await run();
    log.trace({ ms: Math.round(performance.now() - t0), sql: text.replace(/\s+/g, ' ').slice(0, 120) }, 'statement');
    return out;
  };
  return {
    ...session,
    query: (text, params) => timed(text, () => session.query(text, params)) as never,
    execute: (text, params) => timed(text, () => session.execute(text, params)),
  };
}

/**
 * Runs `fn` in one transaction on either engine: everything the import writes commits together or not
 * at all, also when the process dies half-way (the server rolls the open transaction back).
 */
export async function inTransaction<T>(database: Database, fn: (session: SqlSession) => Promise<T>): Promise<T> {
  if (database.kind === 'postgres') {
    return (await database.driver.begin((tx) => fn(traced(postgresSession(tx))))) as T;
  }
  return database.driver.transaction((tx) => fn(traced(pgliteSession(tx))));
}
