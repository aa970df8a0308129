import type { SlackClient } from './actor.js';
import type { SlackDeps } from './slack-deps.js';

/** A person's time zone from Slack (users.info `tz`), else SALES_TZ; schedules of their DMs are read in it. */
export async function userTimeZone(deps: Pick<SlackDeps, 'log' | 'timeZone'>, client: SlackClient, userId: string): Promise<string> {
  try {
    const info = await client.users.info({ user: userId });
    if (info.user?.tz) return info.user.tz;
  } catch (e) {
    deps.log.debug({ err: e }, 'users.info failed; using SALES_TZ');
  }
  return deps.timeZone;
}
