import type { Database } from '../../src/db/client.js';
import { REPORTS } from '../../src/reports/registry.js';
import { API_TOKEN, type SlackHarness } from '../../test/helpers/slack-harness.js';
import type { ShapeFiles } from '../shape/shape-files.js';

/** The filters every report is asked with, in table order. */
export const FILTER_CASES = ['none', 'region', 'salesman', 'category', 'customer', 'window', 'as-of', 'me'] as const;
export type FilterCase = (typeof FILTER_CASES)[number];

/** Concrete values for the filters: the biggest region, salesman, category and customer of the data. */
export interface MatrixPicks {
  region: string;
  salesman: { externalId: string; slackUserId: string; email: string | null };
  category: string;
  customer: string;
  /** A past 90-day window ending a year before the data's end (or the first 90 days of shorter data). */
  window: { from: string; to: string };
  /** 30 days before the data's end. */
  asOf: string;
}

export interface Cell {
  report: string;
  filter: FilterCase;
  /** 'n/a': the report does not take this filter (HTTP 400), with its message in `note`. */
  status: 'ok' | 'n/a' | 'error';
  times: number[];
  note?: string;
  /** The period the answer covered (from its JSON), for the side-by-side queries. */
  period?: { from?: string; to: string };
}

const shift = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export async function pickCases(database: Database, files: ShapeFiles): Promise<MatrixPicks> {
  if (database.kind !== 'postgres') throw new Error('Postgres only');
  const pg = database.driver;
  const [region] = await pg<{ v: string }[]>`
    select c.region as v from order_items i join customers c on c.id = i.customer_id where c.region is not null
    group by 1 order by sum(i.amount) desc limit 1`;
  const [salesman] = await pg<{ externalId: string; slackUserId: string | null; email: string | null }[]>`
    select s.external_id as "externalId", s.slack_user_id as "slackUserId", s.email from order_items i join salesmen s on s.id = i.salesman_id
    group by s.id order by sum(i.amount) desc limit 1`;
  const [category] = await pg<{ v: string }[]>`
    select p.category as v from order_items i join products p on p.id = i.product_id where p.category is not null
    group by 1 order by sum(i.amount) desc limit 1`;
  const [customer] = await pg<{ v: string }[]>`
    select c.external_id as v from order_items i join customers c on c.id = i.customer_id group by c.id order by count(*) desc limit 1`;
  const yearAgo = shift(files.to, -365);
  const window = shift(yearAgo, -89) >= files.from ? { from: shift(yearAgo, -89), to: yearAgo } : { from: files.from, to: shift(files.from, 89) };
  return {
    region: region!.v,
    salesman: { externalId: salesman!.externalId, slackUserId: salesman!.slackUserId ?? 'UBENCHME', email: salesman!.email },
    category: category!.v,
    customer: customer!.v,
    window,
    asOf: shift(files.to, -30),
  };
}

function query(filter: FilterCase, p: MatrixPicks): string {
  const q: Record<FilterCase, Record<string, string>> = {
    none: {},
    region: { region: p.region },
    salesman: { salesman: p.salesman.externalId },
    category: { category: p.category },
    customer: { customer: p.customer },
    window: { from: p.window.from, to: p.window.to },
    'as-of': { 'as-of': p.asOf },
    me: {},
  };
  return new URLSearchParams(q[filter]).toString();
}

/** One GET of the JSON API; the time is the HTTP round trip on this machine (sequential requests). */
async function getReport(baseUrl: string, report: string, qs: string): Promise<{ ms: number; status: number; body: Record<string, unknown> }> {
  const t0 = performance.now();
  const res = await fetch(`${baseUrl}/api/analytics/${report}${qs ? `?${qs}` : ''}`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
  const body = (await res.json()) as Record<string, unknown>;
  return { ms: performance.now() - t0, status: res.status, body };
}

/**
 * Every report × filter through the running app: one untimed warm-up, then `reps` timed requests (fewer
 * once a cell has used `budgetMs`, at least one).
 * Filters go through GET /api/analytics/<report>; `me` has no meaning there (the API has no asker), so it
 * goes through Slack as the biggest salesman's own `/sales <report> me` and is timed from the command
 * to the answer on response_url (chart and upload included).
 */
export async function runMatrix(h: SlackHarness, picks: MatrixPicks, reps: number, budgetMs: number, log: (l: string) => void): Promise<Cell[]> {
  const cells: Cell[] = [];
  for (const definition of REPORTS) {
    for (const filter of FILTER_CASES) {
      const cell: Cell = { report: definition.name, filter, status: 'ok', times: [] };
      const started = performance.now();
      for (let i = 0; i <= reps && cell.status === 'ok'; i++) {
        // A cell that takes minutes (a runaway model fit) gets fewer runs; the table says how many.
        if (cell.times.length > 0 && performance.now() - started > budgetMs) break;
        if (filter === 'me') {
          const t0 = performance.now();
          const c = await h.command(`${definition.name} me`, picks.salesman.slackUserId);
          await h.responsesTo(c.responseUrl, 1, 600_000);
          if (i > 0) cell.times.push(performance.now() - t0);
          continue;
        }
        const r = await getReport(h.baseUrl, definition.name, query(filter, picks));
        if (r.status === 400) {
          cell.status = 'n/a';
          cell.note = String(r.body.message ?? '').slice(0, 80);
        } else if (r.status !== 200) {
          cell.status = 'error';
          cell.note = `HTTP ${r.status}`;
        } else {
          if (i > 0) cell.times.push(r.ms);
          cell.period = r.body.period as Cell['period'];
        }
      }
      cells.push(cell);
    }
    log(`  ${definition.name}: ${cells.filter((c) => c.report === definition.name).map((c) => `${c.filter} ${c.status === 'ok' ? Math.round(Math.max(...c.times)) + ' ms' : c.status}`).join(', ')}`);
  }
  return cells;
}
