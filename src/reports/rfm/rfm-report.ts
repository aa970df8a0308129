import { compareIds } from '../../analytics/ids.js';
import {
  orderTies,
  recencyFromDays,
  rfmCustomer,
  rfmScores,
  RFM_SEGMENTS,
  tieRange,
  type RfmColumns,
  type RfmCustomer,
  type RfmScores,
  type RfmSegmentSummary,
} from '../../analytics/rfm.js';
import type { Database } from '../../db/client.js';
import { customerAggregateColumns } from '../../db/queries/customer-aggregates.js';
import { customerLabels } from '../../db/queries/customer-labels.js';
import { AppError } from '../../lib/errors.js';
import { countOf, formatInt, formatMoney, formatPercent } from '../../lib/format.js';
import type { ReportView } from '../../views/report-view.js';
import { evenSamplePositions } from '../chart-sample.js';
import { windowReachesData } from '../report-context.js';
import type { ReportContext, ReportEnvelope } from '../report-module.js';

export interface RfmReportCustomer extends Omit<RfmCustomer, 'customerId'> {
  customerId: string;
  name: string;
}

/** One customer as a dot of the recency × monetary chart. */
export interface RfmPoint {
  recencyDays: number;
  monetary: number;
  segment: RfmCustomer['segment'];
}

export interface RfmReport {
  asOf: string;
  customerCount: number;
  breaks: { recency: number[]; frequency: number[]; monetary: number[] };
  segments: RfmSegmentSummary[];
  customers: RfmReportCustomer[];
  /**
   * Every scored customer (not only the listed ones) for the scatter chart, by monetary desc; beyond
   * 2,000 customers an even sample of that order, so the spread and the extremes survive.
   */
  points: RfmPoint[];
  /** `customers`: the answer lists customers by revenue (rfm's `--list customers`, "top customers"). */
  list?: 'customers';
}

/** What the table lists: the segments (default) or the customers by revenue with their scores. */
export type RfmList = 'segments' | 'customers';

export function listOption(v: string): RfmList {
  const t = v.trim().toLowerCase();
  if (t === 'segments' || t === 'customers') return t;
  throw new AppError('USAGE', `--list must be segments or customers, got "${v}".`);
}

/**
 * Every customer with orders in the window scored column-wise: `ids[i]` (customers.id) is customer i
 * of `columns` and `scores`. Nothing per customer but numbers: names come later, for the few listed.
 */
export interface ScoredCustomers {
  ids: Float64Array;
  columns: RfmColumns;
  scores: RfmScores;
}

/** Scores every customer with orders in the window (recency measured to the as-of day). */
export async function scoreCustomers(ctx: ReportContext): Promise<ScoredCustomers> {
  const { columns: c } = await customerAggregateColumns(ctx.database, ctx.lines, { rollupCoversWindow: windowReachesData(ctx) });
  const columns: RfmColumns = { recencyDays: recencyFromDays(c.lastOrderDay, ctx.asOf), frequency: c.orders, monetary: c.revenue };
  return { ids: c.id, columns, scores: rfmScores(columns) };
}

/**
 * Puts the given stretches of `order` (positions [from, to), each widened to whole tie runs) in the
 * exact list order — monetary desc, then the customer's portal id ({@link compareIds}) — labelling only
 * the customers of tie runs that touch them. Returns the labels fetched, by customers.id.
 */
async function orderStretches(
  database: Database,
  scored: ScoredCustomers,
  order: Uint32Array,
  stretches: readonly [number, number][],
): Promise<Map<number, { customerId: string; name: string }>> {
  const monetary = scored.columns.monetary;
  const ranges = stretches.map(([from, to]) => tieRange(order, monetary, from, to)).filter(([a, b]) => b > a);
  const wanted: number[] = [];
  for (const [a, b] of ranges) for (let k = a; k < b; k++) wanted.push(scored.ids[order[k]!]!);
  const labels = await customerLabels(database, wanted);
  const idOf = (i: number): string => labels.get(scored.ids[i]!)?.customerId ?? '';
  for (const [a, b] of ranges) orderTies(order, monetary, a, b, (x, y) => compareIds(idOf(x), idOf(y)));
  return labels;
}

/** Positions labelled per query when a long stretch is listed: labels of one chunk are alive at a time. */
const LABEL_CHUNK = 50_000;

/**
 * Positions [from, to) of `order` (customer indices by monetary desc, e.g. the whole list or one
 * segment's members) as listed customers with portal ids and names, in the exact list order. A long
 * stretch (limit 0) is labelled in chunks that end on tie-run boundaries.
 */
export async function listedCustomers(database: Database, scored: ScoredCustomers, order: Uint32Array, from: number, to: number): Promise<RfmReportCustomer[]> {
  const a = Math.max(0, Math.min(from, order.length));
  const b = Math.max(a, Math.min(to, order.length));
  const out: RfmReportCustomer[] = [];
  for (let s = a; s < b; ) {
    // [s, e) widened to whole tie runs ends at e′ ≥ e; the next chunk starts there, on a run boundary
    const e = tieRange(order, scored.columns.monetary, s, Math.min(s + LABEL_CHUNK, b))[1];
    const labels = await orderStretches(database, scored, order, [[s, e]]);
    for (let k = s; k < Math.min(e, b); k++) {
      const i = order[k]!;
      const label = labels.get(scored.ids[i]!);
      const customerId = label?.customerId ?? '';
      out.push({ ...rfmCustomer(scored.scores, scored.columns, i, customerId), customerId, name: label?.name ?? '' });
    }
    s = e;
  }
  return out;
}

/**
 * The chart's points: {@link evenSamplePositions} of the whole list order. A sampled position inside a
 * tie run whose customers would give different dots needs the run in exact order first; only those
 * runs are labelled (a few thousand customers at most in practice). Positions before `settled` are
 * already in exact order (the listed customers' whole tie runs).
 */
async function chartPoints(database: Database, scored: ScoredCustomers, settled: number): Promise<RfmPoint[]> {
  const { order, segment } = scored.scores;
  const { recencyDays, monetary } = scored.columns;
  const positions = evenSamplePositions(order.length);
  const stretches: [number, number][] = [];
  let done = settled; // positions before this are in exact order already
  for (const k of positions) {
    if (k < done) continue;
    const [a, b] = tieRange(order, monetary, k, k + 1);
    done = b;
    const first = order[a]!;
    for (let j = a + 1; j < b; j++) {
      const i = order[j]!;
      if (recencyDays[i] !== recencyDays[first] || segment[i] !== segment[first]) {
        stretches.push([a, b]);
        break;
      }
    }
  }
  if (stretches.length > 0) await orderStretches(database, scored, order, stretches);
  return positions.map((k) => {
    const i = order[k]!;
    return { recencyDays: recencyDays[i]!, monetary: monetary[i]!, segment: RFM_SEGMENTS[segment[i]!]! };
  });
}

/**
 * Computes RFM over customers with orders in the window (recency measured to the as-of day). Every
 * customer is scored from numeric columns; only the listed customers (the first `limit`, all when 0)
 * and the chart's tie runs are named.
 */
export async function computeRfm(ctx: ReportContext): Promise<RfmReport> {
  const scored = await scoreCustomers(ctx);
  const { scores } = scored;
  const listed = ctx.limit > 0 ? Math.min(ctx.limit, scores.count) : scores.count;
  // The list first: its tie runs are then in exact order for the points too.
  const customers = await listedCustomers(ctx.database, scored, scores.order, 0, listed);
  return {
    asOf: ctx.asOf,
    customerCount: scores.count,
    breaks: scores.breaks,
    segments: scores.segments,
    customers,
    points: await chartPoints(ctx.database, scored, tieRange(scores.order, scored.columns.monetary, 0, listed)[1]),
  };
}

/** The customers by revenue (monetary, desc) with their RFM scores and segment: "top customers". */
function rfmCustomersView(r: RfmReport & ReportEnvelope): ReportView {
  return {
    title: `Top customers by revenue · as of ${r.asOf}`,
    keyFigures: [
      { label: 'Customers with orders', value: formatInt(r.customerCount) },
      { label: 'Revenue of those listed', value: formatMoney(r.customers.reduce((sum, c) => sum + c.monetary, 0)) },
    ],
    columns: [
      { label: 'customer' },
      { label: 'revenue', align: 'r' },
      { label: 'orders', align: 'r' },
      { label: 'days since last order', align: 'r' },
      { label: 'RFM', align: 'r' },
      { label: 'segment' },
    ],
    rows: r.customers.map((c) => [c.name || c.customerId, formatMoney(c.monetary), formatInt(c.frequency), formatInt(c.recencyDays), c.score, c.segment]),
    notes: r.customerCount === 0 ? ['No customer has orders in this window.'] : [],
    totalRows: r.customerCount,
    ...(r.customers.length < r.customerCount ? { cutNote: `Top ${r.customers.length} of ${countOf(r.customerCount, 'customer')} by revenue; --limit 0 for all.` } : {}),
    export: {
      columns: ['customer_id', 'customer', 'revenue', 'orders', 'recency_days', 'r', 'f', 'm', 'score', 'segment'],
      rows: r.customers.map((c) => [c.customerId, c.name, c.monetary, c.frequency, c.recencyDays, c.r, c.f, c.m, c.score, c.segment]),
    },
  };
}

export function rfmView(r: RfmReport & ReportEnvelope): ReportView {
  if (r.list === 'customers') return rfmCustomersView(r);
  const total = r.segments.reduce((s, x) => s + x.revenue, 0);
  const top = r.segments[0];
  return {
    title: `RFM segments · as of ${r.asOf}`,
    keyFigures: [
      { label: 'Customers scored', value: formatInt(r.customerCount) },
      { label: 'Segments', value: formatInt(r.segments.length) },
      ...(top ? [{ label: 'Top segment by revenue', value: `${top.segment} (${total ? formatPercent(top.revenue / total) : '—'})` }] : []),
    ],
    columns: [{ label: 'segment' }, { label: 'customers', align: 'r' }, { label: 'revenue', align: 'r' }, { label: 'share', align: 'r' }],
    rows: r.segments.map((s) => [s.segment, formatInt(s.customers), formatMoney(s.revenue), total ? formatPercent(s.revenue / total) : '—']),
    notes: r.customerCount === 0 ? ['No customer has orders in this window.'] : [],
  };
}

