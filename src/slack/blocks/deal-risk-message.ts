import { ACTIVITY_KINDS } from '../../db/schema/crm.js';
import { formatInt, formatMoney } from '../../lib/format.js';
import type { AlertBatchView, AlertRow } from '../../services/alerts.js';
import { DEAL_LOST_REASONS } from '../../services/deal-alerts.js';
import { ACTION_IDS, encodeDealAction } from '../parse/action-value.js';
import { actions, context, header, message, plain, section, type Block, type Message, type StaticSelect } from './builders.js';
import { LIMITS } from './limits.js';
import { slackDate, userMention } from './slack-format.js';
import { escapeFit } from './text.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
const amountOf = (r: AlertRow): number => (typeof r.details.amount === 'number' ? r.details.amount : 0);

function select(actionId: string, placeholder: string, row: AlertRow, kind: 'log' | 'lost', choices: readonly string[]): StaticSelect {
  return {
    type: 'static_select',
    action_id: actionId,
    placeholder: plain(placeholder, LIMITS.placeholderText),
    options: choices.map((c) => ({ text: plain(c, LIMITS.optionText), value: encodeDealAction({ kind, alertId: row.id, choice: c }) })),
  };
}

/** One deal: what and why, then "Log activity" and "Mark lost" (each a choice: the kind, the reason). */
function dealBlocks(row: AlertRow): Block[] {
  const d = row.details;
  const customer = escapeFit(str(d.customerName) || str(d.customerExternalId) || 'No customer', 120);
  const amount = typeof d.amount === 'number' ? ` · ${formatMoney(d.amount)}` : '';
  const lines = [`*${customer}* · deal ${escapeFit(str(d.leadExternalId), 60)} (${escapeFit(str(d.stage), 20)})${amount}`, escapeFit(str(d.why), 500)];
  if (row.state === 'handled') {
    lines.push(
      d.verdict === 'deal_lost'
        ? `:heavy_multiplication_x: Marked lost: ${escapeFit(str(d.lostReason), 40)} (${userMention(d.handledBy)})`
        : `:white_check_mark: ${escapeFit(str(d.activityKind) || 'Activity', 20)} logged (${userMention(d.handledBy)})`,
    );
  }
  const blocks: Block[] = [section(lines.join('\n'), { blockId: `deal-${row.id}` })];
  if (row.state === 'open') {
    const a = actions(
      [select(ACTION_IDS.dealLog, 'Log activity', row, 'log', ACTIVITY_KINDS), select(ACTION_IDS.dealLost, 'Mark lost…', row, 'lost', DEAL_LOST_REASONS)],
      `deal-actions-${row.id}`,
    );
    if (a) blocks.push(a);
  }
  return blocks;
}

/**
 * A salesman's weekly DM with their own deals at risk, largest first: each deal with its reasons and
 * two choices, "Log activity" (visit, call, email, meeting on the deal's customer, as `/sales log` does)
 * and "Mark lost…" with a reason (written to the leads tables as an import would). A thread message
 * (`batch.part`) lists the deals beyond the first message's.
 */
export function dealRiskMessage(rows: readonly AlertRow[], opts: { dataAsOf?: string | null; batch?: AlertBatchView } = {}): Message {
  const part = opts.batch?.part;
  const all = opts.batch?.all && opts.batch.all.length > rows.length ? opts.batch.all : rows;
  const total = all.reduce((s, r) => s + amountOf(r), 0);
  const blocks: (Block | undefined)[] = part
    ? [context([`Deals ${formatInt(part.first)}–${formatInt(part.first + rows.length - 1)} of ${formatInt(part.total)}.`])]
    : [
        header(all.length === 1 ? 'One of your deals needs attention' : `${formatInt(all.length)} of your deals need attention`),
        section(`Stalled past the usual time in their stage, quiet for two weeks, past their close date, or won without an order yet: *${formatMoney(total)}* in all.`),
      ];
  for (const row of rows) blocks.push(...dealBlocks(row));
  const more = all.length - rows.length;
  if (!part && more > 0) blocks.push(section(`:thread: *${formatInt(more)} more deal${more === 1 ? '' : 's'}* in this message's thread.`));
  if (!part) blocks.push(context([`${opts.dataAsOf ? `Data as of ${slackDate(opts.dataAsOf, '{date_short_pretty}')} · ` : ''}\`/sales deals\` lists every deal at risk in your book.`]));
  const first = rows[0];
  return message(
    part ? `Deals at risk ${part.first}–${part.first + rows.length - 1} of ${part.total}` : `${formatInt(all.length)} of your deals need attention${first ? `: ${str(first.details.customerName) || str(first.details.leadExternalId)}${all.length > 1 ? ' and more' : ''}` : ''}`,
    blocks,
  );
}
