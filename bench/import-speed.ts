/**
 * Import throughput: our `importCsv` of a sales file vs `psql \copy` of the same file into a plain
 * table with the same columns (the ceiling), on Postgres; optionally PGlite too. Three cases: the file
 * into empty order tables (fresh, interleaved run by run with the psql side), the same file again (all
 * unchanged), and one more day of new orders on top of the full file (the everyday import). With
 * --floor, each fresh run is also paired with the fair floor of any COPY-based load: psql \copy of the
 * same rows into the real order tables with their indexes built afterwards (see psqlFloor).
 *
 *   npx tsx bench/import-speed.ts <sales.csv[.gz]> [more files] [--runs 3] [--pglite] [--fresh-only] [--floor]
 *   npx tsx bench/import-speed.ts --generate 1000000 [--dir /tmp/sales-bench] [--runs 3] [--pglite]
 *
 * Runs in a throwaway database on the server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432)
 * that is dropped at the end; customers/products/salesmen.csv next to a sales file are imported first,
 * otherwise placeholders are created. Prints medians; never use these figures as test assertions.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type postgres from 'postgres';
import { connect, migrate, type Database } from '../src/db/client.js';
import { importCsv, type ImportKind } from '../src/db/import/import-csv.js';
import { seededFloats } from '../src/demo/rng.js';
import { createBenchDatabase } from './lib/bench-database.js';
import { writeLines } from './lib/line-writer.js';
import { fmt, median } from './lib/stats.js';

const { values: opts, positionals: args } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '3' },
    generate: { type: 'string' },
    dir: { type: 'string', default: '/tmp/sales-bench' },
    pglite: { type: 'boolean', default: false },
    // Only the fresh load (no re-import, no extra day): quicker A/B rounds while tuning the loader.
    'fresh-only': { type: 'boolean', default: false },
    // Also time the general path (the file given as a stream, which the direct load never takes) in each round.
    'compare-general': { type: 'boolean', default: false },
    // Also time the fair floor: psql \copy of the very rows we loaded into the real order tables, their
    // indexes dropped first and built again after, in one transaction (what any COPY-based load must do).
    floor: { type: 'boolean', default: false },
  },
});
const runs = Number(opts.runs);
const generate = opts.generate;
const dir = opts.dir!;
const withPglite = opts.pglite!;
const freshOnly = opts['fresh-only']!;
const compareGeneral = opts['compare-general']!;
const withFloor = opts.floor!;
const timeZone = 'Europe/Berlin';



/** A sales file of `lines` order lines (~3 per order) plus its customers, products and salesmen. */
async function generateFiles(lines: number, into: string): Promise<string> {
  mkdirSync(into, { recursive: true });
  const r = seededFloats(42);
  const nCust = Math.max(10, Math.round(lines / 20));
  const nProd = Math.max(10, Math.round(lines / 200));
  const nSales = 50;
  await writeLines(join(into, 'salesmen.csv'), 'salesman_id,name,region', nSales, (i) => `S${i},Salesman ${i},R${i % 5}`);
  await writeLines(join(into, 'customers.csv'), 'customer_id,name,city,salesman_id', nCust, (i) => `C${i},Customer ${i},City ${i % 300},S${i % nSales}`);
  await writeLines(join(into, 'products.csv'), 'product_id,name,category,unit_price', nProd, (i) => `P${i},Product ${i},Cat ${i % 20},${(1 + (i % 500)).toFixed(2)}`);
  const start = Date.UTC(2022, 0, 1);
  let order = 0;
  let left = 0;
  let cust = 0;
  let when = '';
  const sales = join(into, 'sales.csv');
  await writeLines(sales, 'order_id,ordered_at,customer_id,salesman_id,product_id,quantity,unit_price,discount', lines, () => {
    if (left === 0) {
      order++;
      left = 1 + Math.floor(r() * 5);
      cust = Math.floor(r() * nCust);
      when = new Date(start + Math.floor(r() * 3 * 365 * 86400) * 1000).toISOString().slice(0, 19);
    }
    left--;
    const p = Math.floor(r() * nProd);
    const disc = r() < 0.2 ? '0.1' : '';
    return `O${order},${when},C${cust},S${cust % nSales},P${p},${1 + Math.floor(r() * 10)},${(1 + (p % 500)).toFixed(2)},${disc}`;
  });
  return sales;
}

/** `count` lines of brand-new orders on one day after the generated range, for the customers and products of a `fileLines` file. */
async function generateDay(path: string, count: number, seed: number, fileLines: number): Promise<void> {
  const r = seededFloats(1000 + seed);
  const nCust = Math.max(10, Math.round(fileLines / 20));
  const nProd = Math.max(10, Math.round(fileLines / 200));
  const day = Date.UTC(2025, 0, 1 + seed);
  let order = 0;
  let left = 0;
  let cust = 0;
  let when = '';
  await writeLines(path, 'order_id,ordered_at,customer_id,salesman_id,product_id,quantity,unit_price,discount', count, () => {
    if (left === 0) {
      order++;
      left = 1 + Math.floor(r() * 5);
      cust = Math.floor(r() * nCust);
      when = new Date(day + Math.floor(r() * 86400) * 1000).toISOString().slice(0, 19);
    }
    left--;
    const p = Math.floor(r() * nProd);
    return `D${seed}-${order},${when},C${cust},S${cust % 50},P${p},${1 + Math.floor(r() * 10)},${(1 + (p % 500)).toFixed(2)},`;
  });
}

function countLines(file: string): number {
  const cmd = file.endsWith('.gz') ? `zcat '${file}' | wc -l` : `wc -l < '${file}'`;
  return Number(execFileSync('sh', ['-c', cmd]).toString().trim()) - 1;
}

function headerOf(file: string): string[] {
  const cmd = file.endsWith('.gz') ? `zcat '${file}' | head -1` : `head -1 '${file}'`;
  return execFileSync('sh', ['-c', cmd]).toString().trim().split(',').map((c) => c.trim().toLowerCase().replace(/[^a-z0-9_]/g, '_'));
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const v = await fn();
  return [(performance.now() - t0) / 1000, v];
}

/**
 * The loaded order tables dumped (COPY text) once, then per call: emptied and loaded again by psql
 * \copy with the indexes dropped and rebuilt from their own definitions in the same transaction, row
 * triggers off (as the importer's direct load does). Returns the seconds psql took.
 */
async function psqlFloor(pg: postgres.Sql, url: string, into: string, dumped: { done: boolean }): Promise<number> {
  const items = join(into, 'floor-order-items.txt');
  const orders = join(into, 'floor-orders.txt');
  if (!dumped.done) {
    mkdirSync(into, { recursive: true });
    execFileSync('psql', [url, '-qc', `\\copy order_items to '${items}'`]);
    execFileSync('psql', [url, '-qc', `\\copy orders to '${orders}'`]);
    dumped.done = true;
  }
  const ix = await pg.unsafe<{ tab: string; name: string; con: string | null; def: string }[]>(
    `select i.indrelid::regclass::text as tab, i.indexrelid::regclass::text as name,
            quote_ident(c.conname) as con, coalesce(pg_get_constraintdef(c.oid), pg_get_indexdef(i.indexrelid)) as def
       from pg_index i
       left join pg_constraint c on c.conindid = i.indexrelid and c.conrelid = i.indrelid
      where i.indrelid in ('orders'::regclass, 'order_items'::regclass)
        and (c.oid is null or c.contype in ('p', 'u'))
        and not exists (select 1 from pg_constraint f where f.contype = 'f' and f.conindid = i.indexrelid)
      order by i.indexrelid`,
  );
  await pg.unsafe('truncate order_items, orders');
  await pg.unsafe('vacuum analyze order_items, orders');
  const script = [
    'begin;',
    `set session_replication_role = replica;`,
    ...ix.map((i) => (i.con ? `alter table ${i.tab} drop constraint ${i.con};` : `drop index ${i.name};`)),
    `\\copy order_items from '${items}'`,
    `\\copy orders from '${orders}'`,
    `set maintenance_work_mem = '512MB';`,
    ...ix.map((i) => (i.con ? `alter table ${i.tab} add constraint ${i.con} ${i.def};` : `${i.def};`)),
    'commit;',
  ].join('\n');
  const file = join(into, 'floor.sql');
  writeFileSync(file, script);
  const [s] = await time(async () => execFileSync('psql', [url, '-q', '-v', 'ON_ERROR_STOP=1', '-f', file]));
  return s;
}

async function importSideFiles(database: Database, file: string): Promise<boolean> {
  let found = false;
  for (const kind of ['salesmen', 'customers', 'products'] as ImportKind[]) {
    const side = join(dirname(file), `${kind}.csv`);
    if (!existsSync(side)) continue;
    found = true;
    await importCsv(database, { kind, source: side, timeZone, createMissing: true });
  }
  return found;
}

async function benchPostgres(file: string): Promise<void> {
  const bench = await createBenchDatabase('salesbot_bench', { max: 2 });
  const { database, url } = bench;
  if (database.kind !== 'postgres') throw new Error('the Postgres side of the benchmark needs a postgres:// URL');
  const pg = database.driver;
  try {
    const lines = countLines(file);
    const mb = statSync(file).size / 1e6;
    console.log(`\n${file}: ${fmt(lines)} lines, ${mb.toFixed(1)} MB`);
    const cols = headerOf(file);
    await pg.unsafe(`create table bench_plain (${cols.map((c) => `"${c}" text`).join(', ')})`);
    const from = file.endsWith('.gz') ? `program 'zcat ${file}'` : `'${file}'`;
    const sides = await importSideFiles(database, file);
    // Interleaved, so a busy machine slows both sides alike; the ratio of each pair is the steadier figure.
    const psqlTimes: number[] = [];
    const ours: number[] = [];
    const stepRuns: Record<string, number>[] = [];
    const general: number[] = [];
    const generalSteps: Record<string, number>[] = [];
    const floors: number[] = [];
    const dumped = { done: false };
    for (let i = 0; i < runs; i++) {
      await pg.unsafe('truncate bench_plain');
      const [s] = await time(async () =>
        execFileSync('psql', [url, '-qc', `\\copy bench_plain from ${from} with (format csv, header true)`]),
      );
      psqlTimes.push(s);
      await pg.unsafe('truncate order_items, orders');
      await pg.unsafe('vacuum analyze order_items, orders');
      const [o, r] = await time(() => importCsv(database, { kind: 'sales', source: file, timeZone, createMissing: !sides }));
      if (r.inserted !== lines) throw new Error(`expected ${lines} new lines, got ${r.inserted}`);
      ours.push(o);
      stepRuns.push(r.stepsMs);
      if (withFloor) floors.push(await psqlFloor(pg, url, dir, dumped));
      if (compareGeneral) {
        await pg.unsafe('truncate order_items, orders');
        await pg.unsafe('vacuum analyze order_items, orders');
        const [g, rg] = await time(() => importCsv(database, { kind: 'sales', source: createReadStream(file), timeZone, createMissing: !sides }));
        if (rg.inserted !== lines) throw new Error(`expected ${lines} new lines, got ${rg.inserted}`);
        general.push(g);
        generalSteps.push(rg.stepsMs);
      }
    }
    const stepLine = (all: Record<string, number>[]): string =>
      [...new Set(all.flatMap((r) => Object.keys(r)))].map((n) => `${n} ${(median(all.map((r) => r[n] ?? 0)) / 1000).toFixed(2)}`).join(', ');
    const runsOf = (xs: number[]): string => xs.map((t) => t.toFixed(2)).join(', ');
    const ratios = ours.map((t, i) => t / psqlTimes[i]!);
    console.log(`psql \\copy (plain table)     ${median(psqlTimes).toFixed(2)} s  ${fmt(lines / median(psqlTimes))} lines/s   (runs: ${runsOf(psqlTimes)})`);
    console.log(`importCsv, Postgres (fresh)  ${median(ours).toFixed(2)} s  ${fmt(lines / median(ours))} lines/s   (runs: ${runsOf(ours)})`);
    console.log(`  loading steps (median s): ${stepLine(stepRuns)}`);
    if (compareGeneral) {
      console.log(`importCsv, general path      ${median(general).toFixed(2)} s  ${fmt(lines / median(general))} lines/s   (runs: ${runsOf(general)})`);
      console.log(`  loading steps (median s): ${stepLine(generalSteps)}`);
    }
    console.log(`ratio ours / psql \\copy, pair by pair: median ${median(ratios).toFixed(2)} (${ratios.map((r) => r.toFixed(2)).join(', ')})`);
    if (withFloor) {
      const fr = ours.map((t, i) => t / floors[i]!);
      console.log(`psql \\copy into the order tables, indexes rebuilt  ${median(floors).toFixed(2)} s   (runs: ${runsOf(floors)})`);
      console.log(`ratio ours / that floor, pair by pair: median ${median(fr).toFixed(2)} (${fr.map((r) => r.toFixed(2)).join(', ')})`);
    }
    if (freshOnly) return;
    const again: number[] = [];
    for (let i = 0; i < runs; i++) {
      const [s, r] = await time(() => importCsv(database, { kind: 'sales', source: file, timeZone, createMissing: !sides }));
      if (r.inserted + r.updated !== 0) throw new Error('re-import changed rows');
      again.push(s);
    }
    // One more day of sales on top of the full file: the everyday import.
    const dayLines = Math.max(100, Math.round(lines / (3 * 365)));
    const daily: number[] = [];
    for (let i = 0; i < runs; i++) {
      mkdirSync(dir, { recursive: true });
      const day = join(dir, `sales-day-${i}.csv`);
      await generateDay(day, dayLines, i, lines);
      const [s, r] = await time(() => importCsv(database, { kind: 'sales', source: day, timeZone, createMissing: true }));
      if (r.inserted !== dayLines) throw new Error(`expected ${dayLines} new lines, got ${r.inserted}`);
      daily.push(s);
    }
    console.log(`importCsv, Postgres (re-import, all unchanged)  ${median(again).toFixed(2)} s  ${fmt(lines / median(again))} lines/s   (runs: ${runsOf(again)})`);
    console.log(`importCsv, Postgres (one more day, ${fmt(dayLines)} new lines)  ${median(daily).toFixed(2)} s   (runs: ${runsOf(daily)})`);
    const o = lines / median(ours);
    console.log(`target ≥ 150,000 lines/s (fresh): ${o >= 150_000 ? 'met' : 'NOT met'}`);
  } finally {
    await bench.close();
  }
}

async function benchPglite(file: string): Promise<void> {
  const database = await connect({ pgliteDir: 'memory://' });
  try {
    await migrate(database);
    const sides = await importSideFiles(database, file);
    const lines = countLines(file);
    const [s] = await time(() => importCsv(database, { kind: 'sales', source: file, timeZone, createMissing: !sides }));
    console.log(`importCsv, PGlite (in memory) ${s.toFixed(2)} s  ${fmt(lines / s)} rows/s`);
  } finally {
    await database.close();
  }
}

const files = [...args];
if (generate) {
  const t0 = performance.now();
  files.unshift(await generateFiles(Number(generate), dir));
  console.log(`generated ${fmt(Number(generate))} lines in ${dir} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
if (files.length === 0) {
  console.error('usage: npx tsx bench/import-speed.ts <sales.csv> [more files] [--runs 3] [--pglite] | --generate N [--dir D]');
  process.exit(2);
}
for (const file of files) {
  await benchPostgres(file);
  if (withPglite) await benchPglite(file);
}
