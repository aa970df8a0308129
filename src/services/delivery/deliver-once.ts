import type { Database } from '../../db/client.js';
import { claimDelivery, finishDelivery, type DeliveryRow } from '../../db/queries/deliveries.js';
import type { SubscriptionRow } from '../../db/queries/subscriptions.js';
import type { DeliveryLog } from './delivery-deps.js';
import type { MessageMetadata, PostedMessage, SlackPoster } from './slack-poster.js';

export type { DeliveryRow };

/** What a send step reports: posted (with the message ts when there is one) or deliberately not sent. */
export type SendResult = { status: 'sent'; messageTs: string | null } | { status: 'skipped'; reason: string };

export interface DeliveryOutcome {
  /** `duplicate`: this key was already sent or skipped by an earlier attempt, so nothing was sent now. */
  status: 'sent' | 'skipped' | 'duplicate';
  messageTs: string | null;
  /** Sent by an interrupted earlier attempt: found in the conversation's history, not posted again. */
  foundInHistory?: boolean;
}

export interface DeliverySpec {
  /** One per (subscription, scheduled time, recipient), see {@link deliveryKey}. */
  key: string;
  subscriptionId: number | null;
  jobName: string;
  /** The channel or user id the message is posted to (a user id: the bot's DM with them). */
  recipient: string;
  /**
   * Whether a resumed delivery may be looked up in `recipient`'s history (default true). Thread replies
   * say false: conversations.history lists only top-level messages.
   */
  findInHistory?: boolean;
}

/** What a send step gets: the metadata to post with, and the message an interrupted attempt already posted. */
export interface SendContext {
  /** Pass as the post's `metadata`: it carries the delivery key, so a retry can find the message. */
  metadata: MessageMetadata;
  /**
   * The message an earlier attempt of this delivery already posted (found in Slack's history): do not
   * post again, just record what goes with it (e.g. which alerts it announced).
   */
  earlier: PostedMessage | undefined;
}

/** The metadata event type of the bot's deliveries. */
export const DELIVERY_EVENT_TYPE = 'sales_bot_delivery';

/**
 * How much earlier than the first claim a message is still looked for: the claim time is the database's
 * clock and the ts Slack's, so this covers a skew between the two.
 */
const CLOCK_MARGIN_MS = 5 * 60_000;

/** The idempotency key of one message: subscription (or job), scheduled run, recipient and an optional part. */
export function deliveryKey(scope: string, runKey: string, recipient: string, part?: string): string {
  return [scope, runKey, recipient, ...(part ? [part] : [])].join(':');
}

/** The metadata a delivery's message carries. */
export function deliveryMetadata(key: string): MessageMetadata {
  return { event_type: DELIVERY_EVENT_TYPE, event_payload: { delivery_key: key } };
}

/** The delivery-log scope of a subscription's messages. */
export const subScope = (sub: Pick<SubscriptionRow, 'id'>) => `sub${sub.id}`;

/** True for errors that will fail the same way however often they are retried (e.g. channel_not_found). */
export function isPermanentFailure(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { permanent?: unknown }).permanent === true;
}

/** What deliverOnce needs: the delivery log and, to find a message an interrupted attempt posted, Slack. */
export interface DeliverOnceDeps {
  database: Database;
  slack: Pick<SlackPoster, 'findPosted'>;
  log?: DeliveryLog;
}

/**
 * Sends at most once per key: the delivery log is written before sending and checked first, so a retried
 * or resumed job skips what an earlier attempt already sent. A transient failure leaves the row pending
 * for the next attempt; a permanent one marks it failed with the reason (shown by `/sales status`).
 *
 * Effectively once across crashes: every message carries its key in Slack message metadata, and a key
 * claimed before but never marked sent (the attempt was killed, timed out, or died between Slack's answer
 * and the row's update) is first looked for in the conversation's recent history; found, it is marked
 * sent with that message's ts and not posted again. Only such resumed claims pay for the lookup. Slack
 * has no idempotency key, so what remains is a message Slack accepted but that is not (yet) visible in
 * that bounded window, or a conversation the bot cannot read: then the delivery is posted again (a
 * possible duplicate rather than a lost message), with a warning in the log.
 */
export async function deliverOnce(deps: DeliverOnceDeps, spec: DeliverySpec, send: (ctx: SendContext) => Promise<SendResult>): Promise<DeliveryOutcome> {
  const row = await claimDelivery(deps.database, { idempotencyKey: spec.key, subscriptionId: spec.subscriptionId, jobName: spec.jobName, recipient: spec.recipient });
  if (row.status === 'sent' || row.status === 'skipped') return { status: 'duplicate', messageTs: row.messageTs };
  const earlier = row.resumed && spec.findInHistory !== false ? await findEarlier(deps, spec, new Date(row.claimedAt)) : undefined;
  let result: SendResult;
  try {
    result = await send({ metadata: deliveryMetadata(spec.key), earlier });
  } catch (e) {
    if (isPermanentFailure(e)) await finishDelivery(deps.database, spec.key, { status: 'failed', error: (e as Error).message });
    throw e;
  }
  if (earlier) {
    // The message is in Slack: it was sent, whatever this attempt would now decide (e.g. "nothing new"
    // because the earlier attempt had already recorded its alerts as announced).
    await finishDelivery(deps.database, spec.key, { status: 'sent', messageTs: earlier.ts });
    deps.log?.info({ deliveryKey: spec.key, channel: earlier.channel, ts: earlier.ts }, 'delivery sent (found in history)');
    return { status: 'sent', messageTs: earlier.ts, foundInHistory: true };
  }
  if (result.status === 'sent') {
    await finishDelivery(deps.database, spec.key, { status: 'sent', messageTs: result.messageTs });
    return { status: 'sent', messageTs: result.messageTs };
  }
  await finishDelivery(deps.database, spec.key, { status: 'skipped', error: result.reason });
  return { status: 'skipped', messageTs: null };
}

/**
 * The message of a resumed delivery, if an earlier attempt posted it. A conversation the bot may not
 * read (no *:history scope, not a member) falls back to posting again; a passing failure (429, network)
 * is thrown, so the job retries later (a 429 after its Retry-After) rather than risk a duplicate.
 */
async function findEarlier(deps: DeliverOnceDeps, spec: DeliverySpec, claimedAt: Date): Promise<PostedMessage | undefined> {
  try {
    return await deps.slack.findPosted(spec.recipient, {
      eventType: DELIVERY_EVENT_TYPE,
      deliveryKey: spec.key,
      oldest: new Date(claimedAt.getTime() - CLOCK_MARGIN_MS),
    });
  } catch (e) {
    if (!isPermanentFailure(e)) throw e;
    deps.log?.warn({ err: e, deliveryKey: spec.key, recipient: spec.recipient }, 'cannot read the conversation to check for an earlier post; posting again');
    return undefined;
  }
}
