import { setSubscriptionPaused, type SubscriptionRow } from '../../db/queries/subscriptions.js';
import { SALESMEN_TARGET } from '../../lib/alert-names.js';
import { deliverOnce, deliveryKey, subScope, type DeliveryOutcome } from './deliver-once.js';
import type { DeliveryDeps } from './delivery-deps.js';
import type { OutgoingMessage } from './slack-poster.js';

/**
 * One DM to a subscription's owner per run and subject: `about` is whom or what it concerns (a refused
 * recipient, the owner for a run's summary) and `part` what it says ('owner-notice', 'dm-failures',
 * 'unreachable'), so a retried or resumed run never tells them twice.
 */
export function tellOwnerOnce(
  deps: Pick<DeliveryDeps, 'database' | 'slack' | 'log'>,
  o: { sub: SubscriptionRow; runKey: string; about: string; part: string; message: () => OutgoingMessage },
): Promise<DeliveryOutcome> {
  const owner = o.sub.ownerSlackUserId;
  return deliverOnce(
    deps,
    { key: deliveryKey(subScope(o.sub), o.runKey, o.about, o.part), subscriptionId: o.sub.id, jobName: 'owner-notice', recipient: owner },
    async ({ metadata, earlier }) => ({ status: 'sent', messageTs: (earlier ?? (await deps.slack.post(owner, o.message(), { metadata }))).ts }),
  );
}

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
  await tellOwnerOnce(deps, {
    sub,
    runKey: o.runKey,
    about: recipient,
    part: 'owner-notice',
    message: () => deps.messages.deliveryProblem(sub, { recipient, slackError: o.slackError, paused: pause }),
  }).catch((err: unknown) => deps.log.warn({ err, subscriptionId: sub.id }, 'could not tell the owner about a delivery problem'));
}
