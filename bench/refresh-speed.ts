/**
 * Refresh step breakdown. Either on an existing, already imported database (`--database-url`: one kept
 * by `npm run bench -- --keep`, or a copy of one: `create database x template y`), or on a fresh one
 * (`--shape wide|few-big`: the shape's CSVs are generated into `--dir`, a database `<prefix>_<random>` is
 * created and the files imported as `sales-bot import` would, which times the refresh after an import
 * into an empty database; dropped at the end unless `--keep`; the shape flags of `npm run bench`, e.g.
 * `--lines 11400000 --customers 2300000 --products 20000 --salesmen 500`, apply on top). Then runs, `--reps` times each:
 *   full      — a full rebuild of every rollup, then the snapshots
 *   day       — an incremental refresh of the last business day of sales (the steps a refresh after
 *               one more day runs; the lines are already there, so they are re-aggregated)
 *   day-deferred — the same with the snapshots left to the worker (`deferSnapshots`, what `sales-bot
 *               import` does with Redis); the worker's part is the `snapshots` run
 *   snapshots — a snapshots-only run
 * and prints each run's total and `stepsMs` (per-step milliseconds), then the medians. It rewrites the
 * rollups of the database it is given: never point it at a database someone else is using.
 *
 *   npm run bench:refresh -- --database-url postgres://root@127.0.0.1:5432/x [--reps 3] [--only full,day,day-deferred,snapshots]
 *   npm run bench:refresh -- --shape few-big --dir /tmp/data [--prefix refresh_bench] [--keep] [--reps 3]
 *
 * Prints figures; never use them as test assertions.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resetEnv } from '../src/config/env.js';
import { connect, type Database } from '../src/db/client.js';
import { importCsv } from '../src/db/import/import-csv.js';
import { yesterdayIn } from '../src/lib/dates.js';
import { refreshAnalytics, type RefreshOptions, type RefreshStats } from '../src/services/refresh.js';
import { createBenchDatabase, type BenchDatabase } from './lib/bench-database.js';
import { median, secs, timed } from './lib/stats.js';
import { generateShape } from './shape/generate-shape.js';
import { shapeFrom, type ShapeFlags } from './shape/shape.js';

const shapeKeys = ['customers', 'products', 'zipf', 'basket', 'salesmen', 'regions', 'years', 'lines', 'rate-shape', 'seed'] as const;
const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    shape: { type: 'string' },
    ...Object.fromEntries(shapeKeys.map((k) => [k, { type: 'string' as const }])),
    dir: { type: 'string', default: 'bench-data' },
    prefix: { type: 'string', default: 'refresh_bench' },
    keep: { type: 'boolean', default: false },
    reps: { type: 'string', default: '3' },
    only: { type: 'string', default: 'full,day,snapshots' },
    tz: { type: 'string', default: 'Europe/Berlin' },
  },
});
const usage = 'usage: npm run bench:refresh -- (--database-url URL | --shape S [--dir D] [--prefix P] [--keep]) [--reps N] [--only full,day,day-deferred,snapshots] [--tz Z]';
if (!values['database-url'] === !values.shape) throw new Error(usage);
const timeZone = values.tz!;
resetEnv({ SALES_TZ: timeZone, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
const reps = Number(values.reps);
const kinds = values.only!.split(',').filter(Boolean);

const steps = (stats: RefreshStats): string =>
  `steps ${JSON.stringify(stats.stepsMs)}  snapshots {${Object.entries(stats.snapshots)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}}`;

/** Generates the shape's files and imports them as `sales-bot import` does, the refresh after each import timed. */
async function importShape(database: Database): Promise<void> {
  const shape = shapeFrom(Object.fromEntries(['shape', ...shapeKeys].map((k) => [k, (values as Record<string, unknown>)[k]])) as ShapeFlags);
  const [genMs, files] = await timed(() => generateShape(shape, join(values.dir!, `${shape.name}-${shape.lines}`), yesterdayIn(timeZone)));
  console.log(`generated ${files.historyLines} lines in ${secs(genMs)}`);
  for (const { kind, path } of [...files.sides, { kind: 'sales' as const, path: files.history }]) {
    const [loadMs, result] = await timed(() => importCsv(database, { kind, source: path, timeZone }));
    const [refreshMs, stats] = await timed(() =>
      refreshAnalytics(database, { trigger: 'import', since: result.minOrderedAt, snapshotsOnly: !result.rollupsAffected, timeZone }),
    );
    console.log(`import ${kind}: loading ${secs(loadMs)}, refresh ${secs(refreshMs)}${kind === 'sales' ? `  ${steps(stats)}` : ''}`);
  }
}

let bench: BenchDatabase | undefined;
let database: Database;
if (values.shape) {
  bench = await createBenchDatabase(values.prefix!);
  database = bench.database;
  console.log(`database ${bench.name}`);
} else {
  database = await connect({ url: values['database-url']!, max: 4 });
}
try {
  if (database.kind !== 'postgres') throw new Error('needs Postgres');
  if (values.shape) await importShape(database);
  const [last] = await database.driver<{ since: string }[]>`
    select (date_trunc('day', max(ordered_at) at time zone ${timeZone}) at time zone ${timeZone})::text as since from order_items`;
  const runs: Record<string, () => RefreshOptions> = {
    full: () => ({ trigger: 'bench-full', timeZone }),
    day: () => ({ trigger: 'bench-day', since: last!.since, timeZone }),
    'day-deferred': () => ({ trigger: 'bench-day', since: last!.since, timeZone, deferSnapshots: true }),
    snapshots: () => ({ trigger: 'bench-snapshots', snapshotsOnly: true, timeZone }),
  };
  for (const kind of kinds) {
    const opts = runs[kind];
    if (!opts) throw new Error(`unknown run "${kind}"`);
    const totals: number[] = [];
    const byStep: Record<string, number[]> = {};
    for (let i = 0; i < reps; i++) {
      const [ms, stats] = await timed<RefreshStats>(() => refreshAnalytics(database, opts()));
      totals.push(ms);
      for (const [k, v] of Object.entries(stats.stepsMs)) (byStep[k] ??= []).push(v);
      console.log(`${kind} #${i + 1}: ${secs(ms)}  ${steps(stats)}`);
    }
    const med = Object.fromEntries(Object.entries(byStep).map(([k, v]) => [k, Math.round(median(v))]));
    console.log(`${kind} median: ${secs(median(totals))}  steps ${JSON.stringify(med)}`);
  }
} finally {
  if (bench) await bench.close({ keep: values.keep });
  else await database.close();
  // Snapshot threads exit after their idle time; do not wait for them.
  process.exit(0);
}
