import { assessDeals, stageThresholds, totalsByReason, type DealRisk, type DealRiskReason, type RiskTotal, type StageThreshold } from '../../analytics/deal-risk.js';
import { dealFactRows, stageDurationCounts } from '../../db/queries/deal-risk.js';
import { formatInt, formatMoney } from '../../lib/format.js';
import type { ReportView } from '../../views/report-view.js';
import { capped } from '../report-context.js';
import type { ReportContext, ReportEnvelope } from '../report-module.js';

/** One deal at risk, as analytics.md ("deals") names its fields (the analytics' own record, dates as ISO days). */
export type DealAtRisk = DealRisk;

export interface DealsReport {
  /** The day the deals are judged on (the as-of day). */
  asOf: string;
  /** At-risk deals, most reasons first, then amount (capped to the request's limit). */
  deals: DealAtRisk[];
  /** All at-risk deals (before the limit). */
  atRiskCount: number;
  /** Sum of known amounts of all at-risk deals. */
  atRiskAmount: number;
  /** Deals and amount per reason (a deal with two reasons counts under both). */
  byReason: RiskTotal[];
  /** The stalled thresholds used, per open stage (company-wide). */
  thresholds: StageThreshold[];
}

const toRow = (d: DealRisk): DealAtRisk => ({ ...d });

/**
 * Deals at risk on the as-of day (see `assessDeals` for the four reasons). Thresholds come from every
 * lead's history whatever the scope; the deals themselves follow the filters and the role scope, so a
 * salesman sees his own deals and a manager everyone's. Reads leads and activities, not order lines
 * (orders only through an indexed exists per won deal).
 */
export async function computeDeals(ctx: ReportContext): Promise<DealsReport> {
  const asOf = ctx.asOf;
  const [counts, facts] = await Promise.all([stageDurationCounts(ctx.database, ctx.timeZone, asOf), dealFactRows(ctx.database, ctx.lines, asOf)]);
  const thresholds = stageThresholds(counts);
  const all = assessDeals(facts, thresholds, asOf);
  return {
    asOf,
    deals: capped(all, ctx.limit).map(toRow),
    atRiskCount: all.length,
    atRiskAmount: all.reduce((s, d) => s + (d.amount ?? 0), 0),
    byReason: totalsByReason(all),
    thresholds,
  };
}

/** How each reason reads in a sentence or a table cell. */
export const REASON_WORDS: Record<DealRiskReason, string> = {
  stalled: 'stalled',
  no_activity: 'no activity',
  overdue: 'past close date',
  won_no_order: 'won, no order',
};

/** One line on a deal's reasons with their figures ("stalled 40 d in opportunity · no activity 21 d"). */
export function reasonText(d: Pick<DealAtRisk, 'reasons' | 'stage' | 'daysInStage' | 'daysQuiet' | 'expectedClose'>): string {
  return d.reasons
    .map((r) => {
      switch (r) {
        case 'stalled':
          return `stalled ${d.daysInStage} d in ${d.stage}`;
        case 'no_activity':
          return `no activity ${d.daysQuiet ?? d.daysInStage} d`;
        case 'overdue':
          return `past close date ${d.expectedClose ?? ''}`.trim();
        case 'won_no_order':
          return `won ${d.daysInStage} d ago, no order`;
      }
    })
    .join(' · ');
}

const money = (x: number | null): string => (x === null ? '—' : formatMoney(x));

export function dealsView(r: DealsReport & ReportEnvelope): ReportView {
  const limits = r.thresholds.map((t) => `${t.stage} ${t.p90Days === null ? `— (${t.history} past stays, too few)` : `${t.p90Days.toFixed(1)} d`}`).join(', ');
  return {
    title: `Deals at risk · as of ${r.asOf}`,
    keyFigures: [
      { label: 'Deals at risk', value: `${formatInt(r.atRiskCount)} (${money(r.atRiskAmount)})` },
      ...r.byReason.map((b) => ({ label: REASON_WORDS[b.key as DealRiskReason] ?? b.key, value: `${formatInt(b.deals)} (${money(b.amount)})` })),
      { label: 'Stalled after (90th percentile)', value: limits },
    ],
    columns: [{ label: 'lead' }, { label: 'customer' }, { label: 'salesman' }, { label: 'stage' }, { label: 'amount', align: 'r' }, { label: 'days in stage', align: 'r' }, { label: 'reasons' }],
    rows: r.deals.map((d) => [d.leadId, d.customer ?? '—', d.salesman ?? '(unassigned)', d.stage, money(d.amount), formatInt(d.daysInStage), reasonText(d)]),
    totalRows: r.atRiskCount,
    ...(r.deals.length < r.atRiskCount ? { cutNote: `Top ${r.deals.length} of ${r.atRiskCount} deals; --limit 0 for all.` } : {}),
    notes: r.atRiskCount === 0 ? ['No deal is at risk: nothing stalled, quiet, past its close date or won without an order.'] : [],
    export: {
      columns: ['lead_id', 'customer_id', 'customer', 'salesman_id', 'salesman', 'stage', 'amount', 'days_in_stage', 'expected_close', 'reasons'],
      rows: r.deals.map((d) => [d.leadId, d.customerId, d.customer, d.salesmanId, d.salesman, d.stage, d.amount, d.daysInStage, d.expectedClose, d.reasons.join(' ')]),
    },
  };
}
