/**
 * Report speed at scale: generates the demo portal with N order lines, loads it into a throwaway
 * Postgres database, times a full analytics refresh, imports one more day and times the incremental
 * refresh, then runs every report with its default view and a few filters several times each and
 * prints median / p95 per report and the process's peak RSS.
 *
 *   npx tsx bench/report-speed.ts [--lines 1000000] [--runs 7] [--load import|copy] [--tz Europe/Berlin]
 *                                 [--dir /tmp/sales-bench-reports] [--keep] [--db <name>] [--only rfm,abc]
 *                                 [--customers 2000000] [--no-full]
 *
 * --load import (default) goes through the real importer (importCsv); --load copy bulk-loads the sales
 * file with COPY + set-based inserts (for iterating on reports when the importer is the bottleneck).
 * The last day of sales is always held back and imported through importCsv, so the incremental refresh
 * sees a real import. --db reuses a database kept by --keep (its last day is deleted and re-imported
 * from the generated files, so --lines must be the one it was built with).
 * The demo generator caps customers at 30,000; --customers N (with --load copy) splits each demo customer
 * into N / 30,000 clones (same region, city and salesman) and spreads its orders over them by a hash
 * of the order id, for the many-small-customers shape of a large portal (e.g. 11.4M lines, 2M customers).
 * --no-full (with --db) skips the timed full rebuild: the deleted day is refreshed incrementally instead,
 * for iterating on the refresh after one more day. Generated files are cached in --dir per (orders,
 * seed, end). Runs on the server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432). Figures
 * are printed, never asserted.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { resetEnv } from '../src/config/env.js';
import { connect, migrate, type Database } from '../src/db/client.js';
import { importCsv } from '../src/db/import/import-csv.js';
import { DEMO_KINDS as IMPORT_KINDS } from '../src/demo/types.js';
import type { DemoDataResult } from '../src/demo/generate-demo-data.js';
import { yesterdayIn } from '../src/lib/dates.js';
import type { ReportFilters } from '../src/lib/report-filters.js';
import { refreshAnalytics, type RefreshStats } from '../src/services/refresh.js';
import { REPORTS } from '../src/reports/registry.js';
import { runReport } from '../src/reports/run-report.js';
import type { ReportRequest, ReportScope } from '../src/reports/report-module.js';
import { fmt, quantile, secs, timed } from './lib/stats.js';
import { DEMO_LINES_PER_ORDER, demoFiles } from './shape/demo-files.js';

const usage =
  'usage: npx tsx bench/report-speed.ts [--lines N] [--runs R] [--load import|copy] [--tz Z] [--dir D] [--keep] [--db NAME --lines N] [--only a,b] [--customers N] [--no-full]';
let parsed;
try {
  parsed = parseArgs({
    options: {
      tz: { type: 'string', default: 'Europe/Berlin' },
      lines: { type: 'string' },
      runs: { type: 'string', default: '7' },
      load: { type: 'string', default: 'import' },
      dir: { type: 'string', default: '/tmp/sales-bench-reports' },
      seed: { type: 'string', default: '42' },
      end: { type: 'string' },
      keep: { type: 'boolean', default: false },
      db: { type: 'string' },
      only: { type: 'string' },
      customers: { type: 'string', default: '0' },
      'no-full': { type: 'boolean', default: false },
    },
  }).values;
} catch (e) {
  console.error(`${(e as Error).message}\n${usage}`);
  process.exit(2);
}
const timeZone = parsed.tz!;
resetEnv({ SALES_TZ: timeZone, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
const lines = Number(parsed.lines ?? 1_000_000);
const runs = Math.max(2, Number(parsed.runs));
const load = parsed.load!;
const dir = parsed.dir!;
const seed = Number(parsed.seed);
const end = parsed.end ?? yesterdayIn(timeZone);
const keep = parsed.keep!;
const reuse = parsed.db;
const only = parsed.only?.split(',');
const wantedCustomers = Number(parsed.customers);
const noFull = parsed['no-full']!;
// A kept database's one more day comes from the generated files of its size: without --lines the
// default-size files would be imported into it.
if (
  !Number.isSafeInteger(lines) ||
  lines < 1000 ||
  !['import', 'copy'].includes(load) ||
  (wantedCustomers > 0 && load !== 'copy' && !reuse) ||
  (noFull && !reuse) ||
  (reuse !== undefined && parsed.lines === undefined)
) {
  console.error(usage);
  process.exit(2);
}

const orders = Math.max(1, Math.round(lines / DEMO_LINES_PER_ORDER));

const rssMb = (): number => Math.round(process.memoryUsage().rss / 1e6);
const peakMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
function log(line: string): void {
  console.log(line);
}

/** COPY of the sales file into a staging table, then two set-based inserts (indexes built after). */
async function copyLoadSales(database: Database, file: string): Promise<void> {
  if (database.kind !== 'postgres') throw new Error('--load copy needs Postgres');
  const pg = database.driver;
  await pg.unsafe(`create unlogged table bench_stage (order_id text, line_no int, ordered_at timestamp, customer_id text,
    salesman_id text, product_id text, quantity numeric, unit_price numeric, discount numeric, amount numeric)`);
  const sink = await pg.unsafe('copy bench_stage from stdin with (format csv, header true)').writable();
  await pipeline(createReadStream(file), sink);
  const indexes = await pg<{ name: string; def: string }[]>`
    select indexname as name, indexdef as def from pg_indexes
    where tablename in ('orders', 'order_items')
      and not exists (select 1 from pg_constraint k where k.conindid = format('%I', indexname)::regclass)`;
  for (const i of indexes) await pg.unsafe(`drop index ${i.name}`);
  const base = (await pg<{ base: number }[]>`select count(*)::int as base from customers`)[0]!.base;
  const split = wantedCustomers > base ? Math.round(wantedCustomers / base) : 1;
  await pg.begin(async (tx) => {
    // Bulk load only: foreign keys are known to hold (the ids come from the files just imported).
    await tx.unsafe(`set local session_replication_role = replica`);
    if (split > 1) {
      await tx.unsafe(`insert into customers (external_id, name, email, city, region, country, latitude, longitude, salesman_id, created_at)
        select c.external_id || '~' || k, c.name || ' ' || k, null, c.city, c.region, c.country, c.latitude, c.longitude, c.salesman_id, c.created_at
        from customers c, generate_series(1, ${split - 1}) k`);
    }
    const clone = split > 1 ? `|| coalesce('~' || nullif(abs(hashtext(st.order_id)) % ${split}, 0)::text, '')` : '';
    await tx.unsafe(`insert into orders (external_id, ordered_at, customer_id, salesman_id)
      select distinct on (st.order_id) st.order_id, st.ordered_at at time zone '${timeZone}', c.id, s.id
      from bench_stage st join customers c on c.external_id = st.customer_id ${clone}
      left join salesmen s on s.external_id = st.salesman_id
      order by st.order_id`);
    await tx.unsafe(`insert into order_items (order_id, line_no, product_id, ordered_at, customer_id, salesman_id, quantity, unit_price, discount, amount)
      select o.id, st.line_no, p.id, o.ordered_at, o.customer_id, o.salesman_id, st.quantity, st.unit_price, st.discount, st.amount
      from bench_stage st join orders o on o.external_id = st.order_id join products p on p.external_id = st.product_id`);
  });
  for (const i of indexes) await pg.unsafe(i.def);
  await pg.unsafe('drop table bench_stage');
  await pg.unsafe('vacuum analyze orders, order_items');
}

async function loadAll(database: Database, files: { history: string; result: DemoDataResult }): Promise<void> {
  for (const kind of IMPORT_KINDS) {
    const [ms] = await timed(async () => {
      if (kind === 'sales' && load === 'copy') return copyLoadSales(database, files.history);
      const source = kind === 'sales' ? files.history : files.result.files[kind];
      await importCsv(database, { kind, source, timeZone });
    });
    const n = kind === 'sales' ? files.result.counts.sales : files.result.counts[kind];
    log(`  loaded ${kind.padEnd(10)} ${fmt(n).padStart(11)} rows in ${secs(ms).padStart(9)}${kind === 'sales' ? `  (${load === 'copy' ? 'COPY + set-based insert, bench only' : 'importCsv'}; ~${fmt(n / (ms / 1000))} lines/s)` : ''}`);
  }
  if (database.kind === 'postgres') await database.driver.unsafe('vacuum analyze');
}

function stepLine(label: string, ms: number, stats: RefreshStats): string {
  const steps = Object.entries(stats.stepsMs ?? {}).map(([k, v]) => `${k} ${fmt(v)}`).join(', ');
  const snaps = Object.entries(stats.snapshots).map(([k, v]) => `${k} ${fmt(v)}`).join(', ');
  return `${label.padEnd(34)} ${secs(ms).padStart(9)}   steps ms: ${steps}\n${''.padEnd(46)}snapshots ms: ${snaps}`;
}

interface Scenario {
  label: string;
  request: ReportRequest;
  /** Only for these reports (default: all). */
  reports?: string[];
}

async function scenarios(database: Database): Promise<Scenario[]> {
  if (database.kind !== 'postgres') throw new Error('Postgres only');
  const pg = database.driver;
  const [region] = await pg<{ region: string }[]>`
    select c.region from customer_rollup r join customers c on c.id = r.customer_id where c.region is not null
    group by 1 order by sum(r.revenue) desc limit 1`;
  const [busy] = await pg<{ id: number; externalId: string }[]>`
    select s.id, s.external_id as "externalId" from daily_sales d join salesmen s on s.id = d.salesman_id
    group by s.id order by sum(d.revenue) desc limit 1`;
  const scope: ReportScope = { kind: 'salesman', salesmanId: busy!.id, salesmanExternalId: busy!.externalId };
  const filters = (f: ReportFilters): ReportRequest => ({ filters: f });
  const monthAgo = new Date(Date.parse(`${end}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
  return [
    { label: 'default', request: filters({}) },
    { label: 'last:90d', request: filters({ last: { amount: 90, unit: 'd' } }) },
    { label: `region:${region!.region}`, request: filters({ region: [region!.region] }) },
    { label: `scope salesman ${busy!.externalId}`, request: { filters: {}, scope } },
    { label: 'min-support 0.005', request: { filters: {}, options: { minSupport: 0.005 } }, reports: ['affinity', 'crosssell'] },
    { label: `last:90d min-support 0.005`, request: { filters: { last: { amount: 90, unit: 'd' } }, options: { minSupport: 0.005 } }, reports: ['affinity'] },
    { label: `as-of ${monthAgo}`, request: { filters: {}, asOf: monthAgo }, reports: ['rfm', 'clv', 'churn', 'affinity', 'abc', 'timing'] },
  ];
}

interface Row {
  report: string;
  scenario: string;
  source: string;
  times: number[];
}

async function benchReports(database: Database): Promise<Row[]> {
  const out: Row[] = [];
  const list = await scenarios(database);
  for (const definition of REPORTS) {
    if (only && !only.includes(definition.name)) continue;
    for (const s of list) {
      if (s.reports && !s.reports.includes(definition.name)) continue;
      const times: number[] = [];
      let source = '';
      let error: string | undefined;
      // One untimed warm-up run (plans, caches), then `runs` timed ones.
      for (let i = 0; i <= runs; i++) {
        try {
          const [ms, result] = await timed(async () => {
            const r = await runReport(database, definition, s.request);
            definition.view(r);
            return r;
          });
          source = result.source;
          if (i > 0) times.push(ms);
        } catch (e) {
          error = (e as Error).message.slice(0, 60);
          break;
        }
      }
      const row = { report: definition.name, scenario: s.label, source: error ? `error: ${error}` : source, times };
      out.push(row);
      printRow(row);
    }
  }
  return out;
}

function printRow(r: Row): void {
  const med = r.times.length ? fmt(quantile(r.times, 0.5)) : '—';
  const p95 = r.times.length ? fmt(quantile(r.times, 0.95)) : '—';
  const flagSlow = r.times.length && quantile(r.times, 0.95) >= 500 ? '  ✗' : '';
  log(`${r.report.padEnd(12)} ${r.scenario.padEnd(30)} ${r.source.padEnd(9)} ${med.padStart(8)} ${p95.padStart(8)}${flagSlow}`);
}

const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
const name = reuse ?? `salesbot_reports_${Date.now().toString(36)}`;
const url = new URL(baseUrl);
url.pathname = '/' + name;
if (!reuse) await admin.unsafe(`create database ${name}`);
const database = await connect({ url: url.toString(), max: 4 });
let failed = false;
try {
  log(`report-speed: ${fmt(lines)} order lines requested (${fmt(orders)} orders), SALES_TZ ${timeZone}, data ends ${end}, ${runs} timed runs per case`);
  const files = await demoFiles({ orders, seed, end, dir, log });
  log(`peak RSS after generation: ${peakMb()} MB`);
  if (database.kind !== 'postgres') throw new Error('needs Postgres');
  const pg = database.driver;
  await migrate(database);
  if (reuse) {
    // Back to "history without the last day": delete it and rebuild from there.
    await pg.unsafe(`delete from orders where ordered_at >= ('${end}'::date::timestamp at time zone '${timeZone}')`);
    await pg.unsafe('vacuum analyze orders, order_items');
    log(`reusing database ${name} (last day deleted)`);
  } else {
    log(`loading into ${name}:`);
    await loadAll(database, files);
  }
  const counts = await pg<{ n: number; c: number }[]>`
    select (select count(*)::int from order_items) as n, (select count(*)::int from customers) as c`;
  const { n, c } = counts[0]!;
  log(`database holds ${fmt(n)} order lines, ${fmt(c)} customers; peak RSS ${peakMb()} MB`);

  const lastDayStart = new Date(Date.parse(`${end}T00:00:00Z`) - 86_400_000).toISOString();
  const [fullMs, full] = await timed(() =>
    refreshAnalytics(database, noFull ? { trigger: 'bench-catch-up', since: lastDayStart, timeZone } : { trigger: 'bench-full', timeZone }),
  );
  log(stepLine(noFull ? 'catch-up refresh (not a rebuild)' : 'full refresh (rebuild)', fullMs, full));
  const [importMs, imported] = await timed(() => importCsv(database, { kind: 'sales', source: files.lastDay, timeZone }));
  log(`import of one more day (importCsv)   ${secs(importMs).padStart(9)}   ${fmt(imported.inserted)} lines`);
  const [incMs, inc] = await timed(() => refreshAnalytics(database, { trigger: 'bench-import', since: imported.minOrderedAt, timeZone }));
  log(stepLine('refresh after one more day', incMs, inc));
  log(`peak RSS after refresh: ${peakMb()} MB`);

  log('');
  log(`${'report'.padEnd(12)} ${'case'.padEnd(30)} ${'source'.padEnd(9)} ${'med ms'.padStart(8)} ${'p95 ms'.padStart(8)}`);
  const rows = await benchReports(database);
  const worst = rows.filter((r) => r.times.length).sort((a, b) => quantile(b.times, 0.95) - quantile(a.times, 0.95))[0];
  const slow = rows.filter((r) => r.times.length && quantile(r.times, 0.95) >= 500).length;
  log('');
  log(`summary: ${fmt(n + imported.inserted)} lines; ${noFull ? 'no full rebuild' : `full refresh ${secs(fullMs)} (target < 60 s)`}; refresh after one day ${secs(incMs)} (target < 5 s)`);
  log(`         ${rows.length} report cases, ${slow} with p95 ≥ 500 ms; worst ${worst ? `${worst.report} / ${worst.scenario} p95 ${fmt(quantile(worst.times, 0.95))} ms` : '—'}`);
  log(`         load path for history: ${reuse ? 'reused database' : load === 'copy' ? 'COPY (bench bulk load)' : 'importCsv'}; process peak RSS ${peakMb()} MB (now ${rssMb()} MB; Postgres not included)`);
} catch (e) {
  failed = true;
  console.error(e);
} finally {
  await database.close();
  if (keep || reuse) log(`database kept: ${name} (reuse with --db ${name})`);
  else await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
process.exit(failed ? 1 : 0);
