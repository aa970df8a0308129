import type { SubscriptionRow } from '../../db/queries/subscriptions.js';
import { parseFilterMap } from '../../lib/report-filters.js';
import { openNewCases, slowCases } from '../../services/alerts.js';
import { deliverPendingAlerts } from '../../services/delivery/alert-delivery.js';
import { freshnessGate } from '../../services/delivery/freshness-gate.js';
import type { JobContext, JobOutcome, Processor } from '../job-context.js';
import { actorOf, loadSubscription } from '../load-subscription.js';

/**
 * Slow movers for a stock channel: products that have just reached 30, 60 or 90 days without a sale
 * (with the stock value tied up) since the last alert; a product already announced in its bucket is
 * not repeated, one that sells again is marked recovered (by the refresh job).
 */
export async function runSlowMoversAlert(ctx: JobContext, sub: SubscriptionRow, runKey: string): Promise<JobOutcome> {
  const owner = await actorOf(ctx, sub.ownerSlackUserId);
  const cases = await slowCases(ctx.analytics, { filters: parseFilterMap(sub.filters), scope: owner.scope });
  const { opened } = await openNewCases(ctx.database, { alertKind: 'slow', recipient: sub.target, cases, now: ctx.now() });
  const out = await deliverPendingAlerts(ctx, { sub, alertKind: 'slow', recipient: sub.target, runKey, jobName: 'slow-movers-alert' });
  return { status: out.status === 'sent' ? 'sent' : 'skipped', messages: out.messages, detail: `${opened} newly slow` };
}

export const slowMoversAlert: Processor<'slow-movers-alert'> = async (ctx, payload, meta) => {
  const sub = await loadSubscription(ctx, payload.subscriptionId);
  return (await freshnessGate(ctx, sub, meta.runKey)) ?? runSlowMoversAlert(ctx, sub, meta.runKey);
};
