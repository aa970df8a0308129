import { setSubscriptionPaused, type SubscriptionRow } from '../../db/queries/subscriptions.js';
import { SALESMEN_TARGET } from '../../lib/alert-names.js';
import { deliverOnce, deliveryKey, subScope } from './deliver-once.js';
import type { DeliveryDeps } from './delivery-deps.js';

/**
 * After Slack refused a subscription's destination for good: a refused destination of the
 * subscription itself pauses it (and removes its scheduler); the owner gets one DM per run and
 * recipient saying what to do. A failing DM to one salesman of a fan-out does not pause the
 * subscription, and the owner hears of it in the run's one fanout-report instead. Neither step may
 * hide the refusal itself: failures here are logged, and the caller rethrows the refusal.
 */
export async function pauseAndTellOwner(deps: DeliveryDeps, o: { sub: SubscriptionRow; recipient: string; slackError: string; runKey: string }): Promise<void> {
  const { sub, recipient } = o;
  const pause = recipient === sub.target;
  if (pause) {
    await setSubscriptionPaused(deps.database, sub.id, true);
    await deps.unschedule(sub.id).catch((err: unknown) => deps.log.warn({ err, subscriptionId: sub.id }, 'could not remove the scheduler'));
  }
  // A refused DM of a fan-out to every salesman is reported with the others after the run (fanout-report).
  if (sub.ownerSlackUserId === recipient || sub.target === SALESMEN_TARGET) return;
  await deliverOnce(
    deps.database,
    { key: deliveryKey(subScope(sub), o.runKey, recipient, 'owner-notice'), subscriptionId: sub.id, jobName: 'owner-notice', recipient: sub.ownerSlackUserId },
    async () => {
      const notice = deps.messages.deliveryProblem(sub, { recipient, slackError: o.slackError, paused: pause });
      return { status: 'sent', messageTs: (await deps.slack.post(sub.ownerSlackUserId, notice)).ts };
    },
  ).catch((err: unknown) => deps.log.warn({ err, subscriptionId: sub.id }, 'could not tell the owner about a delivery problem'));
}
