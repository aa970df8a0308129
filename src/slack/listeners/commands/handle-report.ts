import type { SlashCommand } from '../../parse/command.js';
import { actorFor } from '../../actor.js';
import { buildReportAnswer } from '../../respond/report-answer.js';
import type { CommandCall } from './command-call.js';

type ReportCommand = Extract<SlashCommand, { kind: 'report' }>;

/** `/sales <report> [filters] [public]`: ephemeral by default; `public` posts the answer in the channel. */
export async function handleReport(call: CommandCall, c: ReportCommand): Promise<void> {
  const actor = await actorFor(call.deps, call.client, call.body.user_id, call.body.team_id);
  const message = await buildReportAnswer(call.deps, call.client, actor, {
    report: c.report,
    filters: c.filters,
    options: c.options,
    asOf: c.asOf,
    canonical: c.canonical,
    page: 0,
    withChart: true,
    shareable: !c.public,
  });
  await call.respond(
    c.public
      ? { response_type: 'in_channel', replace_original: false, ...message }
      : { response_type: 'ephemeral', replace_original: true, ...message },
  );
}
