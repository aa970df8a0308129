import type { ReportCommand } from '../../parse/command-types.js';
import { actorFor } from '../../actor.js';
import { notice } from '../../blocks/error-message.js';
import { respondWithChart } from '../../respond/chart-delivery.js';
import { buildReportAnswer } from '../../respond/report-answer.js';
import type { CommandCall } from './command-call.js';

/** `/sales <report> [filters] [public]`: ephemeral by default; `public` posts the answer in the channel. */
export async function handleReport(call: CommandCall, c: ReportCommand): Promise<void> {
  const actor = await actorFor(call.deps, call.client, call.body.user_id, call.body.team_id);
  const answer = await buildReportAnswer(call.deps, call.client, actor, {
    report: c.report,
    filters: c.filters,
    options: c.options,
    asOf: c.asOf,
    canonical: c.canonical,
    page: 0,
    withChart: true,
    shareable: !c.public,
  });
  const chart = { client: call.client, log: call.deps.log };
  const where = { userId: call.body.user_id, channel: call.body.channel_id };
  if (!c.public) {
    await respondWithChart(chart, call.respond, answer, { response_type: 'ephemeral', replace_original: true }, where);
    return;
  }
  await respondWithChart(chart, call.respond, answer, { response_type: 'in_channel', replace_original: false }, where);
  // The ephemeral "Crunching …" note would otherwise stay under the public answer for the asker.
  await call.respond({ response_type: 'ephemeral', replace_original: true, ...notice(`Posted the ${c.report} answer in this conversation.`) });
}
