import { formatInt, formatMoney } from '../../lib/format.js';
import type { AlertBatchView, AlertRow } from '../../services/alerts.js';
import { churnCaseBlocks, churnThreadPart, moreInThread } from './churn-alert-message.js';
import { context, header, message, section, type Block, type Message } from './builders.js';
import { slackDate } from './slack-format.js';

/**
 * A salesman's DM about their own customers who have just become at risk (queued after a refresh finds
 * new cases): the same cases and buttons as the channel alert, without the owner and "Assign to me".
 */
export function atRiskMessage(rows: readonly AlertRow[], opts: { dataAsOf?: string | null; batch?: AlertBatchView } = {}): Message {
  const part = opts.batch?.part;
  if (part) return churnThreadPart('Your customers at risk', rows, part, { withOwner: false, withAssign: false });
  const all = opts.batch?.all && opts.batch.all.length > rows.length ? opts.batch.all : rows;
  const more = all.length - rows.length;
  const value = all.filter((r) => r.state !== 'recovered').reduce((s, r) => s + (Number(r.details.valueAtRisk) || 0), 0);
  const blocks: (Block | undefined)[] = [
    header(all.length === 1 ? 'One of your customers is at risk' : `${formatInt(all.length)} of your customers are at risk`),
    section(`They are overdue by their own ordering rhythm or likely lost. Together they bring about *${formatMoney(value)}* a year. A call now is cheaper than winning them back later.`),
  ];
  for (const row of rows) blocks.push(...churnCaseBlocks(row, { withOwner: false, withAssign: false }));
  if (more > 0) blocks.push(section(moreInThread(more, more === 1 ? 'customer' : 'customers')));
  blocks.push(context([`${opts.dataAsOf ? `Data as of ${slackDate(opts.dataAsOf, '{date_short_pretty}')} · ` : ''}\`/sales churn\` lists everyone at risk in your book.`]));
  return message(`${formatInt(all.length)} of your customers ${all.length === 1 ? 'is' : 'are'} at risk (${formatMoney(value)}/year)`, blocks);
}
