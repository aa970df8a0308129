import type { AlertBatchView, AlertRow } from '../alerts.js';
import type { SubscriptionRow } from '../../db/queries/subscriptions.js';
import type { OutgoingMessage } from './slack-poster.js';

/**
 * The messages the delivery rules send on their own (a stale-data notice, the owner's DM about a
 * refused destination, alert announcements and their updates). The service decides when to send them;
 * how they look is Block Kit, which lives with the Slack code, so the builders come in through the
 * service's deps (src/jobs/delivery-messages.ts binds them) instead of being imported here.
 * Messages a processor builds itself (a report, a digest) are passed to the service already built.
 */
export interface DeliveryMessages {
  /** "data has not been updated since …", sent to a subscription's destination instead of its report. */
  staleData(sub: SubscriptionRow, dataAsOf: string | null, timeZone: string): OutgoingMessage;
  /** The owner's DM when Slack refused a destination: what happened, what to do, and whether it is paused. */
  deliveryProblem(sub: SubscriptionRow, problem: { recipient: string; slackError: string; paused: boolean }): OutgoingMessage;
  /** One message of an alert announcement (the summary, or a part of its thread) for `channelId`. */
  alerts(alertKind: string, channelId: string, rows: readonly AlertRow[], dataAsOf: string | null, batch: AlertBatchView): OutgoingMessage;
  /** The thread reply naming the cases of an announcement that recovered. */
  recovered(alertKind: string, rows: readonly AlertRow[]): OutgoingMessage;
}
