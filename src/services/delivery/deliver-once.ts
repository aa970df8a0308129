import type { Database } from '../../db/client.js';
import { claimDelivery, finishDelivery, type DeliveryRow } from '../../db/queries/deliveries.js';
import type { SubscriptionRow } from '../../db/queries/subscriptions.js';

export type { DeliveryRow };

/** What a send step reports: posted (with the message ts when there is one) or deliberately not sent. */
export type SendResult = { status: 'sent'; messageTs: string | null } | { status: 'skipped'; reason: string };

export interface DeliveryOutcome {
  /** `duplicate`: this key was already sent or skipped by an earlier attempt, so nothing was sent now. */
  status: 'sent' | 'skipped' | 'duplicate';
  messageTs: string | null;
}

export interface DeliverySpec {
  /** One per (subscription, scheduled time, recipient), see {@link deliveryKey}. */
  key: string;
  subscriptionId: number | null;
  jobName: string;
  recipient: string;
}

/** The idempotency key of one message: subscription (or job), scheduled run, recipient and an optional part. */
export function deliveryKey(scope: string, runKey: string, recipient: string, part?: string): string {
  return [scope, runKey, recipient, ...(part ? [part] : [])].join(':');
}

/** The delivery-log scope of a subscription's messages. */
export const subScope = (sub: Pick<SubscriptionRow, 'id'>) => `sub${sub.id}`;

/** True for errors that will fail the same way however often they are retried (e.g. channel_not_found). */
export function isPermanentFailure(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { permanent?: unknown }).permanent === true;
}

/**
 * Sends at most once per key: the delivery log is written before sending and checked first, so a retried
 * or resumed job skips what an earlier attempt already sent. A transient failure leaves the row pending
 * for the next attempt; a permanent one marks it failed with the reason (shown by `/sales status`).
 *
 * The one gap Slack leaves: a process killed after Slack accepted a message but before the row says
 * `sent` sends it again on resume (Slack has no idempotency key for chat.postMessage).
 */
export async function deliverOnce(database: Database, spec: DeliverySpec, send: () => Promise<SendResult>): Promise<DeliveryOutcome> {
  const row = await claimDelivery(database, { idempotencyKey: spec.key, subscriptionId: spec.subscriptionId, jobName: spec.jobName, recipient: spec.recipient });
  if (row.status === 'sent' || row.status === 'skipped') return { status: 'duplicate', messageTs: row.messageTs };
  let result: SendResult;
  try {
    result = await send();
  } catch (e) {
    if (isPermanentFailure(e)) await finishDelivery(database, spec.key, { status: 'failed', error: (e as Error).message });
    throw e;
  }
  if (result.status === 'sent') {
    await finishDelivery(database, spec.key, { status: 'sent', messageTs: result.messageTs });
    return { status: 'sent', messageTs: result.messageTs };
  }
  await finishDelivery(database, spec.key, { status: 'skipped', error: result.reason });
  return { status: 'skipped', messageTs: null };
}
