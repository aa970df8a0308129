import { appHomeData } from '../../services/app-home.js';
import { describeFollow } from '../../services/follows.js';
import { REPORTS } from '../../reports/registry.js';
import { appHomeView } from '../blocks/app-home.js';
import { actorFor, type SlackClient } from '../actor.js';
import type { SlackDeps } from '../slack-deps.js';

/**
 * Builds and publishes one person's App Home tab: on app_home_opened, and again after a button on the
 * tab changed what it shows (a call marked done).
 */
export async function publishAppHome(deps: SlackDeps, client: SlackClient, userId: string, teamId?: string): Promise<void> {
  const data = await appHomeData(deps.database, userId, () => actorFor(deps, client, userId, teamId), deps.analytics, deps.runReport);
  const view = appHomeView({
    role: data.role,
    ...(data.name ? { userName: data.name } : {}),
    ...(data.numbers ? { numbers: data.numbers } : {}),
    ...(data.callList ? { callList: data.callList } : {}),
    ...(data.goals ? { goals: data.goals } : {}),
    subscriptions: data.subscriptions.map((s) => ({
      id: s.id,
      kind: s.subject ? `${s.kind} ${s.subject}` : s.kind,
      schedule: `${s.cron} (${s.timeZone})`,
      target: s.target,
      paused: s.paused,
    })),
    reports: REPORTS.map((r) => ({ name: r.name, title: r.title })),
    follows: data.follows.map((f) => ({ id: f.id, text: describeFollow(f) })),
  });
  await client.views.publish({ user_id: userId, view: view as never });
}
