import type { App } from '@slack/bolt';
import { publishAppHome } from '../../respond/app-home-publish.js';
import type { SlackDeps } from '../../slack-deps.js';

/** Publishes the App Home tab each time someone opens it, so the numbers are current. */
export function registerAppHomeOpened(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, client, body }) => {
    if (event.tab !== 'home') return;
    try {
      await publishAppHome(deps, client, event.user, (body as { team_id?: string }).team_id);
    } catch (e) {
      deps.log.error({ err: e, user: event.user }, 'App Home failed');
    }
  });
}
