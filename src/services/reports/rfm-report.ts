import { customerAggregates } from '../../db/queries/customer-aggregates.js';
import { rfm, type RfmCustomer, type RfmSegmentSummary } from '../../analytics/rfm.js';
import { formatInt, formatMoney, formatPercent } from '../../lib/format.js';
import type { ReportView } from '../../views/report-view.js';
import { evenSample } from './chart-sample.js';
import { capped, windowReachesData } from './run-report.js';
import type { ReportContext, ReportDefinition, ReportEnvelope } from './report-types.js';
import { snapshotFor } from './snapshot.js';

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
}

/** Computes RFM over customers with orders in the window (recency measured to the as-of day). */
export async function computeRfm(ctx: ReportContext): Promise<RfmReport> {
  const rows = await customerAggregates(ctx.database, ctx.lines, { rollupCoversWindow: windowReachesData(ctx) });
  const names = new Map(rows.map((r) => [r.customerId, r.name]));
  const result = rfm(
    rows.map((r) => ({ customerId: r.customerId, lastOrderDay: r.lastOrderDay, orders: r.orders, revenue: r.revenue })),
    ctx.asOf,
  );
  return {
    asOf: ctx.asOf,
    customerCount: result.customers.length,
    breaks: result.breaks,
    segments: result.segments,
    customers: capped(result.customers, ctx.limit).map((c) => ({ ...c, customerId: String(c.customerId), name: names.get(String(c.customerId)) ?? '' })),
    points: evenSample(result.customers).map((c) => ({ recencyDays: c.recencyDays, monetary: c.monetary, segment: c.segment })),
  };
}

export function rfmView(r: RfmReport & ReportEnvelope): ReportView {
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

export const rfmReport: ReportDefinition<RfmReport> = {
  name: 'rfm',
  title: 'RFM segments',
  summary: 'recency, frequency and monetary scores (1–5) and the 10 customer segments',
  options: [],
  async run(ctx) {
    return (await snapshotFor<RfmReport>(ctx, 'rfm')) ?? computeRfm(ctx);
  },
  view: rfmView,
};
