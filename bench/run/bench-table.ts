import { fmt, quantile } from '../lib/stats.js';
import type { ImportFigures, RefreshFigures } from './load-phase.js';
import type { Cell } from './report-matrix.js';
import type { SideBySideFigures } from './side-by-side.js';

export interface BenchFigures {
  title: string;
  date: string;
  machine: string;
  data: string;
  imported?: ImportFigures;
  refresh?: RefreshFigures;
  cells: Cell[];
  reps: number;
  side?: SideBySideFigures;
  acks?: { times: number[]; concurrency: number; note: string };
  /** Peak RSS per process; `target: false` for processes that are not the product (the bench with DuckDB in it). */
  rss: { label: string; mb: number | undefined; target?: boolean }[];
}

const ms = (n: number): string => (Number.isFinite(n) ? fmt(n) : '—');
const s = (n: number): string => `${(n / 1000).toFixed(2)} s`;
const mark = (ok: boolean): string => (ok ? '✓' : '✗');

type Row = [part: string, what: string, p50: string, p95: string, other: string, ratio: string, target: string];

/**
 * The benchmark's one table (markdown): import, refresh, every report × filter, the side-by-side
 * questions, acks and peak RSS, each with its target and ✓/✗. Times in ms unless marked.
 */
export function benchTable(f: BenchFigures): string {
  const rows: Row[] = [];
  const i = f.imported;
  if (i) {
    const total = i.loadMs + i.refreshMs;
    const ratio = i.loadMs / i.copyMs;
    rows.push(['import', `sales, ${fmt(i.lines)} lines: loading`, s(i.loadMs), '', `psql \\copy ${s(i.copyMs)}`, `${ratio.toFixed(1)}×`, `≤ 3× \\copy ${mark(ratio <= 3)}`]);
    rows.push(['import', 'refresh after the import', s(i.refreshMs), '', '', '', '']);
    rows.push(['import', 'end to end (loading + refresh)', s(total), '', `${fmt(i.lines / (total / 1000))} lines/s`, '', `≥ 100k lines/s ${mark(i.lines / (total / 1000) >= 100_000)}`]);
  }
  const r = f.refresh;
  if (r) {
    rows.push(['refresh', 'full rebuild', s(r.fullMs), '', '', '', `< 60 s ${mark(r.fullMs < 60_000)}`]);
    const per = (n: number): string => fmt((n * 1_000_000) / Math.max(1, f.imported?.lines ?? 1));
    const st = r.full;
    rows.push(['refresh', 'rollup rows per 1M lines (full rebuild)', '', '', `daily ${per(st.dailyRows)} · hourly ${per(st.hourlyRows)} · customer-day ${per(st.customerDays)} · customer-product ${per(st.customerProducts)} · basket ${per(st.basketRows)}`, '', '']);
    rows.push(['refresh', `after one more day (${fmt(r.dayLines)} lines; import ${s(r.dayImportMs)})`, s(r.incrementalMs), '', '', '', `< 5 s ${mark(r.incrementalMs < 5000)}`]);
  }
  for (const c of f.cells) {
    const label = c.filter === 'me' ? 'me (Slack: command → answer, incl. chart upload)' : c.filter;
    if (c.status !== 'ok') {
      rows.push([c.report, label, '—', '—', `${c.status}${c.note ? `: ${c.note.replace(/\|/g, '/')}` : ''}`, '', '']);
      continue;
    }
    const p95 = quantile(c.times, 0.95);
    rows.push([c.report, label, ms(quantile(c.times, 0.5)), ms(p95), c.times.length < f.reps ? `${c.times.length} run${c.times.length === 1 ? '' : 's'} (cell budget)` : '', '', `< 500 ${mark(p95 < 500)}`]);
  }
  if (f.side) {
    for (const row of f.side.rows) {
      const cell = f.cells.find((c) => c.report === row.question.report && c.filter === row.question.filter);
      const ours = cell?.status === 'ok' ? quantile(cell.times, 0.5) : NaN;
      const duck = quantile(row.duckdb, 0.5);
      const sql = quantile(row.sql, 0.5);
      rows.push([
        'vs DuckDB / SQL',
        `${row.question.label}`,
        ms(ours),
        cell?.status === 'ok' ? ms(quantile(cell.times, 0.95)) : '—',
        `DuckDB ${ms(duck)} (p95 ${ms(quantile(row.duckdb, 0.95))}) · SQL ${ms(sql)} (p95 ${ms(quantile(row.sql, 0.95))})`,
        `${(ours / duck).toFixed(1)}× / ${(ours / sql).toFixed(1)}×`,
        `≤ DuckDB ${mark(ours <= duck)}`,
      ]);
    }
    rows.push(['vs DuckDB / SQL', 'DuckDB: loading the CSVs (not in the figures above)', s(f.side.duckLoadMs), '', '', '', '']);
  }
  if (f.acks) {
    const p99 = quantile(f.acks.times, 0.99);
    rows.push(['Slack acks', `${f.acks.concurrency} concurrent commands × ${f.acks.times.length / f.acks.concurrency} rounds, ${f.acks.note}`, ms(quantile(f.acks.times, 0.5)), ms(quantile(f.acks.times, 0.95)), `p99 ${ms(p99)}, max ${ms(Math.max(...f.acks.times))}`, '', `p99 < 100 ${mark(p99 < 100)}`]);
  }
  for (const x of f.rss) rows.push(['peak RSS', x.label, x.mb === undefined ? '—' : `${fmt(x.mb)} MB`, '', '', '', x.mb === undefined || x.target === false ? '' : `< 1 GB ${mark(x.mb < 1024)}`]);

  const ok = f.cells.filter((c) => c.status === 'ok' && c.filter !== 'me');
  const slow = ok.filter((c) => quantile(c.times, 0.95) >= 500);
  const worst = [...ok].sort((a, b) => quantile(b.times, 0.95) - quantile(a.times, 0.95))[0];
  const mine = f.cells.filter((c) => c.status === 'ok' && c.filter === 'me');
  const mineSlow = mine.filter((c) => quantile(c.times, 0.95) >= 500);
  const head: Row = ['part', 'case', 'p50', 'p95', 'figures', 'ratio', 'target'];
  const line = (cols: readonly string[]): string => `| ${cols.join(' | ')} |`;
  return [
    `### ${f.title}`,
    '',
    `${f.date} · ${f.machine}`,
    '',
    `Data: ${f.data}. Report times: HTTP round trip of GET /api/analytics/<report> against \`sales-bot serve\` in its own process, ${f.reps} timed runs after one warm-up, in ms; ${ok.length} API cells answered, ${slow.length} with p95 ≥ 500 ms${worst ? ` (worst: ${worst.report} ${worst.filter}, p95 ${ms(quantile(worst.times, 0.95))} ms)` : ''}. \`me\` has no meaning in the API (no asker): it is the biggest salesman's \`/sales <report> me\` in Slack, command to answer, chart rendering and upload included (the fake Slack has images ready at once; ${mineSlow.length} of ${mine.length} with p95 ≥ 500 ms). Ratios: sales-bot ÷ DuckDB / sales-bot ÷ plain SQL (p50).`,
    '',
    line(head),
    line(head.map(() => '---')),
    ...rows.map(line),
    '',
  ].join('\n');
}
