import type { SubscriptionRow } from '../../db/queries/subscriptions.js';
import type { DeliveryDeps } from './delivery-deps.js';
import { pauseAndTellOwner } from './owner-notice.js';
import { SlackRefusal, type MessageMetadata, type OutgoingMessage, type PostedMessage } from './slack-poster.js';

/**
 * Posts a subscription's message. When Slack refuses the destination itself (channel deleted or
 * archived, bot not invited, person gone) the subscription is paused and its owner told (see
 * owner-notice.ts), and the permanent error is thrown so the job is not retried.
 */
export async function postToTarget(
  deps: DeliveryDeps,
  sub: SubscriptionRow,
  recipient: string,
  msg: OutgoingMessage,
  runKey: string,
  opts: { threadTs?: string; metadata?: MessageMetadata } = {},
): Promise<PostedMessage> {
  try {
    return await deps.slack.post(recipient, msg, opts);
  } catch (e) {
    if (e instanceof SlackRefusal && e.targetProblem) await pauseAndTellOwner(deps, { sub, recipient, slackError: e.slackError, runKey });
    throw e;
  }
}
