import { linkSalesman, setRole } from '../../../services/slack-identity.js';
import { notice } from '../../blocks/error-message.js';
import type { SlashCommand } from '../../parse/command.js';
import { actorFor } from '../../actor.js';
import type { CommandCall } from './command-call.js';

type AdminCommand = Extract<SlashCommand, { kind: 'admin-role' | 'admin-link' }>;

/** `/sales admin role|link …`: the service checks that the person asking is an admin. */
export async function handleAdmin(call: CommandCall, c: AdminCommand): Promise<void> {
  const actor = await actorFor(call.deps, call.client, call.body.user_id, call.body.team_id);
  let text: string;
  if (c.kind === 'admin-role') {
    await setRole(call.deps.database, actor, c.userId, c.role, { adminIds: call.deps.adminIds });
    text = `<@${c.userId}> is now ${c.role === 'admin' ? 'an admin' : `a ${c.role}`}.`;
  } else {
    const linked = await linkSalesman(call.deps.database, actor, c.userId, c.salesmanId);
    text = `<@${c.userId}> is now linked to salesman ${linked.salesman.externalId} (${linked.salesman.name}).`;
  }
  await call.respond({ response_type: 'ephemeral', replace_original: true, ...notice(text) });
}
