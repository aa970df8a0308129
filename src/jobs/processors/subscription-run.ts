import { SALESMEN_TARGET } from '../../lib/alert-names.js';
import { freshnessGate } from '../../services/delivery/freshness-gate.js';
import type { Processor } from '../job-context.js';
import { loadSubscription, SubscriptionGone } from '../load-subscription.js';
import { runChurnAlert } from './churn-alert.js';
import { runDigestSubscription } from './digest-subscription.js';
import { runFollowDigest } from './follow-digest.js';
import { runPerSalesmanAlert } from './per-salesman.js';
import { runReportSubscription } from './report-subscription.js';
import { runSlowMoversAlert } from './slow-movers-alert.js';
import { runAnomaliesAlert } from './anomalies-alert.js';

/**
 * Runs one subscription (scheduled, by `sales-bot digest run`, or queued by a refresh): the freshness
 * gate first, then the report, the digest or the alert. A deleted subscription loses its scheduler; a
 * paused one is skipped unless run by hand.
 */
export const subscriptionRun: Processor<'subscription-run'> = async (ctx, payload, meta) => {
  let sub;
  try {
    sub = await loadSubscription(ctx, payload.subscriptionId);
  } catch (e) {
    if (!(e instanceof SubscriptionGone)) throw e;
    await ctx.unschedule(payload.subscriptionId);
    return { status: 'skipped', detail: 'subscription removed' };
  }
  if (sub.paused && payload.trigger !== 'manual') return { status: 'skipped', detail: 'paused' };
  const gated = await freshnessGate(ctx, sub, meta.runKey);
  if (gated) return gated;
  if (sub.kind === 'report') return runReportSubscription(ctx, sub, meta.runKey);
  if (sub.kind === 'digest') return runDigestSubscription(ctx, sub, meta.runKey);
  if (sub.kind === 'follow') return runFollowDigest(ctx, sub, meta.runKey);
  switch (sub.subject) {
    case 'churn':
      return runChurnAlert(ctx, sub, meta.runKey);
    case 'slow':
      return runSlowMoversAlert(ctx, sub, meta.runKey);
    case 'anomalies':
      // To every salesman: each his own book (per-salesman fan-out); to one place: the owner's scope.
      if (sub.target === SALESMEN_TARGET) return runPerSalesmanAlert(ctx, 'anomalies-dm', sub, meta.runKey, payload.trigger);
      return runAnomaliesAlert(ctx, sub, meta.runKey);
    case 'at-risk':
      return runPerSalesmanAlert(ctx, 'at-risk-dm', sub, meta.runKey, payload.trigger);
    case 'crosssell':
      return runPerSalesmanAlert(ctx, 'crosssell-dm', sub, meta.runKey, payload.trigger);
    case 'deals':
      return runPerSalesmanAlert(ctx, 'deals-dm', sub, meta.runKey, payload.trigger);
    case 'pacing':
      return runPerSalesmanAlert(ctx, 'pacing-dm', sub, meta.runKey, payload.trigger);
    default:
      return { status: 'skipped', detail: `unknown alert ${sub.subject}` };
  }
};
