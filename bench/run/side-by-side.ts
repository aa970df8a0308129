import { execFileSync } from 'node:child_process';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Database } from '../../src/db/client.js';
import { timed } from '../lib/stats.js';
import type { ShapeFiles } from '../shape/shape-files.js';
import type { Cell, FilterCase, MatrixPicks } from './report-matrix.js';

/**
 * The same questions computed from the raw order lines, with nothing precomputed: DuckDB in memory on
 * the CSV files (loaded once, load time apart) and plain SQL on the Postgres tables the app imported.
 * Each is a compact version of what the report answers (the report also builds its view, labels, drills),
 * so the ratios say how far the app is from a from-scratch engine on the same data.
 */
export interface Question {
  report: string;
  filter: FilterCase;
  label: string;
  /** SQL over a `lines(order_id, ordered_at, customer_id, product_id, region, amount)` relation. */
  sql(d: Dialect, picks: MatrixPicks, period: Cell['period']): string;
}

/** How one engine reads raw lines and writes a day bound. */
interface Dialect {
  lines: string;
  /** Condition: the line is on or after local day `day`. */
  since(day: string): string;
  /** Condition: the line is on or before local day `day`. */
  until(day: string): string;
}

const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const dayShift = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function periodWhere(d: Dialect, p: Cell['period']): string {
  if (!p) return 'true';
  return [p.from ? d.since(p.from) : 'true', d.until(p.to)].join(' and ');
}

export const QUESTIONS: Question[] = [
  {
    report: 'rfm',
    filter: 'region',
    label: 'rfm, one region (R, F, M quintiles)',
    sql: (d, k, p) => `with lines as (${d.lines}),
      c as (select customer_id, max(ordered_at) as last_at, count(distinct order_id) as f, sum(amount) as m
            from lines where region = ${q(k.region)} and ${periodWhere(d, p)} group by customer_id),
      s as (select ntile(5) over (order by last_at) as r, ntile(5) over (order by f) as fs, ntile(5) over (order by m) as ms from c)
      select r, fs, ms, count(*) as n from s group by r, fs, ms`,
  },
  {
    report: 'abc',
    filter: 'none',
    label: 'abc, all products (A/B/C by revenue share)',
    sql: (d, _k, p) => `with lines as (${d.lines}),
      pr as (select product_id, sum(amount) as rev from lines where ${periodWhere(d, p)} group by product_id),
      s as (select rev, sum(rev) over (order by rev desc rows between unbounded preceding and current row) / sum(rev) over () as cum from pr)
      select case when cum <= 0.8 then 'A' when cum <= 0.95 then 'B' else 'C' end as class, count(*) as n, sum(rev) as revenue from s group by 1`,
  },
  {
    report: 'affinity',
    filter: 'region',
    label: 'affinity, one region (top product pairs)',
    sql: (d, k, p) => `with lines as (${d.lines}),
      o as (select distinct order_id, product_id from lines where region = ${q(k.region)} and ${periodWhere(d, p)})
      select a.product_id as a, b.product_id as b, count(*) as n from o a join o b on a.order_id = b.order_id and a.product_id < b.product_id
      group by 1, 2 order by n desc limit 20`,
  },
  {
    report: 'why',
    filter: 'window',
    label: 'why, past window (revenue change by region)',
    sql: (d, k) => {
      const days = Math.round((Date.parse(k.window.to) - Date.parse(k.window.from)) / 86_400_000) + 1;
      const prevFrom = dayShift(k.window.from, -days);
      return `with lines as (${d.lines})
        select region, sum(case when ${d.since(k.window.from)} then amount else 0 end) as cur,
               sum(case when ${d.since(k.window.from)} then 0 else amount end) as prev
        from lines where ${d.since(prevFrom)} and ${d.until(k.window.to)} group by region order by 2 - 3`;
    },
  },
  {
    report: 'geo',
    filter: 'none',
    label: 'geo (revenue and buyers per region)',
    sql: (d, _k, p) => `with lines as (${d.lines})
      select region, sum(amount) as revenue, count(distinct customer_id) as buyers from lines where ${periodWhere(d, p)} group by region`,
  },
];

function postgresDialect(timeZone: string): Dialect {
  const at = (day: string): string => `(${q(day)}::date::timestamp at time zone ${q(timeZone)})`;
  return {
    lines: `select i.order_id, i.ordered_at, i.customer_id, i.product_id, c.region, i.amount::float8 as amount
            from order_items i join customers c on c.id = i.customer_id`,
    since: (day) => `ordered_at >= ${at(day)}`,
    until: (day) => `ordered_at < ${at(dayShift(day, 1))}`,
  };
}

function duckDialect(hasAmount: boolean): Dialect {
  const computed = 's.quantity * s.unit_price * (1 - coalesce(s.discount, 0))';
  return {
    lines: `select s.order_id, s.ordered_at, s.customer_id, s.product_id, c.region,
            ${hasAmount ? `coalesce(s.amount, ${computed})` : computed}::double as amount
            from sales s join customers c on c.customer_id = s.customer_id`,
    since: (day) => `ordered_at >= timestamp ${q(day)}`,
    until: (day) => `ordered_at < timestamp ${q(dayShift(day, 1))}`,
  };
}

export interface SideBySide {
  question: Question;
  duckdb: number[];
  sql: number[];
}

async function repeat(reps: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < reps; i++) out.push((await timed(fn))[0]);
  return out;
}

export interface SideBySideFigures {
  duckLoadMs: number;
  rows: SideBySide[];
}

/** Runs every question on Postgres (plain SQL) and DuckDB (in memory, CSVs loaded first). */
export async function sideBySide(database: Database, files: ShapeFiles, picks: MatrixPicks, cells: Cell[], reps: number, timeZone: string, log: (l: string) => void): Promise<SideBySideFigures> {
  if (database.kind !== 'postgres') throw new Error('Postgres only');
  const pg = database.driver;
  const instance = await DuckDBInstance.create(':memory:');
  const duck = await instance.connect();
  try {
    const customers = files.sides.find((s) => s.kind === 'customers')!.path;
    const [duckLoadMs] = await timed(async () => {
      await duck.run(`create table customers as select * from read_csv(${q(customers)}, header = true, all_varchar = true)`);
      await duck.run(`create table sales as select * from read_csv([${q(files.history)}, ${q(files.lastDay)}], header = true, union_by_name = true,
        types = {'order_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'product_id': 'VARCHAR', 'salesman_id': 'VARCHAR', 'ordered_at': 'TIMESTAMP'})`);
    });
    log(`  DuckDB loaded the CSVs in ${(duckLoadMs / 1000).toFixed(2)} s`);
    const hasAmount = execFileSync('head', ['-1', files.history]).toString().toLowerCase().split(',').map((c) => c.trim()).includes('amount');
    const pgd = postgresDialect(timeZone);
    const dd = duckDialect(hasAmount);
    const rows: SideBySide[] = [];
    for (const question of QUESTIONS) {
      const period = cells.find((c) => c.report === question.report && c.filter === question.filter)?.period;
      const sql = await repeat(reps, () => pg.unsafe(question.sql(pgd, picks, period)));
      const duckdb = await repeat(reps, () => duck.runAndReadAll(question.sql(dd, picks, period)));
      rows.push({ question, duckdb, sql });
      log(`  ${question.label}: DuckDB ${Math.round(Math.min(...duckdb))} ms, SQL ${Math.round(Math.min(...sql))} ms (best)`);
    }
    return { duckLoadMs, rows };
  } finally {
    duck.closeSync();
    instance.closeSync();
  }
}
