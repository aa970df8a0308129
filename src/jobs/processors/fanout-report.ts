import { deliveriesWithPrefix } from '../../db/queries/deliveries.js';
import { subScope } from '../../services/delivery/deliver-once.js';
import { tellOwnerOnce } from '../../services/delivery/owner-notice.js';
import { dmFailuresMessage } from '../../slack/blocks/subscriptions-message.js';
import type { Processor } from '../job-context.js';
import { loadSubscription } from '../load-subscription.js';

/** The DM jobs of a fan-out, whose refused deliveries the report lists. */
const DM_JOBS = new Set(['at-risk-dm', 'crosssell-dm', 'deals-dm', 'pacing-dm', 'anomalies-dm']);

/**
 * After the last DM of a fan-out run (queued with a delay past the latest local delivery time): the
 * DMs Slack refused for good (account deactivated since the run started, Messages tab off, …) in one
 * notice to the subscription's owner, instead of one notice per salesman as each fails.
 */
export const fanoutReport: Processor<'fanout-report'> = async (ctx, payload) => {
  const sub = await loadSubscription(ctx, payload.subscriptionId);
  const runDeliveries = await deliveriesWithPrefix(ctx.database, `${subScope(sub)}:${payload.runKey}:`);
  const failed = runDeliveries.filter((d) => DM_JOBS.has(d.jobName) && d.status === 'failed');
  if (failed.length === 0) return { status: 'skipped', detail: 'every DM was delivered' };
  const out = await tellOwnerOnce(ctx, {
    sub,
    runKey: payload.runKey,
    about: sub.ownerSlackUserId,
    part: 'dm-failures',
    message: () => dmFailuresMessage(sub, failed),
  });
  return { status: out.status === 'sent' ? 'sent' : 'skipped', messages: out.status === 'sent' ? 1 : 0, detail: `${failed.length} DMs refused` };
};
