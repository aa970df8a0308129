import type { CallListPage, CallListRow } from '../../services/call-list.js';
import { SLASH } from '../../requests/report-usage.js';
import { actions, blockText, button, context, header, message, section, type Block, type Message } from './builders.js';
import { LIMITS } from './limits.js';
import { slackDate, userMention } from './slack-format.js';
import { escapeFit } from './text.js';

/** Button action ids on call-list entries; the value is the entry id (checked server-side) or, for More, the next offset. */
export const CALL_LIST_ACTION_IDS = {
  done: 'calls_done',
  remove: 'calls_remove',
  more: 'calls_more',
} as const;

/** One entry: who to call, what to offer and why, when it was added and by whom, whose customer it is. */
export function callEntryBlocks(row: CallListRow, opts: { showOwner: boolean }): Block[] {
  // Sized so a full page (15 entries) stays within a message's ~12k characters even with long names.
  const customer = escapeFit(row.customerName, 100, 'Customer');
  const offer = row.productName ? ` → offer *${escapeFit(row.productName, 100, 'Product')}*` : '';
  const meta = [
    `added ${slackDate(row.addedAt, '{date_short_pretty}')} by ${userMention(row.addedBy)}`,
    ...(opts.showOwner ? [row.ownerName ? `owner ${escapeFit(row.ownerName, 60)}` : 'no owner'] : []),
  ];
  const blocks: Block[] = [section(`*${customer}*${offer}\n${escapeFit(row.reason, 300)}\n_${meta.join(' · ')}_`, { blockId: `call-${row.id}` })];
  const a = actions(
    [button('Done', CALL_LIST_ACTION_IDS.done, String(row.id), 'primary'), button('Remove', CALL_LIST_ACTION_IDS.remove, String(row.id))],
    `call-actions-${row.id}`,
  );
  if (a) blocks.push(a);
  return blocks;
}

function title(page: CallListPage): string {
  return page.whose === 'own' ? 'Your call list' : 'Call list (whole team)';
}

/** "Showing 16–30 of 42." with the way to the rest; empty when everything is shown. */
function rangeNote(page: CallListPage): string {
  if (page.total <= page.rows.length && page.offset === 0) return '';
  return `Showing ${page.offset + 1}–${page.offset + page.rows.length} of ${page.total}.`;
}

/**
 * `/sales calls`: the open calls, longest-waiting first, each with Done and Remove. Nothing is cut
 * silently: a longer list says how many more there are and has a button for the next page.
 */
export function callListMessage(page: CallListPage): Message {
  if (page.total === 0) {
    return message(`${title(page)}: nothing to call`, [
      header(title(page)),
      section('Nothing on the list. *Add to call list* on a cross-sell suggestion puts a customer here, with what to offer and why.'),
      context([`\`${SLASH} crosssell\` shows suggestions now.`]),
    ]);
  }
  const blocks: (Block | undefined)[] = [header(title(page)), context([`${page.total} open call${page.total === 1 ? '' : 's'}, longest waiting first. *Done* or *Remove* takes one off the list.`])];
  // Entries are added while they fit (blocks and characters), so the "more" count and the next page
  // start exactly after the last entry shown: message() would otherwise drop the overflow unsaid.
  let room = LIMITS.messageBlockText - 600;
  let shown = 0;
  for (const row of page.rows) {
    const entry = callEntryBlocks(row, { showOwner: page.whose === 'team' });
    const cost = entry.reduce((s, b) => s + blockText(b), 0);
    if (cost > room || blocks.length + entry.length > LIMITS.blocksPerMessage - 3) break;
    blocks.push(...entry);
    room -= cost;
    shown++;
  }
  const shownPage = { ...page, rows: page.rows.slice(0, shown) };
  const next = page.offset + shown;
  const more = page.total - next;
  if (more > 0) {
    blocks.push(
      context([`${rangeNote(shownPage)} …and ${more} more.`]),
      actions([button(`Show the next ${Math.min(more, Math.max(shown, 1))}`, CALL_LIST_ACTION_IDS.more, String(next))], 'calls-more'),
    );
  } else if (page.offset > 0) {
    blocks.push(context([rangeNote(shownPage)]), actions([button('Back to the first page', CALL_LIST_ACTION_IDS.more, '0')], 'calls-more'));
  }
  const first = page.rows[0];
  return message(`${title(page)}: ${page.total} open call${page.total === 1 ? '' : 's'}${first ? `, first ${first.customerName}` : ''}`, blocks);
}

/** The call list on App Home: the entries fetched for it with their buttons, then how many more and where. */
export function callListHomeBlocks(page: CallListPage | undefined): Block[] {
  const blocks: (Block | undefined)[] = [header(page?.whose === 'team' ? 'Call list (whole team)' : 'Your call list')];
  if (!page || page.total === 0) {
    blocks.push(context(['Nothing to call. *Add to call list* on a cross-sell suggestion puts a customer here.']));
  } else {
    for (const row of page.rows) blocks.push(...callEntryBlocks(row, { showOwner: page.whose === 'team' }));
    const more = page.total - page.rows.length;
    if (more > 0) blocks.push(context([`…and ${more} more: \`${SLASH} calls\` lists them all.`]));
  }
  return blocks.filter((b): b is Block => b !== undefined);
}
