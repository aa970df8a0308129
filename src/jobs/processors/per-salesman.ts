import { salesmanRecipients } from '../../db/queries/alert-subjects.js';
import type { SubscriptionRow } from '../../db/queries/subscriptions.js';
import { SALESMEN_TARGET } from '../../lib/alert-names.js';
import { parseFilterMap } from '../../lib/report-filters.js';
import { churnCases, openNewCases, type AlertCase, type AlertKind } from '../../services/alerts.js';
import { crossSellCasesBySalesman } from '../../services/crosssell-suggestions.js';
import type { Actor } from '../../services/slack-identity.js';
import type { JobContext, JobOutcome } from '../job-context.js';
import { jobId } from '../queues.js';
import { actorOf, deliverPendingAlerts } from './shared.js';

type PerSalesmanJob = 'at-risk-dm' | 'crosssell-dm';

/** Cases per salesman (internal id) for one of the per-salesman alerts, in the given scope. */
async function casesBySalesman(ctx: JobContext, alert: PerSalesmanJob, sub: SubscriptionRow, scope: Actor['scope']): Promise<Map<number, AlertCase<Record<string, unknown>>[]>> {
  const filters = parseFilterMap(sub.filters);
  if (alert === 'crosssell-dm') return crossSellCasesBySalesman(ctx.database, { filters, scope });
  const cases = await churnCases(ctx.database, { filters, scope });
  const recipients = await salesmanRecipients(ctx.database);
  const byExternal = new Map(recipients.map((r) => [r.externalId, r.salesmanId]));
  const out = new Map<number, AlertCase<Record<string, unknown>>[]>();
  for (const c of cases) {
    const id = c.details.ownerExternalId === null ? undefined : byExternal.get(c.details.ownerExternalId);
    if (id === undefined) continue;
    out.set(id, [...(out.get(id) ?? []), c]);
  }
  return out;
}

const KIND: Record<PerSalesmanJob, AlertKind> = { 'at-risk-dm': 'churn', 'crosssell-dm': 'crosssell' };

/**
 * An at-risk or cross-sell subscription. To `salesmen`: the cases are computed once, opened per salesman
 * reachable in Slack, and one DM job per salesman is queued (job id per subscription, run and salesman,
 * so a resumed fan-out queues nobody twice). To one person: their cases (their own scope), sent now.
 */
export async function runPerSalesmanAlert(ctx: JobContext, job: PerSalesmanJob, sub: SubscriptionRow, runKey: string): Promise<JobOutcome> {
  const owner = await actorOf(ctx, sub.ownerSlackUserId);
  const alertKind = KIND[job];
  if (sub.target === SALESMEN_TARGET) {
    const cases = await casesBySalesman(ctx, job, sub, owner.scope);
    const recipients = await salesmanRecipients(ctx.database, [...cases.keys()]);
    let queued = 0;
    let opened = 0;
    for (const r of recipients) {
      const result = await openNewCases(ctx.database, { alertKind, recipient: r.slackUserId, cases: cases.get(r.salesmanId) ?? [], now: ctx.now() });
      opened += result.opened;
      if (result.waiting === 0) continue;
      await ctx.enqueue(job, { subscriptionId: sub.id, runKey, salesmanId: r.salesmanId }, jobId(job, sub.id, runKey, r.salesmanId));
      queued++;
    }
    return { status: queued > 0 ? 'queued' : 'skipped', detail: `${opened} new cases, ${queued} DMs queued` };
  }
  const person = sub.target === owner.slackUserId ? owner : await actorOf(ctx, sub.target);
  const cases = await casesBySalesman(ctx, job, sub, person.scope);
  const mine = person.salesman ? (cases.get(person.salesman.id) ?? []) : [...cases.values()].flat();
  await openNewCases(ctx.database, { alertKind, recipient: sub.target, cases: mine, now: ctx.now() });
  const out = await deliverPendingAlerts(ctx, { sub, alertKind, recipient: sub.target, runKey, jobName: job });
  return { status: out.status === 'sent' ? 'sent' : 'skipped', messages: out.messages };
}

/** One salesman's DM of a fan-out: announces what waits for them (opened by the fan-out job). */
export async function sendPerSalesmanDm(
  ctx: JobContext,
  job: PerSalesmanJob,
  sub: SubscriptionRow,
  payload: { runKey: string; salesmanId?: number; slackUserId?: string },
): Promise<JobOutcome> {
  const recipient = payload.slackUserId ?? (payload.salesmanId !== undefined ? (await salesmanRecipients(ctx.database, [payload.salesmanId]))[0]?.slackUserId : undefined);
  if (!recipient) return { status: 'skipped', detail: 'salesman not reachable in Slack' };
  const out = await deliverPendingAlerts(ctx, { sub, alertKind: KIND[job], recipient, runKey: payload.runKey, jobName: job });
  return { status: out.status === 'sent' ? 'sent' : 'skipped', messages: out.messages, ...(out.status === 'duplicate' ? { detail: 'already sent' } : {}) };
}
