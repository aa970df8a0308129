import type { App, BlockAction } from '@slack/bolt';
import { AppError } from '../../../lib/errors.js';
import { logActivity } from '../../../services/activity-log.js';
import { activityLoggedMessage } from '../../blocks/log-messages.js';
import { ACTION_IDS, actionIdPattern, decodeLogChoice } from '../../parse/action-value.js';
import { actorFor } from '../../actor.js';
import { errorReply } from '../../respond/error-reply.js';
import type { SlackDeps } from '../../slack-deps.js';
import { chosenValue } from './action-value.js';

/**
 * The customer picked from the "which one?" buttons of `/sales log`. The service checks again that the
 * customer is the clicking salesman's own; the message timestamp makes a double click store one activity.
 */
export function registerLogActions(app: App, deps: SlackDeps): void {
  app.action<BlockAction>(actionIdPattern(ACTION_IDS.logChooseCustomer), async ({ ack, body, client, respond }) => {
    await ack();
    try {
      const value = chosenValue(body);
      const choice = value === undefined ? null : decodeLogChoice(value);
      if (!choice) throw new AppError('USAGE', 'That choice is out of date.', { hint: 'Type the /sales log command again.' });
      const actor = await actorFor(deps, client, body.user.id, body.team?.id);
      const messageTs = body.container && 'message_ts' in body.container ? String(body.container.message_ts) : undefined;
      const logged = await logActivity(deps.database, actor, {
        activityType: choice.activityType,
        customerId: choice.customerId,
        ...(choice.notes ? { notes: choice.notes } : {}),
        ...(messageTs ? { idempotencyKey: `${messageTs}:${choice.customerId}` } : {}),
      });
      await respond({ response_type: 'ephemeral', replace_original: true, ...activityLoggedMessage(logged) });
    } catch (e) {
      const reply = errorReply(e, deps.log, 'log choice');
      // These buttons live on messages, whose clicks carry a response_url; a click from elsewhere has no
      // one to answer (the error is already logged).
      if (body.response_url) await respond({ response_type: 'ephemeral', replace_original: false, ...reply });
    }
  });
}
