import type { DeliveryMessages } from '../services/delivery/delivery-messages.js';
import { describeSubscription } from '../services/subscriptions.js';
import { alertMessage, recoveredNote } from '../slack/blocks/alert-message.js';
import { destinationText } from '../slack/blocks/slack-format.js';
import { deliveryProblemMessage, staleDataMessage } from '../slack/blocks/subscriptions-message.js';
import { destinationAdvice } from '../slack/web-poster.js';

/** The delivery service's messages as Block Kit (the builders are shared rendering modules jobs may use). */
export const SLACK_DELIVERY_MESSAGES: DeliveryMessages = {
  staleData: (sub, dataAsOf, timeZone) => staleDataMessage(describeSubscription(sub), dataAsOf, sub.id, timeZone),
  deliveryProblem: (sub, p) =>
    deliveryProblemMessage(sub, destinationAdvice(p.slackError, destinationText(p.recipient), p.paused ? sub.id : null), { paused: p.paused }),
  alerts: (alertKind, channelId, rows, dataAsOf, batch) => alertMessage(alertKind, channelId, rows, dataAsOf, batch),
  recovered: (alertKind, rows) => recoveredNote(alertKind, rows),
};
