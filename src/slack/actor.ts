import type { App } from '@slack/bolt';
import { resolveSlackUser, type Actor } from '../services/slack-identity.js';
import type { SlackDeps } from './slack-deps.js';

export type SlackClient = App['client'];

/**
 * Who is asking, with their role and data scope. The email is looked up in Slack only when the user is
 * not mapped yet, so most requests cost one indexed query and no Web API call.
 */
export function actorFor(deps: SlackDeps, client: SlackClient, slackUserId: string, teamId?: string): Promise<Actor> {
  return resolveSlackUser(deps.database, {
    slackUserId,
    ...(teamId ? { teamId } : {}),
    adminIds: deps.adminIds,
    // A failed lookup (missing scope, deleted user) only means "no email": admins are still known by id.
    lookupEmail: async () => {
      try {
        const info = await client.users.info({ user: slackUserId });
        return info.user?.profile?.email ?? undefined;
      } catch (e) {
        deps.log.warn({ err: e, user: slackUserId }, 'users.info failed; cannot map this user by email');
        return undefined;
      }
    },
  });
}
