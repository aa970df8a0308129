import { RFM_SEGMENTS, type RfmSegment } from '../../analytics/rfm.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import { formatInt, formatMoney } from '../../lib/format.js';
import { buildContext } from '../reports/run-report.js';
import { computeRfm, type RfmReport, type RfmReportCustomer } from '../reports/rfm-report.js';
import type { ReportScope } from '../reports/report-types.js';
import { snapshotFor } from '../reports/snapshot.js';
import { pageBounds, pageNote, pageOf, type DrillRequest, type DrillResult } from './drill-types.js';

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

/**
 * RFM is scored over every customer in the scope, so the drill-down must score the same population as
 * the rfm report the button came from. The stored default view is used only when it holds every
 * customer (the refresh keeps the report's default list length); otherwise it is computed live with
 * no cap, on SQL-aggregated per-customer rows.
 */
async function scoredCustomers(database: Database, scope: ReportScope, request: DrillRequest): Promise<RfmReport & { source: 'snapshot' | 'live' }> {
  const ctx = await buildContext(database, { filters: request.filters, asOf: request.asOf, scope });
  const stored = await snapshotFor<RfmReport>(ctx, 'rfm');
  if (stored && stored.customers.length === stored.customerCount) return stored;
  return { ...(await computeRfm({ ...ctx, limit: 0 })), source: 'live' };
}

/** The customers of one RFM segment with their recency, frequency, monetary and scores. */
export async function segmentCustomers(
  database: Database,
  scope: ReportScope,
  request: DrillRequest,
): Promise<DrillResult<SegmentCustomersData>> {
  const segment = parseSegment(request.key);
  const rfm = await scoredCustomers(database, scope, request);
  const members = rfm.customers.filter((c) => c.segment === segment);
  const page = pageOf(members, request);
  const revenue = members.reduce((s, c) => s + c.monetary, 0);
  const title = `${segment} · ${formatInt(members.length)} customer${members.length === 1 ? '' : 's'} · as of ${rfm.asOf}`;
  return {
    title,
    total: members.length,
    data: {
      segment,
      asOf: rfm.asOf,
      source: rfm.source,
      customersScored: rfm.customerCount,
      customerCount: members.length,
      revenue,
      customers: page,
    },
    view: {
      title,
      keyFigures: [
        { label: 'Customers', value: `${formatInt(members.length)} of ${formatInt(rfm.customerCount)} scored` },
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
      notes: [
        ...(members.length === 0 ? [`No customer is in ${segment} for this view.`] : []),
        ...pageNote(page.length, pageBounds(request).offset, members.length),
      ],
    },
  };
}
