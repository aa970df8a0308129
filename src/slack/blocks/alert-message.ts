import type { AlertRow } from '../../services/alerts.js';
import { atRiskMessage } from './at-risk-message.js';
import type { Message } from './builders.js';
import { churnAlertMessage } from './churn-alert-message.js';
import { crossSellDmMessage } from './crosssell-dm-message.js';
import { slowMoversMessage } from './slow-movers-message.js';

/**
 * Any alert message from its stored rows: the first post, and every update after a click or a
 * recovery. Churn alerts in a person's DM (D…, or a user id before Slack names the DM) read as their
 * own at-risk customers; in a channel, as the team's churn alert.
 */
export function alertMessage(alertKind: string, channelId: string, rows: readonly AlertRow[], dataAsOf: string | null): Message {
  if (alertKind === 'slow') return slowMoversMessage(rows, { dataAsOf });
  if (alertKind === 'crosssell') return crossSellDmMessage(rows);
  return /^[DUW]/.test(channelId) ? atRiskMessage(rows, { dataAsOf }) : churnAlertMessage(rows, { dataAsOf });
}
