import { activeSalesmanIdsByExternal, salesmanRecipients } from '../../db/queries/alert-subjects.js';
import type { SubscriptionRow } from '../../db/queries/subscriptions.js';
import { SALESMEN_TARGET } from '../../lib/alert-names.js';
import { EARLIEST_ZONE, isTimeZone, sameWallClockIn } from '../../lib/local-time.js';
import { parseFilterMap } from '../../lib/report-filters.js';
import { churnCases, openNewCases, type AlertCase, type AlertKind } from '../../services/alerts.js';
import { crossSellCasesBySalesman } from '../../services/crosssell-suggestions.js';
import { anomalyCasesBySalesman, anomalyGrainOf } from '../../services/anomaly-alerts.js';
import { dealCasesBySalesman } from '../../services/deal-alerts.js';
import { pacingCasesBySalesman, TEAM_TARGETS } from '../../services/pacing-alerts.js';
import { deliverPendingAlerts } from '../../services/delivery/alert-delivery.js';
import { tellOwnerOnce } from '../../services/delivery/owner-notice.js';
import { reachSalesmen, type ReachableSalesman, type UnreachableSalesman } from '../../services/reach-salesmen.js';
import type { Actor } from '../../services/slack-identity.js';
import { unreachableSalesmenMessage } from '../../slack/blocks/subscriptions-message.js';
import type { JobContext, JobOutcome } from '../job-context.js';
import { actorOf } from '../load-subscription.js';
import { jobId, type RunTrigger } from '../queues.js';
import { deliveryDetail } from '../delivery-detail.js';

type PerSalesmanJob = 'at-risk-dm' | 'crosssell-dm' | 'deals-dm' | 'pacing-dm' | 'anomalies-dm';

/** Cases per salesman (internal id) for one of the per-salesman alerts, in the given scope. */
async function casesBySalesman(ctx: JobContext, alert: PerSalesmanJob, sub: SubscriptionRow, scope: Actor['scope']): Promise<Map<number, AlertCase<Record<string, unknown>>[]>> {
  const filters = parseFilterMap(sub.filters);
  if (alert === 'crosssell-dm') return crossSellCasesBySalesman(ctx.analytics, { filters, scope });
  if (alert === 'deals-dm') return dealCasesBySalesman(ctx.analytics, { filters, scope });
  if (alert === 'pacing-dm') return pacingCasesBySalesman(ctx.analytics, { filters, scope });
  if (alert === 'anomalies-dm') return anomalyCasesBySalesman(ctx.analytics, { filters, scope, grain: anomalyGrainOf(sub.cron) });
  const cases = await churnCases(ctx.analytics, { filters, scope });
  const owners = [...new Set(cases.flatMap((c) => (c.details.ownerExternalId === null ? [] : [c.details.ownerExternalId])))];
  const byExternal = await activeSalesmanIdsByExternal(ctx.database, owners);
  const out = new Map<number, AlertCase<Record<string, unknown>>[]>();
  for (const c of cases) {
    const id = c.details.ownerExternalId === null ? undefined : byExternal.get(c.details.ownerExternalId);
    if (id === undefined) continue;
    out.set(id, [...(out.get(id) ?? []), c]);
  }
  return out;
}

const KIND: Record<PerSalesmanJob, AlertKind> = { 'at-risk-dm': 'churn', 'crosssell-dm': 'crosssell', 'deals-dm': 'deals', 'pacing-dm': 'pacing', 'anomalies-dm': 'anomalies' };

/** How long after the last DM's time the run's failures are reported: room for a few retries and 429 waits. */
const REPORT_AFTER_MS = 15 * 60_000;

/**
 * When a salesman's DM of a scheduled fan-out goes out: at the subscription's time on their own clock.
 * The scheduler fires in EARLIEST_ZONE (see schedules.ts), so that time is still ahead everywhere; the
 * run's scheduled instant (`s<ms>` run keys) is the reference, so a run that starts late does not shift
 * the day. Salesmen whose Slack gives no usable zone get the subscriber's. Manual and refresh runs go now.
 */
export function deliveryTime(o: { runKey: string; trigger: RunTrigger | undefined; now: Date; recipientZone: string | undefined; fallbackZone: string }): Date {
  if (o.trigger === 'manual' || o.trigger === 'refresh') return o.now;
  const scheduled = /^s(\d+)$/.exec(o.runKey);
  const base = scheduled ? new Date(Number(scheduled[1])) : o.now;
  const zone = isTimeZone(o.recipientZone) ? o.recipientZone : isTimeZone(o.fallbackZone) ? o.fallbackZone : 'UTC';
  const at = sameWallClockIn(base, EARLIEST_ZONE, zone);
  return at.getTime() > o.now.getTime() ? at : o.now;
}

/**
 * An at-risk, cross-sell, deals, pacing or (to `salesmen`) anomalies subscription. To `salesmen`: the cases are computed once; each salesman with
 * cases is found in Slack now (reachSalesmen: linked user, imported id, then email), their cases are
 * opened for them and one DM job is queued, held until the subscription's time on their clock (job id
 * per subscription, run and salesman, so a resumed fan-out queues nobody twice). The owner gets one DM
 * per run naming whoever could not be reached and why. To one person: their cases (their own scope), now.
 */
export async function runPerSalesmanAlert(ctx: JobContext, job: PerSalesmanJob, sub: SubscriptionRow, runKey: string, trigger?: RunTrigger): Promise<JobOutcome> {
  const owner = await actorOf(ctx, sub.ownerSlackUserId);
  const alertKind = KIND[job];
  if (sub.target === SALESMEN_TARGET) {
    const cases = await casesBySalesman(ctx, job, sub, owner.scope);
    // Region, category and company targets belong to nobody in the fan-out (see TEAM_TARGETS).
    if (job === 'pacing-dm') cases.delete(TEAM_TARGETS);
    const now = ctx.now();
    const { reachable, unreachable } = await reachSalesmen(ctx.database, ctx.slack, [...cases.keys()], now);
    let queued = 0;
    let opened = 0;
    let last = 0;
    for (const r of reachable) {
      const result = await openNewCases(ctx.database, { alertKind, recipient: r.slackUserId, cases: cases.get(r.salesmanId) ?? [], now });
      opened += result.opened;
      if (result.waiting === 0) continue;
      const at = deliveryTime({ runKey, trigger, now, recipientZone: r.timeZone, fallbackZone: sub.timeZone });
      last = Math.max(last, at.getTime() - now.getTime());
      await ctx.enqueue(job, { subscriptionId: sub.id, runKey, salesmanId: r.salesmanId, slackUserId: r.slackUserId }, jobId(job, sub.id, runKey, r.salesmanId), {
        delayMs: at.getTime() - now.getTime(),
      });
      queued++;
    }
    // After the last DM (and its retries), one notice to the owner with the DMs Slack refused, if any.
    if (queued > 0) await ctx.enqueue('fanout-report', { subscriptionId: sub.id, runKey }, jobId('fanout-report', sub.id, runKey), { delayMs: last + REPORT_AFTER_MS });
    const told = await tellOwnerUnreachable(ctx, sub, runKey, unreachable, reachable);
    return {
      status: queued > 0 ? 'queued' : 'skipped',
      detail: `${opened} new cases, ${queued} DMs queued${unreachable.length > 0 ? `, ${unreachable.length} salesmen unreachable${told ? ' (owner told)' : ''}` : ''}`,
    };
  }
  const person = sub.target === owner.slackUserId ? owner : await actorOf(ctx, sub.target);
  const cases = await casesBySalesman(ctx, job, sub, person.scope);
  const mine = person.salesman ? (cases.get(person.salesman.id) ?? []) : [...cases.values()].flat();
  await openNewCases(ctx.database, { alertKind, recipient: sub.target, cases: mine, now: ctx.now() });
  const out = await deliverPendingAlerts(ctx, { sub, alertKind, recipient: sub.target, runKey, jobName: job });
  return { status: out.status === 'sent' ? 'sent' : 'skipped', messages: out.messages };
}

/** One DM to the subscription's owner per run listing the salesmen who could not be reached; false when nobody was missing. */
async function tellOwnerUnreachable(ctx: JobContext, sub: SubscriptionRow, runKey: string, unreachable: readonly UnreachableSalesman[], reachable: readonly ReachableSalesman[]): Promise<boolean> {
  if (unreachable.length === 0) return false;
  try {
    await tellOwnerOnce(ctx, {
      sub,
      runKey,
      about: sub.ownerSlackUserId,
      part: 'unreachable',
      message: () => unreachableSalesmenMessage(sub, unreachable, reachable.length),
    });
    return true;
  } catch (err) {
    // The DMs to everyone else matter more than this notice; the reasons are in the log and the job detail.
    ctx.log.warn({ err, subscriptionId: sub.id, unreachable: unreachable.length }, 'could not tell the owner who was unreachable');
    return false;
  }
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
  return { status: out.status === 'sent' ? 'sent' : 'skipped', messages: out.messages, ...deliveryDetail(out) };
}
