import { callListFor } from '../../../services/call-list.js';
import { callListMessage } from '../../blocks/call-list-message.js';
import { actorFor } from '../../actor.js';
import type { CommandCall } from './command-call.js';

/** `/sales calls`: the asker's call list (a manager's: the team's), first page. */
export async function handleCalls(call: CommandCall): Promise<void> {
  const actor = await actorFor(call.deps, call.client, call.body.user_id, call.body.team_id);
  const page = await callListFor(call.deps.database, actor);
  await call.respond({ response_type: 'ephemeral', replace_original: true, ...callListMessage(page) });
}
