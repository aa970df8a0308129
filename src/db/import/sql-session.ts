import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Transaction } from '@electric-sql/pglite';
import type postgres from 'postgres';
import { childLogger } from '../../lib/logger.js';
import type { Database } from '../client.js';

/** Where staged COPY text goes; `write` resolves when the sink can take more (backpressure). */
export interface CopySink {
  write(text: string): Promise<void> | undefined;
  finish(): Promise<void>;
}

/**
 * The little the importer needs from either engine inside one transaction: raw SQL with positional
 * parameters and a COPY into a staging table.
 */
export interface SqlSession {
  readonly engine: Database['kind'];
  query<T extends Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  copyIn(table: string, columns: readonly string[]): Promise<CopySink>;
}

const copySql = (table: string, columns: readonly string[], from: string): string =>
  `copy ${table} (${columns.map((c) => `"${c}"`).join(', ')}) from ${from}`;

/** postgres.js: one COPY FROM STDIN stream for the whole file, fed in large chunks. */
function postgresSession(tx: postgres.TransactionSql): SqlSession {
  return {
    engine: 'postgres',
    async query<T>(text: string, params: readonly unknown[] = []) {
      return (await tx.unsafe(text, params as never[])) as unknown as T[];
    },
    async copyIn(table, columns) {
      const stream = (await tx.unsafe(copySql(table, columns, 'stdin')).writable()) as Writable;
      let failure: unknown;
      stream.on('error', (e) => (failure ??= e));
      return {
        write(text) {
          if (failure) return Promise.reject(failure);
          if (stream.write(text)) return undefined;
          return new Promise<void>((resolve, reject) => {
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
        },
        async finish() {
          if (failure) throw failure;
          const done = once(stream, 'finish');
          stream.end();
          // postgres.js never settles the stream when the server rejects the COPY (the error arrives
          // after CopyDone); a query queued behind the COPY surfaces that failure instead of hanging.
          await tx.unsafe('select 1');
          await done;
        },
      };
    },
  };
}

/** PGlite has no streaming COPY; staged text goes in chunks through COPY FROM '/dev/blob'. */
const PGLITE_CHUNK_CHARS = 4 * 1024 * 1024;

function pgliteSession(tx: Transaction): SqlSession {
  return {
    engine: 'pglite',
    async query<T>(text: string, params: readonly unknown[] = []) {
      return (await tx.query<T>(text, params as unknown[])).rows;
    },
    async copyIn(table, columns) {
      const statement = copySql(table, columns, `'/dev/blob'`);
      let parts: string[] = [];
      let size = 0;
      const flush = async (): Promise<void> => {
        if (size === 0) return;
        const blob = new Blob(parts);
        parts = [];
        size = 0;
        await tx.query(statement, [], { blob });
      };
      return {
        write(text) {
          parts.push(text);
          size += text.length;
          return size >= PGLITE_CHUNK_CHARS ? flush() : undefined;
        },
        finish: flush,
      };
    },
  };
}

/** Statement timings at trace level: where a slow import spends its time. */
function traced(session: SqlSession): SqlSession {
  const log = childLogger('import-sql');
  if (!log.isLevelEnabled('trace')) return session;
  return {
    ...session,
    async query(text, params) {
      const t0 = performance.now();
      const out = await session.query(text, params);
      log.trace({ ms: Math.round(performance.now() - t0), sql: text.replace(/\s+/g, ' ').slice(0, 120) }, 'statement');
      return out as never;
    },
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
