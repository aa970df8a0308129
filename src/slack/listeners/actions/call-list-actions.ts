import type { App, BlockAction } from '@slack/bolt';
import { AppError } from '../../../lib/errors.js';
import { callListFor, closeCall } from '../../../services/call-list.js';
import { CALL_LIST_ACTION_IDS, callListMessage } from '../../blocks/call-list-message.js';
import { actorFor, type SlackClient } from '../../actor.js';
import { messageFields } from '../../message-fields.js';
import { publishAppHome } from '../../respond/app-home-publish.js';
import { errorReply } from '../../respond/error-reply.js';
import type { SlackDeps } from '../../slack-deps.js';
import { chosenValue } from './action-value.js';

const number = (body: BlockAction): number => {
  const v = chosenValue(body);
  if (v === undefined || !/^\d{1,12}$/.test(v)) throw new AppError('USAGE', 'That button is out of date.', { hint: 'Type `/sales calls` for the current list.' });
  return Number(v);
};

const inHome = (body: BlockAction): boolean => body.container?.type === 'view';

/**
 * Done / Remove / next page on the call list, in a `/sales calls` answer or on App Home: the list is
 * drawn again where it was clicked, so a closed call disappears at once.
 */
export function registerCallListActions(app: App, deps: SlackDeps): void {
  const redraw = async (body: BlockAction, client: SlackClient, respond: ((m: object) => Promise<unknown>) | undefined, offset: number) => {
    if (inHome(body)) return publishAppHome(deps, client, body.user.id, body.team?.id);
    const actor = await actorFor(deps, client, body.user.id, body.team?.id);
    const page = await callListFor(deps.database, actor, offset);
    await respond?.({ response_type: 'ephemeral', replace_original: true, ...callListMessage(page) });
  };
  /** A failure on App Home has no response_url: the person gets it as a DM from the app instead. */
  const fail = async (e: unknown, body: BlockAction, client: SlackClient, respond: ((m: object) => Promise<unknown>) | undefined, what: string) => {
    const reply = errorReply(e, deps.log, what);
    if (respond && !inHome(body)) await respond({ response_type: 'ephemeral', replace_original: false, ...reply });
    else await client.chat.postMessage({ channel: body.user.id, ...messageFields(reply) }).catch((err: unknown) => deps.log.warn({ err }, 'could not DM a call-list error'));
  };

  for (const [actionId, status] of [[CALL_LIST_ACTION_IDS.done, 'done'], [CALL_LIST_ACTION_IDS.remove, 'removed']] as const) {
    app.action<BlockAction>(actionId, async ({ ack, body, client, respond }) => {
      await ack();
      try {
        const actor = await actorFor(deps, client, body.user.id, body.team?.id);
        await closeCall(deps.database, actor, number(body), status);
        await redraw(body, client, respond, 0);
      } catch (e) {
        await fail(e, body, client, respond, `call list ${status}`);
      }
    });
  }
  app.action<BlockAction>(CALL_LIST_ACTION_IDS.more, async ({ ack, body, client, respond }) => {
    await ack();
    try {
      await redraw(body, client, respond, number(body));
    } catch (e) {
      await fail(e, body, client, respond, 'call list page');
    }
  });
}
