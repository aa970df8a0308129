import { formatInt, formatMoney } from '../../../lib/format.js';
import { todayIn } from '../../../lib/dates.js';
import { setGoal } from '../../../services/goal-set.js';
import { actorFor } from '../../actor.js';
import { notice } from '../../blocks/error-message.js';
import type { GoalSetCommand } from '../../parse/command-types.js';
import type { CommandCall } from './command-call.js';

const METRIC_TEXT = { revenue: 'revenue', orders: 'orders', new_customers: 'new customers' } as const;

/** `/sales goal set …`: the service checks the role and the scope; the answer says what was stored. */
export async function handleGoalSet(call: CommandCall, c: GoalSetCommand): Promise<void> {
  const actor = await actorFor(call.deps, call.client, call.body.user_id, call.body.team_id);
  const set = await setGoal(call.deps.database, actor, c, todayIn(call.deps.timeZone));
  const amount = set.metric === 'revenue' ? formatMoney(set.amount) : formatInt(Number(set.amount));
  const text =
    `${set.created ? 'Goal set' : 'Goal updated'}: ${METRIC_TEXT[set.metric]} ${amount} for ${set.scopeLabel} in ${set.period} ` +
    `(${set.periodFrom} – ${set.periodTo}). \`/sales goals\` shows how it is pacing.`;
  await call.respond({ response_type: 'ephemeral', replace_original: true, ...notice(text) });
}
