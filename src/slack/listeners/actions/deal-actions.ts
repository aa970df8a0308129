import type { App, BlockAction } from '@slack/bolt';
import { AppError } from '../../../lib/errors.js';
import { alertMessageView, alertsDataAsOf, summaryOf } from '../../../services/alerts.js';
import { closeDealAlert, dealAlertForAction, logDealActivity, markDealLost } from '../../../services/deal-alerts.js';
import { alertMessage } from '../../blocks/alert-message.js';
import { actorFor } from '../../actor.js';
import { messageFields } from '../../message-fields.js';
import { ACTION_IDS, actionIdPattern, decodeDealAction } from '../../parse/action-value.js';
import { errorReply } from '../../respond/error-reply.js';
import type { SlackDeps } from '../../slack-deps.js';
import { chosenValue } from './action-value.js';

/**
 * "Log activity" and "Mark lost…" on a deal-risk DM. The option value names the deal alert and the
 * choice; the service checks that the alert sits on the clicked message and that the deal is the
 * person's own. Logging stores an activity on the deal's customer (the message and alert make a double
 * click store one); marking lost writes the lead as the leads import would. The DM is then redrawn.
 */
export function registerDealActions(app: App, deps: SlackDeps): void {
  for (const id of [ACTION_IDS.dealLog, ACTION_IDS.dealLost]) {
    app.action<BlockAction>(actionIdPattern(id), async ({ ack, body, client, respond }) => {
      await ack();
      try {
        const value = chosenValue(body);
        const choice = value === undefined ? null : decodeDealAction(value);
        const expected = id === ACTION_IDS.dealLog ? 'log' : 'lost';
        if (!choice || choice.kind !== expected) throw new AppError('USAGE', 'That choice is out of date.', { hint: 'Type `/sales deals` for the current list.' });
        const container = body.container as { channel_id?: string; message_ts?: string } | undefined;
        const where = { channelId: body.channel?.id ?? container?.channel_id, messageTs: body.message?.ts ?? container?.message_ts };
        const actor = await actorFor(deps, client, body.user.id, body.team?.id);
        const { row, leadId } = await dealAlertForAction(deps.database, actor, choice.alertId, {
          ...(where.channelId ? { channelId: where.channelId } : {}),
          ...(where.messageTs ? { messageTs: where.messageTs } : {}),
        });
        if (row.state === 'handled') return;
        if (choice.kind === 'log') {
          await logDealActivity(deps.database, actor, row, choice.choice, `${where.messageTs ?? ''}:deal${row.id}`);
          await closeDealAlert(deps.database, actor, row, { verdict: 'deal_activity', activityKind: choice.choice });
        } else {
          await markDealLost(deps.database, actor, leadId, choice.choice);
          await closeDealAlert(deps.database, actor, row, { verdict: 'deal_lost', lostReason: choice.choice });
        }
        const dataAsOf = await alertsDataAsOf(deps.database);
        const summary = summaryOf(row);
        const messages = [{ channelId: where.channelId!, ts: where.messageTs! }, ...(summary && summary.ts !== where.messageTs ? [summary] : [])];
        for (const m of messages) {
          const view = await alertMessageView(deps.database, m.channelId, m.ts);
          if (view.rows.length === 0) continue;
          const msg = alertMessage('deals', m.channelId, view.rows, dataAsOf, view.batch);
          await client.chat.update({ channel: m.channelId, ts: m.ts, ...messageFields(msg, { replacing: true }) });
        }
      } catch (e) {
        const reply = errorReply(e, deps.log, 'deal action');
        if (body.response_url) await respond({ response_type: 'ephemeral', replace_original: false, ...reply });
      }
    });
  }
}
