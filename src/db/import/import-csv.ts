import { pipeline } from 'node:stream/promises';
import { AppError } from '../../lib/errors.js';
import { childLogger } from '../../lib/logger.js';
import type { Database } from '../client.js';
import { markRollupsBehind } from '../rollups/rollups-behind.js';
import { resolveReferences, type PlaceholderCounts } from './check-references.js';
import { directSalesFits, loadSalesDirect } from './direct-sales.js';
import { KIND_MERGES } from './kind-merges.js';
import { CSV_NOT_UTF8, CSV_RECORD_TOO_LONG, CsvRecordReader, CsvSyntaxError, fieldText } from './csv-records.js';
import { KIND_SPECS, type ImportKind } from './kinds.js';
import { openSource, sourceError, type OpenedSource } from './open-source.js';
import { RecordStager } from './record-stager.js';
import { recordWritable } from './record-writable.js';
import { RowErrors } from './row-errors.js';
import { inTransaction, type CopySink, type SqlSession } from './sql-session.js';
import type { StagedFile } from './staged-file.js';
import { StepTimes } from './step-times.js';
import { capText, TEXT_CAPS } from './text-caps.js';

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
  /**
   * Sales only: orders whose lines carried differing `ordered_at` (real exports stamp lines seconds or
   * minutes apart); each order took its earliest line's time.
   */
  ordersWithDifferingTimes?: number;
  /**
   * The analytics rollups no longer match the data: sales lines changed, or a buying customer moved
   * region. Otherwise (products, salesmen, leads, activities, other customer fields) only the report
   * snapshots need recomputing.
   */
  rollupsAffected: boolean;
  /** Milliseconds per step (stage, analyze, references, …, commit): where the import's time went. */
  stepsMs: Record<string, number>;
}

const STAGING = 'import_staging';
const PROGRESS_EVERY_ROWS = 16_384;

function csvError(label: string, e: unknown): AppError | undefined {
  if (!(e instanceof CsvSyntaxError)) return undefined;
  if (e.code === CSV_NOT_UTF8) {
    return new AppError('IMPORT_INVALID', `${label} is not UTF-8 text; nothing was imported.`, {
      details: [`line ${e.lines}: ${e.message}`],
      hint: 'Save the file as UTF-8 (in Excel: Save As, "CSV UTF-8") and import it again.',
      cause: e,
    });
  }
  if (e.code === CSV_RECORD_TOO_LONG) {
    return new AppError('IMPORT_INVALID', `${label} has a record too long to read; nothing was imported.`, {
      details: [`line ${e.lines}: csv: ${e.message}`],
      hint: `Shorten the value on that line (names and ids hold at most ${capText(TEXT_CAPS.name!)}) or close its quote, and import the file again.`,
      cause: e,
    });
  }
  return new AppError('IMPORT_INVALID', `${label} is not valid CSV; nothing was imported.`, {
    details: [`line ${e.lines}: csv: ${e.message}`],
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

/**
 * Streams the file into the staging table: records are read as bytes, checked, and passed on to one
 * COPY (format csv) as they are, each behind its line number. Node only looks at the columns it must
 * check, so it keeps up with the server; the server's COPY is the pace.
 */
async function stageFile(
  session: SqlSession,
  opts: ImportOptions,
  src: OpenedSource,
  errors: RowErrors,
): Promise<StagedFile> {
  const spec = KIND_SPECS[opts.kind];
  let stager: RecordStager | undefined;
  let sink: CopySink | undefined;
  let rows = 0;
  const progress = (): void =>
    opts.onProgress?.({ rows, bytes: src.bytesRead(), ...(src.totalBytes !== undefined ? { totalBytes: src.totalBytes } : {}) });
  const reader = new CsvRecordReader((record) => {
    if (stager === undefined) {
      stager = new RecordStager(spec, Array.from({ length: record.count }, (_, i) => fieldText(record, i)));
      return;
    }
    rows++;
    if (rows % PROGRESS_EVERY_ROWS === 0) progress();
    stager.stage(record, errors);
  });
  const open = async (s: RecordStager): Promise<CopySink> => {
    await session.query(
      `create temp table ${STAGING} (line int not null, ${s.columns.map((c) => `"${c.name}" ${c.type}`).join(', ')}) on commit drop`,
    );
    return session.copyIn(STAGING, ['line', ...s.columns.map((c) => c.name)]);
  };
  const send = async (all: boolean): Promise<void> => {
    if (stager === undefined) return;
    sink ??= await open(stager);
    for (const chunk of stager.take(all)) await sink.write(chunk);
  };
  const writer = recordWritable(reader, send);
  try {
    await pipeline(src.stream, writer);
  } catch (e) {
    await sink?.abort(e);
    throw e;
  }
  if (sink) await sink.finish();
  progress();
  if (stager === undefined) {
    throw new AppError('IMPORT_INVALID', `${src.label} is empty; nothing was imported.`, {
      hint: `The first line must be a header naming the columns (${spec.fields.filter((f) => f.required).map((f) => f.name).join(', ')}).`,
    });
  }
  return {
    table: STAGING,
    rows,
    present: stager.present,
    grouped: stager.grouped,
    runsDistinct: stager.runsDistinct,
    spreadRuns: stager.spreadRuns,
  };
}

/**
 * Imports one CSV file of the given kind, all or nothing: the rows are validated while streaming,
 * COPYed (as the file's own bytes where they need no change) into a temporary staging table, checked
 * set-wise (references, order consistency), then merged into the real tables with upserts on the
 * portal's ids, all in one transaction. Memory stays flat whatever the file size. Throws
 * AppError('IMPORT_INVALID') listing `line N: column: reason` problems, N being the physical line on
 * which the row starts (a quoted value may span lines).
 */
export async function importCsv(database: Database, opts: ImportOptions): Promise<ImportResult> {
  const started = performance.now();
  const log = childLogger('import');
  const spec = KIND_SPECS[opts.kind];
  const merge = KIND_MERGES[opts.kind];
  let src = await openSource(opts.source);
  const errors = new RowErrors();
  const steps = new StepTimes();
  try {
    const result = await inTransaction(database, async (session): Promise<ImportResult> => {
      // Imports serialize: two concurrent upserts of overlapping ids would only deadlock or interleave.
      await session.query(`select pg_advisory_xact_lock(hashtext('sales-bot:import'))`);
      // Offset-less timestamps are read by Postgres itself in the sales time zone (COPY and casts alike).
      // A small statistics sample plans the staging joins as well as the default one, at a tenth of the cost.
      await session.query(
        `select set_config('TimeZone', $1, true), set_config('work_mem', '256MB', true), set_config('default_statistics_target', '10', true)`,
        [opts.timeZone],
      );
      steps.lap('begin');
      // Into empty order tables a sales file usually goes straight in (see direct-sales.ts); when it
      // turns out not to fit, that attempt is rolled back and the file is read again below.
      const path = typeof opts.source === 'string' ? opts.source : undefined;
      if (opts.kind === 'sales' && path !== undefined && (await directSalesFits(session, path))) {
        const direct = await loadSalesDirect(session, src, { path, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) }, steps);
        if (direct) {
          // Committed with the lines: the rollups stay marked behind until a refresh covers them.
          await markRollupsBehind(session, direct.minOrderedAt);
          steps.lap('merge');
          return {
            kind: opts.kind,
            rows: direct.rows,
            inserted: direct.inserted,
            updated: 0,
            createdPlaceholders: { customers: 0, products: 0, salesmen: 0 },
            durationMs: 0,
            rollupsAffected: true,
            ...(direct.minOrderedAt ? { minOrderedAt: direct.minOrderedAt } : {}),
            ...(direct.maxOrderedAt ? { maxOrderedAt: direct.maxOrderedAt } : {}),
            ordersWithDifferingTimes: direct.ordersWithDifferingTimes ?? 0,
            stepsMs: {},
          };
        }
        src.stream.destroy();
        src = await openSource(path);
        steps.lap('direct-attempt');
      }
      const staged = await steps.time('stage', () => stageFile(session, opts, src, errors));
      const { rows, present } = staged;
      if (spec.group) log.debug({ grouped: staged.grouped, runsDistinct: staged.runsDistinct }, 'import grouping');
      await steps.time('analyze', () => session.execute(`analyze ${STAGING}`));
      if (merge.prepare) await steps.time('prepare', () => merge.prepare!(session, staged));
      const references = merge.references.filter((r) => present.has(r.column));
      const createdPlaceholders = await steps.time('references', () =>
        resolveReferences(session, STAGING, references, { createMissing: opts.createMissing === true, errors }),
      );
      if (merge.check) await steps.time('check', () => merge.check!(session, staged, errors));
      if (errors.count > 0) {
        throw errors.toError(
          `${src.label} (${spec.kind})`,
          references.length > 0 && !opts.createMissing
            ? 'Fix the rows listed below, import the missing records first, or use --create-missing for placeholders.'
            : undefined,
        );
      }
      const counts = await merge.merge(session, staged, steps);
      // In this transaction, so a crash before the refresh commits leaves the mark for the next one to
      // repair from (a moved buyer changes rows of every day: from the beginning).
      if (counts.rollupKeysChanged === true) await markRollupsBehind(session, undefined);
      else if (counts.minOrderedAt !== undefined) await markRollupsBehind(session, counts.minOrderedAt);
      // What the merge did not time as steps of its own (all of it for most kinds).
      steps.lap('merge');
      return {
        kind: opts.kind,
        rows,
        inserted: counts.inserted,
        updated: counts.updated,
        createdPlaceholders,
        durationMs: 0,
        rollupsAffected: counts.minOrderedAt !== undefined || counts.rollupKeysChanged === true,
        ...(counts.minOrderedAt ? { minOrderedAt: counts.minOrderedAt } : {}),
        ...(counts.maxOrderedAt ? { maxOrderedAt: counts.maxOrderedAt } : {}),
        ...(counts.ordersWithDifferingTimes !== undefined ? { ordersWithDifferingTimes: counts.ordersWithDifferingTimes } : {}),
        stepsMs: {},
      };
    });
    steps.lap('commit');
    result.stepsMs = steps.toRecord();
    // Measured after COMMIT: the user waits for that too.
    result.durationMs = Math.round(performance.now() - started);
    log.debug({ ...result }, 'import committed');
    return result;
  } catch (e) {
    throw sourceError(src.label, e) ?? csvError(src.label, e) ?? databaseError(src.label, e) ?? e;
  } finally {
    src.stream.destroy();
  }
}
