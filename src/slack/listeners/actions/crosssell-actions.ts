import type { App } from '@slack/bolt';
import { addCrossSellToCallList } from '../../../services/call-list.js';
import { recordCrossSellFeedback } from '../../../services/crosssell-suggestions.js';
import { CROSSSELL_ACTION_IDS } from '../../blocks/crosssell-dm-message.js';
import type { SlackDeps } from '../../slack-deps.js';
import { registerAlertButton } from './alert-actions.js';

/**
 * "Add to call list" / "Not relevant" on cross-sell DMs: the suggestion is marked handled (its buttons
 * give way to the answer), and the answer is stored in cross_sell_feedback for tuning; a suggestion
 * called not relevant is not made again. "Add to call list" also puts the customer on the call list
 * (`/sales calls`, App Home) with the product to offer and why.
 */
export function registerCrossSellActions(app: App, deps: SlackDeps): void {
  registerAlertButton(app, deps, CROSSSELL_ACTION_IDS.callList, 'call_list', 'cross-sell call list', async (actor, row) => {
    await recordCrossSellFeedback(deps.database, actor, row, 'call_list');
    await addCrossSellToCallList(deps.database, actor, row);
  });
  registerAlertButton(app, deps, CROSSSELL_ACTION_IDS.notRelevant, 'not_relevant', 'cross-sell not relevant', (actor, row) =>
    recordCrossSellFeedback(deps.database, actor, row, 'not_relevant'),
  );
}
