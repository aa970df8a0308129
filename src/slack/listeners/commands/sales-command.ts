import type { App } from '@slack/bolt';
import { helpMessage } from '../../blocks/help-message.js';
import { notice } from '../../blocks/error-message.js';
import { usageMessage } from '../../blocks/usage-message.js';
import { parseCommand, type SlashCommand } from '../../parse/command.js';
import { filterExamples } from '../../../reports/resolve-filters.js';
import { errorReply } from '../../respond/error-reply.js';
import type { SlackDeps } from '../../slack-deps.js';
import type { CommandCall } from './command-call.js';
import { handleAdmin } from './handle-admin.js';
import { handleCalls } from './handle-calls.js';
import { handleFollowCommand } from './handle-follow.js';
import { handleGoalSet } from './handle-goal.js';
import { handleLog } from './handle-log.js';
import { handleReport } from './handle-report.js';
import { handleSubscriptionCommand } from './handle-subscription.js';

/** What the person sees at once, before any database work: Slack gives us 3 seconds to say something. */
function ackText(command: SlashCommand): string {
  switch (command.kind) {
    case 'report':
      return `Crunching ${command.report}…`;
    case 'log':
      return `Logging your ${command.activityType}…`;
    case 'goal-set':
      return 'Setting the goal…';
    default:
      return 'Working on it…';
  }
}

/**
 * A region, category and salesman from the data for help and usage examples. Bounded: the answer is
 * due within Slack's 3 seconds, so a slow database means generic examples rather than a late ack.
 */
async function examplesFor(deps: SlackDeps): Promise<{ region?: string; category?: string; salesman?: string } | undefined> {
  const timeout = new Promise<undefined>((resolve) => {
    setTimeout(() => resolve(undefined), 800).unref();
  });
  const found = filterExamples(deps.database).then(
    (e) => ({ region: e.region, category: e.category, salesman: e.salesman?.id }),
    () => undefined,
  );
  return Promise.race([found, timeout]);
}

/** Runs an acknowledged subcommand; failures reach the person as one sentence, stacks go to the log. */
async function dispatch(call: CommandCall, c: Exclude<SlashCommand, { kind: 'help' }>): Promise<void> {
  try {
    switch (c.kind) {
      case 'report':
        await handleReport(call, c);
        break;
      case 'log':
        await handleLog(call, c);
        break;
      case 'admin-role':
      case 'admin-link':
        await handleAdmin(call, c);
        break;
      case 'subscribe':
      case 'subscriptions':
      case 'unsubscribe':
      case 'pause':
      case 'resume':
      case 'status':
        await handleSubscriptionCommand(call, c);
        break;
      case 'calls':
        await handleCalls(call);
        break;
      case 'goal-set':
        await handleGoalSet(call, c);
        break;
      case 'follow':
      case 'following':
      case 'unfollow':
        await handleFollowCommand(call, c);
        break;
    }
  } catch (e) {
    await call.respond({ response_type: 'ephemeral', replace_original: true, ...errorReply(e, call.deps.log, `/sales ${c.kind}`) });
  }
}

/**
 * `/sales …`: parsing and usage errors are answered in the acknowledgement itself; everything that
 * touches the database happens after the ack and answers through response_url.
 */
export function registerSalesCommand(app: App, deps: SlackDeps): void {
  app.command('/sales', async ({ command, ack, respond, client }) => {
    const parsed = parseCommand(command.text ?? '');
    if (!parsed.ok) {
      await ack({ response_type: 'ephemeral', ...usageMessage(parsed.usage, await examplesFor(deps)) });
      return;
    }
    const c = parsed.command;
    if (c.kind === 'help') {
      await ack({ response_type: 'ephemeral', ...helpMessage(c.topic, { subscriptionsAvailable: true, examples: await examplesFor(deps) }) });
      return;
    }
    await ack({ response_type: 'ephemeral', ...notice(ackText(c)) });
    const call: CommandCall = { deps, client, respond, body: command };
    await deps.afterAck(() => dispatch(call, c));
  });
}
