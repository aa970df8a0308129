import type { SubscriptionRow } from '../../db/queries/subscriptions.js';
import { parseFilterMap } from '../../lib/report-filters.js';
import { churnCases, openNewCases, recoverAlerts } from '../../services/alerts.js';
import { deliverPendingAlerts, updateAlertMessages } from '../../services/delivery/alert-delivery.js';
import { freshnessGate } from '../../services/delivery/freshness-gate.js';
import type { JobContext, JobOutcome, Processor } from '../job-context.js';
import { actorOf, loadSubscription } from '../load-subscription.js';

/**
 * The churn alert of one subscription: first the customers who ordered again are marked recovered and
 * their messages updated; then customers newly at risk (in the owner's scope) are opened for the
 * destination and announced in one message. Open, snoozed or handled customers are not sent again.
 */
export async function runChurnAlert(ctx: JobContext, sub: SubscriptionRow, runKey: string): Promise<JobOutcome> {
  const recovered = await recoverAlerts(ctx.database, ctx.timeZone);
  await updateAlertMessages(ctx, recovered.messages);
  const owner = await actorOf(ctx, sub.ownerSlackUserId);
  const cases = await churnCases(ctx.analytics, { filters: parseFilterMap(sub.filters), scope: owner.scope });
  const { opened } = await openNewCases(ctx.database, { alertKind: 'churn', recipient: sub.target, cases, now: ctx.now() });
  const out = await deliverPendingAlerts(ctx, { sub, alertKind: 'churn', recipient: sub.target, runKey, jobName: 'churn-alert' });
  return {
    status: out.status === 'sent' ? 'sent' : 'skipped',
    messages: out.messages,
    detail: `${opened} newly at risk, ${recovered.recovered} recovered`,
  };
}

export const churnAlert: Processor<'churn-alert'> = async (ctx, payload, meta) => {
  const sub = await loadSubscription(ctx, payload.subscriptionId);
  return (await freshnessGate(ctx, sub, meta.runKey)) ?? runChurnAlert(ctx, sub, meta.runKey);
};
