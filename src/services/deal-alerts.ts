import type { Database } from '../db/client.js';
import { customerIdsByExternal } from '../db/queries/alert-subjects.js';
import { findAlert, setAlertState, type AlertRow } from '../db/queries/alert-state.js';
import { leadOwner, markLeadLost } from '../db/queries/deal-updates.js';
import { salesmanIdsByExternal } from '../db/queries/salesman-ids.js';
import { AppError } from '../lib/errors.js';
import type { ReportFilters } from '../lib/report-filters.js';
import { dealsReport } from '../reports/deals/deals-module.js';
import { reasonText } from '../reports/deals/deals-report.js';
import type { ReportScope } from '../reports/report-module.js';
import { runReport } from '../reports/run-report.js';
import { logActivity, type LoggedActivity } from './activity-log.js';
import type { AlertCase } from './alerts.js';
import type { Actor } from './slack-identity.js';

/** Reasons offered by "Mark lost" (the demo's and most CRMs' lost reasons). */
export const DEAL_LOST_REASONS = ['price', 'competitor', 'no budget', 'bad timing', 'no decision', 'other'] as const;
export type DealLostReason = (typeof DEAL_LOST_REASONS)[number];

/** One deal at risk as a DM shows it (kept in alert_state.details). */
export interface DealCaseDetails {
  [key: string]: unknown;
  leadExternalId: string;
  customerExternalId: string | null;
  customerName: string | null;
  salesmanExternalId: string;
  stage: string;
  amount: number | null;
  reasons: string[];
  /** "stalled 40 d in opportunity · no activity 21 d". */
  why: string;
  rank: number;
}

/**
 * Each salesman's own deals at risk (the deals report in the given scope and filters), keyed by the
 * salesman's internal id; deals without a salesman are left out (nobody to tell). The subject is the
 * lead with its stage and reasons, so a deal is announced again when it changes stage or gains or loses
 * a reason, not every week while nothing changed.
 */
export async function dealCasesBySalesman(database: Database, opts: { filters: ReportFilters; scope: ReportScope }): Promise<Map<number, AlertCase<DealCaseDetails>[]>> {
  const r = await runReport(database, dealsReport, { filters: opts.filters, scope: opts.scope, limit: 0 });
  const owned = r.deals.filter((d) => d.salesmanId !== null);
  const salesmanIds = await salesmanIdsByExternal(database, [...new Set(owned.map((d) => d.salesmanId!))]);
  const customerIds = await customerIdsByExternal(database, [...new Set(owned.flatMap((d) => (d.customerId === null ? [] : [d.customerId])))]);
  const out = new Map<number, AlertCase<DealCaseDetails>[]>();
  for (const d of owned) {
    const salesmanId = salesmanIds.get(d.salesmanId!);
    if (salesmanId === undefined) continue;
    const customerId = d.customerId === null ? undefined : customerIds.get(d.customerId)?.id;
    const c: AlertCase<DealCaseDetails> = {
      subject: `${d.leadId}/${d.stage}/${d.reasons.join('+')}`,
      ...(customerId !== undefined ? { customerId } : {}),
      details: {
        leadExternalId: d.leadId,
        customerExternalId: d.customerId,
        customerName: d.customer,
        salesmanExternalId: d.salesmanId!,
        stage: d.stage,
        amount: d.amount,
        reasons: d.reasons,
        why: reasonText(d),
        rank: d.amount ?? 0,
      },
    };
    out.set(salesmanId, [...(out.get(salesmanId) ?? []), c]);
  }
  return out;
}

/**
 * The deal alert a button names, checked server-side: it must exist, be a deal alert, sit on the
 * clicked message (an id copied from elsewhere does nothing), and its lead must be the person's own
 * (managers and admins: any). Returns the alert and the lead's internal id.
 */
export async function dealAlertForAction(database: Database, actor: Actor, id: number, where: { channelId?: string; messageTs?: string }): Promise<{ row: AlertRow; leadId: number }> {
  const row = await findAlert(database, id);
  const gone = new AppError('NOT_FOUND', 'That deal alert is no longer there.', { hint: 'Type `/sales deals` for the current list.' });
  if (!row || row.alertKind !== 'deals' || row.channelId === null || row.channelId !== where.channelId || row.messageTs !== where.messageTs) throw gone;
  const lead = await leadOwner(database, String(row.details.leadExternalId ?? ''));
  if (!lead) throw gone;
  if (actor.scope.kind !== 'all' && lead.salesmanId !== actor.scope.salesmanId) {
    throw new AppError('FORBIDDEN', 'That deal belongs to another salesman.', { hint: 'Type `/sales deals` for your own deals at risk.' });
  }
  return { row, leadId: lead.id };
}

/** "Log activity" on a deal: an activity of `kind` on the deal's customer, as `/sales log` records it. */
export function logDealActivity(database: Database, actor: Actor, row: AlertRow, kind: string, idempotencyKey: string): Promise<LoggedActivity> {
  const customer = row.details.customerExternalId;
  return logActivity(database, actor, {
    activityType: kind,
    ...(typeof customer === 'string' && customer ? { customerId: customer } : {}),
    notes: `Deal ${String(row.details.leadExternalId)}: follow-up from the deal-risk DM`,
    idempotencyKey,
  });
}

/** "Mark lost" on a deal: the lead becomes lost with the reason, in the tables the leads import writes. */
export async function markDealLost(database: Database, actor: Actor, leadId: number, reason: string, now: Date = new Date()): Promise<boolean> {
  if (!(DEAL_LOST_REASONS as readonly string[]).includes(reason)) {
    throw new AppError('USAGE', `"${reason}" is not a lost reason.`, { hint: `Pick one of: ${DEAL_LOST_REASONS.join(', ')}.` });
  }
  void actor; // who may mark the deal was checked with the alert (dealAlertForAction)
  return markLeadLost(database, leadId, reason, now);
}

/** Records on the deal's alert what was done, so the DM shows it in place of the choices. */
export async function closeDealAlert(database: Database, actor: Actor, row: AlertRow, done: { verdict: 'deal_activity'; activityKind: string } | { verdict: 'deal_lost'; lostReason: string }, now: Date = new Date()): Promise<void> {
  await setAlertState(database, row.id, { state: 'handled', details: { ...done, handledBy: actor.slackUserId, handledAt: now.toISOString() } });
}
