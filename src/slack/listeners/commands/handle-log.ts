import { AppError } from '../../../lib/errors.js';
import { logActivity } from '../../../services/activity-log.js';
import { findCustomers } from '../../../services/customer-search.js';
import { activityLoggedMessage, customerChoiceMessage } from '../../blocks/log-messages.js';
import type { SlashCommand } from '../../parse/command.js';
import { actorFor } from '../../actor.js';
import type { CommandCall } from './command-call.js';

type LogCommand = Extract<SlashCommand, { kind: 'log' }>;

/**
 * `/sales log <type> <customer> [notes]`: one clear match is logged at once; several close matches come
 * back as buttons to choose from (the choice is re-checked against the person's scope when clicked).
 */
export async function handleLog(call: CommandCall, c: LogCommand): Promise<void> {
  const actor = await actorFor(call.deps, call.client, call.body.user_id, call.body.team_id);
  const found = await findCustomers(call.deps.database, actor.scope, c.customer);
  const only = found.exact ?? (found.candidates.length === 1 ? found.candidates[0] : undefined);
  if (only) {
    const logged = await logActivity(call.deps.database, actor, {
      activityType: c.activityType,
      customerId: only.customerId,
      ...(c.notes ? { notes: c.notes } : {}),
    });
    await call.respond({ response_type: 'ephemeral', replace_original: true, ...activityLoggedMessage(logged) });
    return;
  }
  if (found.candidates.length === 0) {
    throw new AppError('NOT_FOUND', `No customer of yours matches "${c.customer}".`, {
      hint: 'Try part of the name or the customer id, e.g. /sales log visit "Acme" brought samples.',
    });
  }
  await call.respond({
    response_type: 'ephemeral',
    replace_original: true,
    ...customerChoiceMessage(c.activityType, c.notes, found.candidates),
  });
}
