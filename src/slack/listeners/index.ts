import type { App } from '@slack/bolt';
import type { SlackDeps } from '../slack-deps.js';
import { registerAlertActions } from './actions/alert-actions.js';
import { registerCallListActions } from './actions/call-list-actions.js';
import { registerCrossSellActions } from './actions/crosssell-actions.js';
import { registerDealActions } from './actions/deal-actions.js';
import { registerLogActions } from './actions/log-actions.js';
import { registerReportActions } from './actions/report-actions.js';
import { registerSalesCommand } from './commands/sales-command.js';
import { registerAppHomeOpened } from './events/app-home-opened.js';

/** Every listener the app answers; one place to see what the app reacts to. */
export function registerListeners(app: App, deps: SlackDeps): void {
  registerSalesCommand(app, deps);
  registerReportActions(app, deps);
  registerLogActions(app, deps);
  registerAlertActions(app, deps);
  registerCrossSellActions(app, deps);
  registerDealActions(app, deps);
  registerCallListActions(app, deps);
  registerAppHomeOpened(app, deps);
}
