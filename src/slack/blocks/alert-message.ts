import { formatInt } from '../../lib/format.js';
import type { AlertBatchView, AlertRow } from '../../services/alerts.js';
import { anomalyAlertMessage } from './anomaly-alert-message.js';
import { atRiskMessage } from './at-risk-message.js';
import { context, message, section, type Block, type Message } from './builders.js';
import { churnAlertMessage } from './churn-alert-message.js';
import { crossSellDmMessage } from './crosssell-dm-message.js';
import { dealRiskMessage } from './deal-risk-message.js';
import { pacingAlertMessage } from './pacing-alert-message.js';
import { sectionLines } from './section-lines.js';
import { slowMoversMessage } from './slow-movers-message.js';
import { escapeFit } from './text.js';

/** Cross-sell's own message knows nothing of threads; the position or the "more" note is added here. */
function crossSell(rows: readonly AlertRow[], batch: AlertBatchView): Message {
  const base = crossSellDmMessage(rows);
  const beyond = batch.part ? 0 : Math.max(0, ...rows.map((r) => Number(r.details.moreSuggestions) || 0));
  const note = batch.part
    ? `Suggestions ${formatInt(batch.part.first)}–${formatInt(batch.part.first + rows.length - 1)} of ${formatInt(batch.part.total)}.`
    : batch.all && batch.all.length > rows.length
      ? `:thread: *${formatInt(batch.all.length - rows.length)} more suggestion${batch.all.length - rows.length === 1 ? '' : 's'}* in this message's thread.`
      : undefined;
  const blocks = [...(base.blocks as Block[])];
  if (note) blocks.splice(batch.part ? 0 : blocks.length - 1, 0, batch.part ? context([note])! : section(note));
  if (beyond > 0) {
    blocks.splice(blocks.length - 1, 0, context([`…and ${formatInt(beyond)} more suggestion${beyond === 1 ? '' : 's'} for your customers, shown as you answer these; \`/sales crosssell\` lists them all now.`])!);
  }
  return note || beyond > 0 ? message(base.text, blocks) : base;
}

/**
 * Any alert message from its stored rows: the first post, and every update after a click or a
 * recovery. Churn alerts in a person's DM (D…, or a user id before Slack names the DM) read as their
 * own at-risk customers; in a channel, as the team's churn alert. `batch` says whether the message is
 * the summary of a longer announcement (every case of it) or one of its thread messages (position).
 */
export function alertMessage(alertKind: string, channelId: string, rows: readonly AlertRow[], dataAsOf: string | null, batch: AlertBatchView = {}): Message {
  if (alertKind === 'slow') return slowMoversMessage(rows, { dataAsOf, batch });
  if (alertKind === 'crosssell') return crossSell(rows, batch);
  if (alertKind === 'anomalies') return anomalyAlertMessage(rows, { dataAsOf, batch });
  if (alertKind === 'deals') return dealRiskMessage(rows, { dataAsOf, batch });
  if (alertKind === 'pacing') return pacingAlertMessage(rows, { dataAsOf, batch });
  return /^[DUW]/.test(channelId) ? atRiskMessage(rows, { dataAsOf, batch }) : churnAlertMessage(rows, { dataAsOf, batch });
}

const RECOVERED_NAMES = 300;

/**
 * The thread reply after a recovery pass: who came back (customers who ordered, products that sold),
 * named in full; each one's own message is updated as well.
 */
export function recoveredNote(alertKind: string, rows: readonly AlertRow[]): Message {
  const slow = alertKind === 'slow';
  const name = (r: AlertRow) => escapeFit(String(r.details.name ?? r.details.customerExternalId ?? r.details.productExternalId ?? 'someone'), 120);
  const shown = rows.slice(0, RECOVERED_NAMES);
  const more = rows.length - shown.length;
  const title = slow
    ? `:tada: *${formatInt(rows.length)} product${rows.length === 1 ? '' : 's'} sold again* since this alert:`
    : `:tada: *${formatInt(rows.length)} customer${rows.length === 1 ? '' : 's'} ordered again* since this alert:`;
  const blocks: (Block | undefined)[] = [
    ...sectionLines([title, ...shown.map((r) => `• ${name(r)}`)]),
    ...(more > 0 ? [context([`…and ${formatInt(more)} more; each is marked in the messages of this thread.`])] : []),
  ];
  return message(`${rows.length} ${slow ? 'sold again' : 'ordered again'}: ${shown.slice(0, 5).map(name).join(', ')}${rows.length > 5 ? '…' : ''}`, blocks);
}
