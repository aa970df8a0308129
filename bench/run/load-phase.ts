import { execFileSync } from 'node:child_process';
import type { Database } from '../../src/db/client.js';
import { importCsv, type ImportResult } from '../../src/db/import/import-csv.js';
import { refreshAnalytics, type RefreshStats } from '../../src/services/refresh.js';
import { peakRssMb } from '../lib/machine.js';
import { timed } from '../lib/stats.js';
import type { ShapeFiles } from '../shape/shape-files.js';

export interface ImportFigures {
  sidesMs: number;
  /** importCsv of the sales history (what `sales-bot import sales` prints as its own time). */
  loadMs: number;
  /** The refresh `sales-bot import` runs after it. */
  refreshMs: number;
  lines: number;
  /** The sales import's own step times (ImportResult.stepsMs). */
  loadStepsMs: Record<string, number>;
  /** `psql \copy` of the same file into a plain text table. */
  copyMs: number;
  /** Peak RSS of this process after import and refresh (the CLI's work, in process). */
  peakMb: number | undefined;
}

export interface RefreshFigures {
  fullMs: number;
  full: RefreshStats;
  dayImportMs: number;
  dayLines: number;
  incrementalMs: number;
  incremental: RefreshStats;
}

const stepsLine = (steps: Record<string, number>): string =>
  Object.entries(steps)
    .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
    .join(', ');

/** What `sales-bot import <kind> <file>` does, step by step and timed: importCsv, then the refresh. */
async function importLikeCli(database: Database, kind: ShapeFiles['sides'][number]['kind'] | 'sales', source: string, timeZone: string): Promise<{ loadMs: number; refreshMs: number; result: ImportResult; stats: RefreshStats }> {
  const [loadMs, result] = await timed(() => importCsv(database, { kind, source, timeZone }));
  const [refreshMs, stats] = await timed(() =>
    refreshAnalytics(database, { trigger: 'import', since: result.minOrderedAt, snapshotsOnly: !result.rollupsAffected, timeZone }),
  );
  return { loadMs, refreshMs, result, stats };
}

/**
 * Imports the side files, then the sales history through the importer's code path into the (empty)
 * database, timing loading and refresh apart; then `psql \copy` of the same sales file into a scratch
 * table for the loading ratio.
 */
export async function importPhase(database: Database, url: string, files: ShapeFiles, timeZone: string, log: (l: string) => void): Promise<ImportFigures> {
  let sidesMs = 0;
  for (const side of files.sides) {
    const { loadMs, refreshMs } = await importLikeCli(database, side.kind, side.path, timeZone);
    sidesMs += loadMs + refreshMs;
    log(`  imported ${side.kind} (${side.rows.toLocaleString('en-US')} rows) in ${((loadMs + refreshMs) / 1000).toFixed(2)} s`);
  }
  const sales = await importLikeCli(database, 'sales', files.history, timeZone);
  const peakMb = peakRssMb();
  log(`  imported sales history: ${sales.result.inserted.toLocaleString('en-US')} lines, loading ${(sales.loadMs / 1000).toFixed(2)} s, refresh ${(sales.refreshMs / 1000).toFixed(2)} s`);
  log(`    loading steps ms: ${stepsLine(sales.result.stepsMs)}`);
  if (database.kind !== 'postgres') throw new Error('the benchmark needs Postgres');
  const header = execFileSync('head', ['-1', files.history]).toString().trim().split(',');
  await database.driver.unsafe(`create table bench_plain (${header.map((c) => `"${c.trim().toLowerCase()}" text`).join(', ')})`);
  const [copyMs] = await timed(async () =>
    execFileSync('psql', [url, '-qc', `\\copy bench_plain from '${files.history}' with (format csv, header true)`]),
  );
  await database.driver.unsafe('drop table bench_plain');
  log(`  psql \\copy of the same file: ${(copyMs / 1000).toFixed(2)} s`);
  return { sidesMs, loadMs: sales.loadMs, refreshMs: sales.refreshMs, lines: sales.result.inserted, loadStepsMs: sales.result.stepsMs, copyMs, peakMb };
}

/** A full rebuild, then one more day imported and refreshed as `sales-bot import` would. */
export async function refreshPhase(database: Database, files: ShapeFiles, timeZone: string, log: (l: string) => void): Promise<RefreshFigures> {
  const [fullMs, full] = await timed(() => refreshAnalytics(database, { trigger: 'bench-full', timeZone }));
  log(`  full refresh ${(fullMs / 1000).toFixed(2)} s`);
  const day = await importLikeCli(database, 'sales', files.lastDay, timeZone);
  log(`  one more day: ${day.result.inserted.toLocaleString('en-US')} lines imported in ${(day.loadMs / 1000).toFixed(2)} s, refreshed in ${(day.refreshMs / 1000).toFixed(2)} s`);
  log(`    loading steps ms: ${stepsLine(day.result.stepsMs)}`);
  return { fullMs, full, dayImportMs: day.loadMs, dayLines: day.result.inserted, incrementalMs: day.refreshMs, incremental: day.stats };
}
