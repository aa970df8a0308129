import type { RespondFn, SlashCommand as SlackSlashCommand } from '@slack/bolt';
import type { SlackClient } from '../../actor.js';
import type { SlackDeps } from '../../slack-deps.js';

/** What a `/sales` subcommand handler gets once the command has been acknowledged. */
export interface CommandCall {
  deps: SlackDeps;
  client: SlackClient;
  respond: RespondFn;
  body: SlackSlashCommand;
}
