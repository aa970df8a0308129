import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse, type InfoRecord, type Options as CsvOptions } from 'csv-parse';
import { AppError } from '../../lib/errors.js';
import { childLogger } from '../../lib/logger.js';
import type { Database } from '../client.js';
import { resolveReferences, type PlaceholderCounts } from './check-references.js';
import { KIND_MERGES } from './kind-merges.js';
import { KIND_SPECS, stagingType, type ImportKind } from './kinds.js';
import { openSource, sourceError, type OpenedSource } from './open-source.js';
import { RowEncoder } from './row-encoder.js';
import { RowErrors } from './row-errors.js';
import { inTransaction, type CopySink, type SqlSession } from './sql-session.js';

export type { ImportKind } from './kinds.js';

export interface ImportProgress {
  rows: number;
  bytes: number;
  totalBytes?: number;
}

export interface ImportOptions {
  kind: ImportKind;
  /** A file path (.csv or .csv.gz), '-' for stdin, or a stream of CSV bytes (gzip is detected). */
  source: string | NodeJS.ReadableStream;
  /** Create placeholder customers/products/salesmen (name = id) for unknown references. */
  createMissing?: boolean;
  /** IANA zone in which timestamps without an offset are read (SALES_TZ). */
  timeZone: string;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportResult {
  kind: ImportKind;
  /** Data rows in the file. */
  rows: number;
  /** Records created and changed (sales: order lines; leads: leads); unchanged ones count in neither. */
  inserted: number;
  updated: number;
  createdPlaceholders: PlaceholderCounts;
  durationMs: number;
  /** Sales only: earliest and latest order time touched (the file's, plus old times of rewritten orders; ISO, UTC). */
  minOrderedAt?: string;
  maxOrderedAt?: string;
}

const STAGING = 'import_staging';
/** COPY text is sent in chunks of this many characters: few, large writes keep the socket busy. */
const COPY_CHUNK_CHARS = 512 * 1024;
const PROGRESS_EVERY_ROWS = 16_384;

/** Staged rows → staging table over COPY, chunked, waiting for the sink when it pushes back. */
function stagingWriter(open: () => Promise<CopySink>): { writer: Writable; done: () => Promise<void> } {
  let sink: CopySink | undefined;
  let buffer = '';
  const send = async (text: string): Promise<void> => {
    sink ??= await open();
    await sink.write(text);
  };
  const writer = new Writable({
    objectMode: true,
    highWaterMark: 4096,
    write(line: string, _enc, cb) {
      buffer += line;
      if (buffer.length < COPY_CHUNK_CHARS) return cb();
      const text = buffer;
      buffer = '';
      send(text).then(() => cb(), cb);
    },
    final(cb) {
      const text = buffer;
      buffer = '';
      (text ? send(text) : Promise.resolve()).then(() => cb(), cb);
    },
  });
  return {
    writer,
    done: async () => {
      if (sink) await sink.finish();
    },
  };
}

function csvError(label: string, e: unknown): AppError | undefined {
  const code = (e as { code?: string }).code;
  if (typeof code !== 'string' || !code.startsWith('CSV_')) return undefined;
  const line = (e as { lines?: number }).lines;
  return new AppError('IMPORT_INVALID', `${label} is not valid CSV; nothing was imported.`, {
    details: [`line ${line ?? '?'}: csv: ${(e as Error).message}`],
    hint: 'Check the quoting on that line (a field with a comma or quote must be enclosed in double quotes).',
    cause: e,
  });
}

/** Data errors from the database (class 22/23) become an all-or-nothing import error, not a crash. */
function databaseError(label: string, e: unknown): AppError | undefined {
  const code = (e as { code?: string }).code;
  if (typeof code !== 'string' || !/^2[23]/.test(code)) return undefined;
  return new AppError('IMPORT_INVALID', `The database rejected ${label}: ${(e as Error).message}; nothing was imported.`, { cause: e });
}

async function stageFile(
  session: SqlSession,
  opts: ImportOptions,
  src: OpenedSource,
  errors: RowErrors,
): Promise<{ rows: number; present: ReadonlySet<string> }> {
  const spec = KIND_SPECS[opts.kind];
  let encoder: RowEncoder | undefined;
  let rows = 0;
  const progress = (): void =>
    opts.onProgress?.({ rows, bytes: src.bytesRead(), ...(src.totalBytes !== undefined ? { totalBytes: src.totalBytes } : {}) });
  const csvOptions: CsvOptions<string | string[], string[]> = {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // Validation and COPY encoding run inside the parser's record hook: one pass, no record objects.
    on_record: (record: string[], info: InfoRecord): string | null => {
      if (encoder === undefined) {
        encoder = new RowEncoder(spec, record);
        return null;
      }
      rows++;
      if (rows % PROGRESS_EVERY_ROWS === 0) progress();
      return encoder.encode(record, info.lines, errors);
    },
  };
  // The typings assume records stay arrays; ours leave the hook as COPY text lines.
  const parser = parse(csvOptions as CsvOptions);
  const { writer, done } = stagingWriter(() => session.copyIn(STAGING, encoder!.columns));
  await pipeline(src.stream, parser, writer);
  await done();
  progress();
  if (encoder === undefined) {
    throw new AppError('IMPORT_INVALID', `${src.label} is empty; nothing was imported.`, {
      hint: `The first line must be a header naming the columns (${spec.fields.filter((f) => f.required).map((f) => f.name).join(', ')}).`,
    });
  }
  return { rows, present: encoder.present };
}

/**
 * Imports one CSV file of the given kind, all or nothing: the rows are validated while streaming,
 * COPYed into a temporary staging table, checked set-wise (references, order consistency), then merged
 * into the real tables with upserts on the portal's ids, all in one transaction. Memory stays flat
 * whatever the file size. Throws AppError('IMPORT_INVALID') listing `line N: column: reason` problems.
 */
export async function importCsv(database: Database, opts: ImportOptions): Promise<ImportResult> {
  const started = performance.now();
  const log = childLogger('import');
  const spec = KIND_SPECS[opts.kind];
  const merge = KIND_MERGES[opts.kind];
  const src = await openSource(opts.source);
  const errors = new RowErrors();
  const phase = (name: string, t0: number): void => log.debug({ phase: name, ms: Math.round(performance.now() - t0) }, 'import phase');
  try {
    const result = await inTransaction(database, async (session): Promise<ImportResult> => {
      // Imports serialize: two concurrent upserts of overlapping ids would only deadlock or interleave.
      await session.query(`select pg_advisory_xact_lock(hashtext('sales-bot:import'))`);
      // Offset-less timestamps are read by Postgres itself in the sales time zone (COPY and casts alike).
      await session.query(`select set_config('TimeZone', $1, true), set_config('work_mem', '256MB', true)`, [opts.timeZone]);
      await session.query(
        `create temp table ${STAGING} (line int not null, ${spec.fields.map((f) => `"${f.name}" ${stagingType(f.type)}`).join(', ')}) on commit drop`,
      );
      let t0 = performance.now();
      const { rows, present } = await stageFile(session, opts, src, errors);
      phase('stage', t0);
      t0 = performance.now();
      await session.query(`analyze ${STAGING}`);
      if (merge.prepare) await merge.prepare(session, STAGING, present);
      const references = merge.references.filter((r) => present.has(r.column));
      const createdPlaceholders = await resolveReferences(session, STAGING, references, {
        createMissing: opts.createMissing === true,
        errors,
      });
      if (merge.check) await merge.check(session, STAGING, present, errors);
      phase('check', t0);
      if (errors.count > 0) {
        throw errors.toError(
          `${src.label} (${spec.kind})`,
          references.length > 0 && !opts.createMissing
            ? 'Fix the rows listed below, import the missing records first, or use --create-missing for placeholders.'
            : undefined,
        );
      }
      t0 = performance.now();
      const counts = await merge.merge(session, STAGING, present);
      phase('merge', t0);
      return {
        kind: opts.kind,
        rows,
        inserted: counts.inserted,
        updated: counts.updated,
        createdPlaceholders,
        durationMs: 0,
        ...(counts.minOrderedAt ? { minOrderedAt: counts.minOrderedAt } : {}),
        ...(counts.maxOrderedAt ? { maxOrderedAt: counts.maxOrderedAt } : {}),
      };
    });
    // Measured after COMMIT: the user waits for that too.
    result.durationMs = Math.round(performance.now() - started);
    return result;
  } catch (e) {
    throw sourceError(src.label, e) ?? csvError(src.label, e) ?? databaseError(src.label, e) ?? e;
  } finally {
    src.stream.destroy();
  }
}
