import { formatPercent } from '../../lib/format.js';
import type { AlertRow } from '../../services/alerts.js';
import { actions, button, context, header, message, section, type Block, type Message } from './builders.js';
import { userMention } from './slack-format.js';
import { escapeFit } from './text.js';

/** Button action ids of cross-sell suggestions; the value is the suggestion's alert id, checked server-side. */
export const CROSSSELL_ACTION_IDS = {
  callList: 'xsell_call_list',
  notRelevant: 'xsell_not_relevant',
} as const;

const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

function suggestionBlocks(row: AlertRow): Block[] {
  const d = row.details;
  const customer = escapeFit(str(d.customerName) || str(d.customerExternalId), 120, 'Customer');
  const product = escapeFit(str(d.productName) || str(d.productExternalId), 120, 'Product');
  const because = Array.isArray(d.becauseNames) ? d.becauseNames.map((x) => escapeFit(str(x), 60)).join(' + ') : '';
  const lines = [
    `*${customer}* → *${product}*`,
    `${because ? `they bought ${because}; ` : ''}${formatPercent(Number(d.confidence) || 0, 0)} of such baskets also have it (lift ${(Number(d.lift) || 0).toFixed(1)})`,
  ];
  if (row.state === 'handled') {
    lines.push(d.verdict === 'not_relevant' ? `:heavy_multiplication_x: Not relevant (${userMention(d.handledBy)})` : `:white_check_mark: On the call list (${userMention(d.handledBy)}): \`/sales calls\``);
  }
  const blocks: Block[] = [section(lines.join('\n'), { blockId: `xsell-${row.id}` })];
  if (row.state === 'open') {
    const a = actions(
      [button('Add to call list', CROSSSELL_ACTION_IDS.callList, String(row.id), 'primary'), button('Not relevant', CROSSSELL_ACTION_IDS.notRelevant, String(row.id))],
      `xsell-actions-${row.id}`,
    );
    if (a) blocks.push(a);
  }
  return blocks;
}

/**
 * A salesman's weekly cross-sell DM: for their own customers, the products that customers with a
 * similar basket buy and they have not, best first, with "Add to call list" and "Not relevant" (both
 * recorded for tuning; a "not relevant" suggestion is not made again).
 */
export function crossSellDmMessage(rows: readonly AlertRow[]): Message {
  const customers = new Set(rows.map((r) => str(r.details.customerExternalId))).size;
  const blocks: (Block | undefined)[] = [
    header('Cross-sell ideas for your customers'),
    section(`${rows.length} suggestion${rows.length === 1 ? '' : 's'} for ${customers} customer${customers === 1 ? '' : 's'}, from what similar customers buy together.`),
  ];
  for (const row of rows) blocks.push(...suggestionBlocks(row));
  blocks.push(context(['Your answers tune the next suggestions. `/sales crosssell` shows them all.']));
  const first = rows[0];
  return message(
    first ? `Cross-sell: ${str(first.details.customerName)} might need ${str(first.details.productName)}${rows.length > 1 ? ` (+${rows.length - 1} more)` : ''}` : 'Cross-sell ideas',
    blocks,
  );
}
