import type { SubscriptionRow } from '../../db/queries/subscriptions.js';
import { parseFilterMap } from '../../lib/report-filters.js';
import { openNewCases } from '../../services/alerts.js';
import { anomalyCases, anomalyGrainOf } from '../../services/anomaly-alerts.js';
import { deliverPendingAlerts } from '../../services/delivery/alert-delivery.js';
import type { JobContext, JobOutcome } from '../job-context.js';
import { actorOf } from '../load-subscription.js';

/**
 * Anomalies for a channel or a person: metrics outside their expected range on the last working day
 * (weekly schedule: the last week), in the owner's scope; a metric and slice already announced for that
 * period is not repeated, a snoozed one waits for the snooze to end.
 */
export async function runAnomaliesAlert(ctx: JobContext, sub: SubscriptionRow, runKey: string): Promise<JobOutcome> {
  const owner = await actorOf(ctx, sub.ownerSlackUserId);
  const cases = await anomalyCases(ctx.analytics, { filters: parseFilterMap(sub.filters), scope: owner.scope, grain: anomalyGrainOf(sub.cron) });
  const { opened } = await openNewCases(ctx.database, { alertKind: 'anomalies', recipient: sub.target, cases, now: ctx.now() });
  const out = await deliverPendingAlerts(ctx, { sub, alertKind: 'anomalies', recipient: sub.target, runKey, jobName: 'subscription-run' });
  return { status: out.status === 'sent' ? 'sent' : 'skipped', messages: out.messages, detail: `${opened} new anomalies` };
}
