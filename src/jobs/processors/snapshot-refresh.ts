import { lastFinishedRefresh } from '../../db/queries/refresh-status.js';
import { activeAlertSubscriptions } from '../../db/queries/subscriptions.js';
import { recoverAlerts } from '../../services/alerts.js';
import { storeAtRiskSnapshot } from '../../reports/churn/at-risk-snapshot.js';
import { updateAlertMessages } from '../../services/delivery/alert-delivery.js';
import { refreshAnalytics } from '../../services/refresh.js';
import type { Processor } from '../job-context.js';
import { jobId } from '../queues.js';

/** Alerts a refresh re-checks at once, rather than waiting for their schedule. */
export const REFRESH_ALERTS = ['at-risk', 'slow'] as const;
/** Alerts that read the at-risk snapshot (churn cases). */
const AT_RISK_ALERTS = ['churn', 'at-risk'] as const;

/**
 * Rebuilds rollups and snapshots (nightly; after an import, which refreshes the rollups by itself, the
 * snapshots when the import left them to this job, and the rest),
 * stores the at-risk list the churn alerts read (when any churn or at-risk alert is active), marks
 * recovered the customers who ordered again and updates their alert messages, then queues a run of
 * every active at-risk and slow-movers subscription so new cases go out now (a run with nothing new
 * sends nothing). Queued runs are keyed by the refresh, so a retried refresh queues nothing twice.
 */
export const snapshotRefresh: Processor<'snapshot-refresh'> = async (ctx, payload) => {
  if (!payload.alreadyRefreshed) {
    await refreshAnalytics(ctx.database, { trigger: payload.trigger, timeZone: ctx.timeZone, ...(payload.snapshotsOnly ? { snapshotsOnly: true } : {}) });
  }
  // One model fit here serves every churn and at-risk run until the data changes (they would each refit).
  // Without it they fit live, so a failure here must not hold up the recoveries below.
  if ((await activeAlertSubscriptions(ctx.database, AT_RISK_ALERTS)).length > 0) {
    await storeAtRiskSnapshot(ctx.database).catch((err: unknown) => ctx.log.warn({ err }, 'could not store the at-risk snapshot; churn alerts run live'));
  }
  const recovered = await recoverAlerts(ctx.database, ctx.timeZone);
  const updated = await updateAlertMessages(ctx, recovered.messages);
  const refresh = await lastFinishedRefresh(ctx.database);
  const runKey = `r${refresh?.id ?? 0}`;
  const subs = await activeAlertSubscriptions(ctx.database, REFRESH_ALERTS);
  for (const sub of subs) {
    await ctx.enqueue('subscription-run', { subscriptionId: sub.id, runKey, trigger: 'refresh' }, jobId('refresh-run', sub.id, runKey));
  }
  return { status: 'done', messages: updated, detail: `${recovered.recovered} recovered, ${updated} messages updated, ${subs.length} alert runs queued` };
};
