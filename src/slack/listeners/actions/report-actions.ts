import type { App, BlockAction, RespondFn } from '@slack/bolt';
import { countOf } from '../../../lib/format.js';
import { reportByName } from '../../../reports/registry.js';
import { runReportExport } from '../../../reports/report-page.js';
import type { Actor } from '../../../services/slack-identity.js';
import { viewToCsv } from '../../blocks/csv-export.js';
import { notice } from '../../blocks/error-message.js';
import { ACTION_IDS, actionIdPattern } from '../../parse/action-value.js';
import { actorFor, type SlackClient } from '../../actor.js';
import { messageFields, type OutgoingMessage } from '../../message-fields.js';
import { buildDrillAnswer, runDrill } from '../../respond/drill-answer.js';
import { errorReply } from '../../respond/error-reply.js';
import { sendFileByDm } from '../../respond/file-upload.js';
import { postWithChart, respondWithChart } from '../../respond/chart-delivery.js';
import { buildReportAnswer } from '../../respond/report-answer.js';
import { verifiedRequest, type ReportCommand } from '../../respond/verified-request.js';
import type { SlackDeps } from '../../slack-deps.js';
import { chosenValue } from './action-value.js';

interface ActionCall {
  deps: SlackDeps;
  client: SlackClient;
  body: BlockAction;
  respond: RespondFn;
}

async function withActor(call: ActionCall, what: string, work: (actor: Actor) => Promise<void>): Promise<void> {
  try {
    await call.deps.afterAck(async () => work(await actorFor(call.deps, call.client, call.body.user.id, call.body.team?.id)));
  } catch (e) {
    const reply = errorReply(e, call.deps.log, what);
    if (call.body.response_url) await call.respond({ response_type: 'ephemeral', replace_original: false, ...reply });
    else await postToDm(call, reply);
  }
}

/** App Home buttons have no response_url: their answers go to the person's DM with the bot. */
async function postToDm(call: ActionCall, message: OutgoingMessage): Promise<void> {
  const dm = await call.client.conversations.open({ users: call.body.user.id });
  if (!dm.channel?.id) return;
  await call.client.chat.postMessage({ channel: dm.channel.id, ...messageFields(message) });
}

function reportAsk(command: ReportCommand, page: number, withChart: boolean, shareable: boolean) {
  return {
    report: command.report,
    filters: command.filters,
    options: command.options,
    asOf: command.asOf,
    canonical: command.canonical,
    page,
    withChart,
    shareable,
  };
}

/** Paging, sharing, drill-downs, exports and App Home shortcuts on report answers. */
export function registerReportActions(app: App, deps: SlackDeps): void {
  app.action<BlockAction>(actionIdPattern(ACTION_IDS.page), async ({ ack, body, client, respond }) => {
    await ack();
    const call = { deps, client, body, respond };
    await withActor(call, 'report page', async (actor) => {
      const { action, command } = verifiedRequest(chosenValue(body));
      const page = Math.max(0, Math.min(action.page ?? 0, 10_000));
      const { message } = await buildReportAnswer(deps, client, actor, reportAsk(command, page, false, true));
      await respond({ response_type: 'ephemeral', replace_original: true, ...message });
    });
  });

  app.action<BlockAction>(actionIdPattern(ACTION_IDS.share), async ({ ack, body, client, respond }) => {
    await ack();
    const call = { deps, client, body, respond };
    await withActor(call, 'share', async (actor) => {
      const { command } = verifiedRequest(chosenValue(body));
      const answer = await buildReportAnswer(deps, client, actor, reportAsk(command, 0, true, false));
      const threadTs = body.container.thread_ts as string | undefined;
      await respondWithChart({ client, log: deps.log }, respond, answer, { response_type: 'in_channel', replace_original: false }, {
        userId: body.user.id,
        channel: body.channel?.id ?? body.container.channel_id,
        threadTs,
      });
    });
  });

  app.action<BlockAction>(actionIdPattern(ACTION_IDS.drill), async ({ ack, body, client, respond }) => {
    await ack();
    const call = { deps, client, body, respond };
    await withActor(call, 'drill-down', async (actor) => {
      const { action, command } = verifiedRequest(chosenValue(body));
      if (!action.drill) throw new Error('drill action without a target');
      const message = await buildDrillAnswer(deps, actor, command, action.drill);
      await respond({ response_type: 'ephemeral', replace_original: false, ...message });
    });
  });

  app.action<BlockAction>(actionIdPattern(ACTION_IDS.export), async ({ ack, body, client, respond }) => {
    await ack();
    const call = { deps, client, body, respond };
    await withActor(call, 'export', async (actor) => {
      const { action, command } = verifiedRequest(chosenValue(body));
      let view;
      let truncated = false;
      let stamp: string;
      if (action.drill) {
        const d = await runDrill(deps, actor, command, action.drill, 0);
        view = d.view;
        stamp = `${command.report}-${action.drill.kind}-${action.drill.key}`;
      } else {
        const definition = reportByName(command.report);
        if (!definition) throw new Error(`unknown report ${command.report}`);
        const x = await runReportExport(deps.analytics, definition, {
          filters: command.filters,
          options: command.options,
          asOf: command.asOf,
          scope: actor.scope,
        });
        view = x.view;
        truncated = x.truncated;
        stamp = `${command.report}-${x.result.asOf}`;
      }
      const filename = `${stamp.replace(/[^\w.-]+/g, '_').slice(0, 80)}.csv`;
      // The CSV's own rows: a view with an export table (seasonality: 12 months) may show fewer display rows.
      const csvRows = view.export?.rows.length ?? view.rows.length;
      await sendFileByDm(client, body.user.id, {
        bytes: Buffer.from(viewToCsv(view), 'utf8'),
        filename,
        title: view.title,
        comment: `${view.title}: ${countOf(csvRows, 'row')}${truncated ? ' (cut at the export limit; use the JSON API for everything)' : ''}.`,
      });
      const text = `I sent ${filename} to you in a direct message.`;
      if (body.response_url) await respond({ response_type: 'ephemeral', replace_original: false, ...notice(text) });
    });
  });

  app.action<BlockAction>(actionIdPattern(ACTION_IDS.open), async ({ ack, body, client, respond }) => {
    await ack();
    const call = { deps, client, body, respond };
    await withActor(call, 'open report', async (actor) => {
      const { command } = verifiedRequest(chosenValue(body));
      const answer = await buildReportAnswer(deps, client, actor, reportAsk(command, 0, true, false));
      const dm = await client.conversations.open({ users: body.user.id });
      if (dm.channel?.id) await postWithChart({ client, log: deps.log }, dm.channel.id, answer);
    });
  });
}
