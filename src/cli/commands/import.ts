import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { env } from '../../config/env.js';
import type { ImportProgress, ImportResult } from '../../db/import/import-csv.js';
import { describeColumns, IMPORT_KINDS, isImportKind, KIND_SPECS } from '../../db/import/kinds.js';
import { AppError } from '../../lib/errors.js';
import { childLogger } from '../../lib/logger.js';

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

function kindsHelp(): string {
  const lines = IMPORT_KINDS.map((k) => {
    const { required, optional } = describeColumns(k);
    return `  ${k.padEnd(11)} required: ${required.join(', ')}\n  ${''.padEnd(11)} optional: ${optional.join(', ')}`;
  });
  return [
    '',
    'Kinds and their columns (header row required; names case-insensitive; order free; other columns ignored):',
    ...lines,
    '',
    'Timestamps are ISO-8601 dates or date-times; without an offset they are read in SALES_TZ.',
    'Sales: one row per order line; lines are keyed by (order_id, line_no), line_no defaults to the',
    'position within the order; amount defaults to quantity × unit_price × (1 − discount). All lines of an',
    'order must name the same customer and salesman; when their times differ, the order is dated at its',
    'earliest line and the summary says how many orders that was.',
    'The import is all or nothing and idempotent: re-importing a file changes nothing, a corrected file',
    'updates rows in place. Import salesmen, customers and products before sales, leads, activities and targets.',
    'Targets: period is a month (2026-03) or quarter (2026-Q1); metric revenue, orders or new_customers; at',
    'most one of region, category, salesman_id (none = the whole company); re-importing a key updates its amount.',
    '',
    'Examples:',
    '  sales-bot import customers customers.csv',
    '  sales-bot import sales sales-2024.csv.gz',
    '  zcat sales.csv.gz | sales-bot import sales - --create-missing',
  ].join('\n');
}

/** Progress on stderr: a bar with rows/s and ETA on a terminal, a log line every few seconds otherwise. */
function progressReporter(): { update(p: ImportProgress): void; stop(): void } {
  const started = performance.now();
  const rate = (rows: number): number => rows / Math.max((performance.now() - started) / 1000, 0.001);
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: '{bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}',
        hideCursor: true,
        etaBuffer: 50,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    let started_ = false;
    return {
      update(p) {
        const total = p.totalBytes ?? 0;
        if (!started_) {
          bar.start(total, 0, { rows: '0', rate: '0' });
          started_ = true;
        }
        // stdin has no size: the bar then only shows the counters.
        bar.update(total > 0 ? Math.min(p.bytes, total) : 0, { rows: fmt(p.rows), rate: fmt(rate(p.rows)) });
      },
      stop() {
        if (started_) bar.stop();
      },
    };
  }
  const log = childLogger('import');
  let last = 0;
  return {
    update(p) {
      const now = performance.now();
      if (now - last < 2000) return;
      last = now;
      const percent = p.totalBytes ? Math.round((100 * p.bytes) / p.totalBytes) : undefined;
      log.info({ rows: p.rows, rowsPerSec: Math.round(rate(p.rows)), percent }, 'importing');
    },
    stop() {},
  };
}

/**
 * "Imported 12,345 sales lines (12,000 new, 345 updated) in 1.2 s, 10,300 lines/s.", then for sales whose
 * orders' lines were stamped at different times: "30 orders had lines at differing times; each is dated
 * at its earliest line."
 */
export function summaryLine(result: ImportResult): string {
  const [one, many] = KIND_SPECS[result.kind].noun;
  const unit = many.split(' ').pop()!;
  const seconds = result.durationMs / 1000;
  const placeholders = Object.entries(result.createdPlaceholders)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `${fmt(n)} ${table}`);
  const spread = result.ordersWithDifferingTimes ?? 0;
  return (
    `Imported ${fmt(result.rows)} ${result.rows === 1 ? one : many} (${fmt(result.inserted)} new, ${fmt(result.updated)} updated)` +
    ` in ${seconds.toFixed(1)} s, ${fmt(result.rows / Math.max(seconds, 0.001))} ${unit}/s.` +
    (placeholders.length ? ` Created placeholders: ${placeholders.join(', ')}.` : '') +
    (spread > 0
      ? ` ${fmt(spread)} ${spread === 1 ? 'order had lines' : 'orders had lines'} at differing times; each is dated at its earliest line.`
      : '')
  );
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('Import one CSV file (.csv, .csv.gz or - for stdin) of salesmen, customers, products, sales, leads or activities.')
    .argument('<kind>', `what the file holds: ${IMPORT_KINDS.join(', ')}`)
    .argument('<file>', 'path of a .csv or .csv.gz file, or - to read stdin (gzip is detected)')
    .option('--create-missing', 'create placeholder customers/products/salesmen (name = id) for unknown ids instead of failing')
    .addHelpText('after', kindsHelp())
    .action(async (kind: string, file: string, opts: { createMissing?: boolean }) => {
      if (!isImportKind(kind)) {
        throw new AppError('USAGE', `Unknown import kind "${kind}".`, { hint: `Use one of: ${IMPORT_KINDS.join(', ')}.` });
      }
      const { openDatabase } = await import('../../db/open.js');
      const { importCsv } = await import('../../db/import/import-csv.js');
      const { refreshAnalytics } = await import('../../services/refresh.js');
      const database = await openDatabase();
      const progress = progressReporter();
      try {
        let result: ImportResult;
        try {
          result = await importCsv(database, {
            kind,
            source: file,
            createMissing: opts.createMissing === true,
            timeZone: env().SALES_TZ,
            onProgress: (p) => progress.update(p),
          });
        } finally {
          progress.stop();
        }
        process.stdout.write(summaryLine(result) + '\n');
        // The snapshots read by reports must see the new data. Changed sales narrow the rollup rebuild to
        // their dates; a file that leaves the rollups valid (catalogue, people, leads) recomputes only the
        // snapshots, which also name customers and products. With Redis the worker recomputes the
        // snapshots (most of a refresh after one more day on a big customer base): the import is done once
        // the rollups are committed, and default views run live until the new snapshots are stored.
        const e = env();
        const timeZone = e.SALES_TZ;
        const defer = Boolean(e.REDIS_URL) && result.rollupsAffected;
        await refreshAnalytics(database, {
          trigger: 'import',
          since: result.minOrderedAt,
          snapshotsOnly: !result.rollupsAffected,
          timeZone,
          deferSnapshots: defer,
        });
        if (e.REDIS_URL) {
          // Workers recompute the snapshots left to them, update recovered customers' alerts and announce
          // new at-risk and slow-mover cases.
          const { openJobsControl } = await import('../../jobs/control.js');
          const jobs = openJobsControl({ redisUrl: e.REDIS_URL, prefix: e.QUEUE_PREFIX, timeZone });
          try {
            await jobs.afterImport({ snapshotsPending: defer });
          } catch (err) {
            // The import is committed; only the workers' follow-up waits (the nightly refresh does it too).
            if (!(err instanceof AppError && err.code === 'SCHEDULER_UNREACHABLE')) throw err;
            if (defer) await refreshAnalytics(database, { trigger: 'import', snapshotsOnly: true, timeZone });
            process.stderr.write('Imported, but the scheduler (Redis) did not answer: new alerts are announced at the next refresh.\n');
          } finally {
            await jobs.close();
          }
        }
      } finally {
        await database.close();
      }
    });
}
