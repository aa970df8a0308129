import type { App } from '@slack/bolt';
import { appHomeData } from '../../../services/app-home.js';
import { REPORTS } from '../../../services/reports/registry.js';
import { appHomeView } from '../../blocks/app-home.js';
import { actorFor } from '../../actor.js';
import type { SlackDeps } from '../../slack-deps.js';

/** Publishes the App Home tab each time someone opens it, so the numbers are current. */
export function registerAppHomeOpened(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, client, body }) => {
    if (event.tab !== 'home') return;
    try {
      const teamId = (body as { team_id?: string }).team_id;
      const data = await appHomeData(deps.database, event.user, () => actorFor(deps, client, event.user, teamId));
      const view = appHomeView({
        role: data.role,
        ...(data.name ? { userName: data.name } : {}),
        ...(data.kpi ? { kpi: data.kpi } : {}),
        subscriptions: data.subscriptions.map((s) => ({
          id: s.id,
          kind: s.subject ? `${s.kind} ${s.subject}` : s.kind,
          schedule: `${s.cron} (${s.timeZone})`,
          target: s.target,
          paused: s.paused,
        })),
        reports: REPORTS.map((r) => ({ name: r.name, title: r.title })),
      });
      await client.views.publish({ user_id: event.user, view: view as never });
    } catch (e) {
      deps.log.error({ err: e, user: event.user }, 'App Home failed');
    }
  });
}
