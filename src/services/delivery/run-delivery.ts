import { setLastResultHash, type SubscriptionRow } from '../../db/queries/subscriptions.js';
import { deliverOnce, deliveryKey, subScope, type DeliveryOutcome } from './deliver-once.js';
import type { DeliveryDeps } from './delivery-deps.js';
import { postToTarget } from './post-to-target.js';
import type { OutgoingMessage } from './slack-poster.js';

/**
 * The one message a run of a report or digest subscription sends to its destination, under one
 * delivery key per run: sent at most once however often the job is retried or resumed, or recorded as
 * deliberately skipped (so a retry does not send it either).
 */
export function runDelivery(deps: DeliveryDeps, sub: SubscriptionRow, runKey: string) {
  const spec = { key: deliveryKey(subScope(sub), runKey, sub.target), subscriptionId: sub.id, jobName: 'subscription-run', recipient: sub.target };
  return {
    /** This run sends nothing, for `reason` (skip-empty, only-changed). */
    skip: (reason: string): Promise<DeliveryOutcome> => deliverOnce(deps, spec, async () => ({ status: 'skipped', reason })),
    /**
     * Builds the message (charts are uploaded then, only when it is really sent) and posts it through
     * postToTarget (a refused destination pauses the subscription and tells its owner). Once it went
     * out, `resultHash` is kept for only-changed.
     */
    async send(build: () => Promise<OutgoingMessage>, o: { resultHash: string }): Promise<DeliveryOutcome> {
      // Found in history (an interrupted attempt posted it), the message is not built again: no chart upload.
      const out = await deliverOnce(deps, spec, async ({ metadata, earlier }) => {
        const posted = earlier ?? (await postToTarget(deps, sub, sub.target, await build(), runKey, { metadata }));
        return { status: 'sent', messageTs: posted.ts };
      });
      if (out.status === 'sent') await setLastResultHash(deps.database, sub.id, o.resultHash);
      return out;
    },
  };
}
