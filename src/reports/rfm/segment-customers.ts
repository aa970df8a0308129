import { RFM_SEGMENTS, segmentOrder, type RfmSegment } from '../../analytics/rfm.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import { formatInt, formatMoney } from '../../lib/format.js';
import { buildContext } from '../run-report.js';
import { listedCustomers, scoreCustomers, type RfmReport, type RfmReportCustomer } from './rfm-report.js';
import type { ReportScope } from '../report-module.js';
import { snapshotFor } from '../snapshot.js';
import { pageBounds, pageNote, pageOf, type DrillRequest, type DrillResult } from '../drill-types.js';

export interface SegmentCustomersData {
  segment: RfmSegment;
  asOf: string;
  /** 'snapshot' when read from the materialized rfm report, else 'live'. */
  source: 'snapshot' | 'live';
  /** Customers scored in the scope (the quintiles are over all of them). */
  customersScored: number;
  /** Customers in the segment and their revenue (the whole segment, not only this page). */
  customerCount: number;
  revenue: number;
  /** This page, monetary desc then id (the rfm report's order). */
  customers: RfmReportCustomer[];
}

const squash = (s: string): string => s.toLowerCase().replace(/[^a-z]/g, '');

/** "cant-lose-them", "Can't Lose Them" and "CANT LOSE THEM" all name one segment. */
export function parseSegment(key: string): RfmSegment {
  const found = RFM_SEGMENTS.find((s) => squash(s) === squash(key));
  if (found) return found;
  throw new AppError('NOT_FOUND', `No RFM segment "${key}".`, { hint: `Segments: ${RFM_SEGMENTS.join(', ')}.` });
}

/** One page of a segment's members and the segment's totals. */
interface SegmentPage {
  asOf: string;
  source: 'snapshot' | 'live';
  customersScored: number;
  members: number;
  revenue: number;
  page: RfmReportCustomer[];
}

/**
 * RFM is scored over every customer in the scope, so the drill-down must score the same population as
 * the rfm report the button came from. The stored default view is used only when it holds every
 * customer (the refresh keeps the report's default list length); otherwise every customer is scored
 * live from numeric columns, the segment's members are found in arrays, and only the requested page
 * (with its tie runs) is named.
 */
async function segmentPage(database: Database, scope: ReportScope, request: DrillRequest, segment: RfmSegment): Promise<SegmentPage> {
  const ctx = await buildContext(database, { filters: request.filters, asOf: request.asOf, scope });
  const stored = await snapshotFor<RfmReport>(ctx, 'rfm');
  if (stored && stored.customers.length === stored.customerCount) {
    const members = stored.customers.filter((c) => c.segment === segment);
    return {
      asOf: stored.asOf,
      source: 'snapshot',
      customersScored: stored.customerCount,
      members: members.length,
      revenue: members.reduce((s, c) => s + c.monetary, 0),
      page: pageOf(members, request),
    };
  }
  const scored = await scoreCustomers(ctx);
  const members = segmentOrder(scored.scores, RFM_SEGMENTS.indexOf(segment));
  const { limit, offset } = pageBounds(request);
  return {
    asOf: ctx.asOf,
    source: 'live',
    customersScored: scored.scores.count,
    members: members.length,
    // summed in list order over the segment's members, like the report's segment revenue
    revenue: scored.scores.segments.find((s) => s.segment === segment)?.revenue ?? 0,
    page: await listedCustomers(database, scored, members, offset, limit === null ? members.length : offset + limit),
  };
}

/** The customers of one RFM segment with their recency, frequency, monetary and scores. */
export async function segmentCustomers(
  database: Database,
  scope: ReportScope,
  request: DrillRequest,
): Promise<DrillResult<SegmentCustomersData>> {
  const segment = parseSegment(request.key);
  const { asOf, source, customersScored, members: count, revenue, page } = await segmentPage(database, scope, request, segment);
  const title = `${segment} · ${formatInt(count)} customer${count === 1 ? '' : 's'} · as of ${asOf}`;
  return {
    title,
    total: count,
    data: {
      segment,
      asOf,
      source,
      customersScored,
      customerCount: count,
      revenue,
      customers: page,
    },
    view: {
      title,
      keyFigures: [
        { label: 'Customers', value: `${formatInt(count)} of ${formatInt(customersScored)} scored` },
        { label: 'Revenue', value: formatMoney(revenue) },
      ],
      columns: [
        { label: 'customer' },
        { label: 'name' },
        { label: 'days since', align: 'r' },
        { label: 'orders', align: 'r' },
        { label: 'revenue', align: 'r' },
        { label: 'RFM' },
      ],
      rows: page.map((c) => [c.customerId, c.name, formatInt(c.recencyDays), formatInt(c.frequency), formatMoney(c.monetary), c.score]),
      export: {
        columns: ['customer_id', 'customer', 'recency_days', 'frequency', 'monetary', 'rfm_score', 'segment'],
        rows: page.map((c) => [c.customerId, c.name, c.recencyDays, c.frequency, c.monetary, c.score, segment]),
      },
      notes: [
        ...(count === 0 ? [`No customer is in ${segment} for this view.`] : []),
        ...pageNote(page.length, pageBounds(request).offset, count),
      ],
    },
  };
}
