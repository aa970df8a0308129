import type { App, BlockAction } from '@slack/bolt';
import { AppError } from '../../../lib/errors.js';
import { alertForAction, alertMessageView, alertsDataAsOf, applyAlertAction, summaryOf, type AlertAction } from '../../../services/alerts.js';
import type { Actor } from '../../../services/slack-identity.js';
import { alertMessage } from '../../blocks/alert-message.js';
import { ALERT_ACTION_IDS } from '../../blocks/churn-alert-message.js';
import { actorFor, type SlackClient } from '../../actor.js';
import { messageFields } from '../../message-fields.js';
import { errorReply } from '../../respond/error-reply.js';
import type { SlackDeps } from '../../slack-deps.js';
import { chosenValue } from './action-value.js';

/** Action ids may carry a `:n` suffix when a block holds several buttons of one kind. */
export const alertActionPattern = (id: string) => new RegExp(`^${id}(:\\d+)?$`);

/** The conversation and message a button was clicked in. */
function clickedMessage(body: BlockAction): { channelId?: string; messageTs?: string } {
  const container = body.container as { channel_id?: string; message_ts?: string } | undefined;
  const channelId = body.channel?.id ?? container?.channel_id;
  const messageTs = body.message?.ts ?? container?.message_ts;
  return { ...(channelId ? { channelId } : {}), ...(messageTs ? { messageTs } : {}) };
}

/**
 * One click on an alert button: the alert id in the button is only a pointer; the service checks that
 * it belongs to the clicked message and that the person may see the customer. The message is then
 * rendered again from the stored states (so everyone in the channel sees who did what).
 */
export async function applyClickedAlert(
  deps: SlackDeps,
  client: SlackClient,
  body: BlockAction,
  action: AlertAction,
  after?: (actor: Actor, row: Awaited<ReturnType<typeof applyAlertAction>>) => Promise<void>,
): Promise<void> {
  const value = chosenValue(body);
  const id = value !== undefined && /^\d{1,12}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(id)) throw new AppError('USAGE', 'That button is out of date.');
  const where = clickedMessage(body);
  const actor = await actorFor(deps, client, body.user.id, body.team?.id);
  const row = await alertForAction(deps.database, actor, id, where);
  const changed = await applyAlertAction(deps.database, actor, row, action);
  // A second click on an answered suggestion changes nothing and records nothing twice.
  if (after && row.state !== 'handled' && row.state !== 'recovered') await after(actor, changed);
  const dataAsOf = await alertsDataAsOf(deps.database);
  // The clicked message, and the summary of its announcement when the click was in the thread (its totals changed).
  const summary = summaryOf(row);
  const messages = [{ channelId: where.channelId!, ts: where.messageTs! }, ...(summary && summary.ts !== where.messageTs ? [summary] : [])];
  for (const m of messages) {
    const view = await alertMessageView(deps.database, m.channelId, m.ts);
    if (view.rows.length === 0) continue;
    const msg = alertMessage(row.alertKind, m.channelId, view.rows, dataAsOf, view.batch);
    await client.chat.update({ channel: m.channelId, ts: m.ts, ...messageFields(msg, { replacing: true }) });
  }
}

/** Registers one alert button. */
export function registerAlertButton(app: App, deps: SlackDeps, actionId: string, action: AlertAction, what: string, after?: Parameters<typeof applyClickedAlert>[4]): void {
  app.action<BlockAction>(alertActionPattern(actionId), async ({ ack, body, client, respond }) => {
    await ack();
    try {
      await applyClickedAlert(deps, client, body, action, after);
    } catch (e) {
      const reply = errorReply(e, deps.log, what);
      // These buttons live on messages, whose clicks carry a response_url; a click from elsewhere has no
      // one to answer (the error is already logged).
      if (body.response_url) await respond({ response_type: 'ephemeral', replace_original: false, ...reply });
    }
  });
}

/** Snooze 7 days / Mark handled / Assign to me on churn and at-risk alerts. */
export function registerAlertActions(app: App, deps: SlackDeps): void {
  registerAlertButton(app, deps, ALERT_ACTION_IDS.snooze, 'snooze', 'alert snooze');
  registerAlertButton(app, deps, ALERT_ACTION_IDS.handled, 'handled', 'alert handled');
  registerAlertButton(app, deps, ALERT_ACTION_IDS.assign, 'assign', 'alert assign');
}
