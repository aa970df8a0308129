import { formatInt, formatMoney } from '../../lib/format.js';
import type { AlertBatchView, AlertRow } from '../../services/alerts.js';
import { actions, button, context, header, message, section, type Block, type Message } from './builders.js';
import { slackDate, userMention } from './slack-format.js';
import { escapeFit } from './text.js';

/** Button action ids of churn and at-risk alerts; the value is the alert id, checked server-side. */
export const ALERT_ACTION_IDS = {
  snooze: 'alert_snooze',
  handled: 'alert_handled',
  assign: 'alert_assign',
} as const;

const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : Number(v) || 0);

/** The state line under a case: who snoozed, handled or took it, or that the customer came back. */
export function alertStatusLine(row: AlertRow): string | undefined {
  const d = row.details;
  switch (row.state) {
    case 'recovered':
      return ':tada: *Recovered*: ordered again.';
    case 'handled':
      return `:white_check_mark: Handled by ${userMention(d.handledBy)}${row.assignedSlackUserId ? ` · assigned to ${userMention(row.assignedSlackUserId)}` : ''}.`;
    case 'snoozed':
      return `:zzz: Snoozed until ${row.snoozedUntil ? slackDate(row.snoozedUntil, '{date_short_pretty}') : 'later'} by ${userMention(d.snoozedBy)}${
        row.assignedSlackUserId ? ` · assigned to ${userMention(row.assignedSlackUserId)}` : ''
      }.`;
    default:
      return row.assignedSlackUserId ? `:bust_in_silhouette: Assigned to ${userMention(row.assignedSlackUserId)}.` : undefined;
  }
}

/**
 * One at-risk customer: name, owner, value at risk and how their rhythm changed, the state, and the
 * buttons while something can still be done (open or snoozed).
 */
export function churnCaseBlocks(row: AlertRow, opts: { withOwner: boolean; withAssign: boolean }): Block[] {
  const d = row.details;
  const name = escapeFit(str(d.name) || str(d.customerExternalId), 150, 'Customer');
  const owner = opts.withOwner ? ` · owner ${escapeFit(str(d.ownerName) || 'nobody', 80)}` : '';
  const id = str(d.customerExternalId) ? ` [${escapeFit(str(d.customerExternalId), 40)}]` : '';
  const lines = [`*${name}*${id}${owner} · value at risk *${formatMoney(num(d.valueAtRisk))}*/year`, escapeFit(str(d.rhythm), 300, 'no recent orders')];
  const status = alertStatusLine(row);
  if (status) lines.push(status);
  const blocks: Block[] = [section(lines.join('\n'), { blockId: `alert-${row.id}` })];
  if (row.state === 'open' || row.state === 'snoozed') {
    const value = String(row.id);
    const buttons = [
      ...(row.state === 'open' ? [button('Snooze 7 days', ALERT_ACTION_IDS.snooze, value)] : []),
      button('Mark handled', ALERT_ACTION_IDS.handled, value, 'primary'),
      ...(opts.withAssign && !row.assignedSlackUserId ? [button('Assign to me', ALERT_ACTION_IDS.assign, value)] : []),
    ];
    const a = actions(buttons, `alert-actions-${row.id}`);
    if (a) blocks.push(a);
  }
  return blocks;
}

/** Count, value still at risk and recoveries of a batch of churn cases. */
export function churnSummary(rows: readonly AlertRow[]): string {
  const open = rows.filter((r) => r.state !== 'recovered' && r.state !== 'handled');
  const value = open.reduce((s, r) => s + num(r.details.valueAtRisk), 0);
  const recovered = rows.filter((r) => r.state === 'recovered').length;
  const handled = rows.filter((r) => r.state === 'handled').length;
  return [
    `${formatInt(rows.length)} customer${rows.length === 1 ? '' : 's'}`,
    `${formatMoney(value)}/year still at risk`,
    ...(recovered > 0 ? [`${formatInt(recovered)} recovered`] : []),
    ...(handled > 0 ? [`${formatInt(handled)} handled`] : []),
  ].join(' · ');
}

/** "… and 150 more in the thread": what the summary does not show, and where it is. */
export function moreInThread(more: number, noun: string): string {
  return `:thread: *${formatInt(more)} more ${noun}* ${more === 1 ? 'is' : 'are'} in this message's thread, with the same buttons.`;
}

/**
 * The weekly churn alert to a channel: customers newly at risk, each with their owner, rhythm and value
 * at risk, and Snooze 7 days / Mark handled / Assign to me. With `batch.all` it is the summary of a
 * larger announcement (totals of every case, the top ones here, the rest in its thread); with
 * `batch.part` it is one of the thread messages. Rendered again from the stored states after every
 * click and when a customer orders again, so each message always shows the current state.
 */
/**
 * One thread message of a churn-style alert: "title, 16–30 of 160" and those cases with their buttons
 * (the channel alert and the salesman's at-risk DM differ only in the title and the case options).
 */
export function churnThreadPart(
  title: string,
  rows: readonly AlertRow[],
  part: NonNullable<AlertBatchView['part']>,
  caseOpts: { withOwner: boolean; withAssign: boolean },
): Message {
  const last = part.first + rows.length - 1;
  const blocks: Block[] = [section(`*${title}, ${formatInt(part.first)}–${formatInt(last)} of ${formatInt(part.total)}*`)];
  for (const row of rows) blocks.push(...churnCaseBlocks(row, caseOpts));
  return message(`${title}, ${part.first}–${last} of ${part.total}`, blocks);
}

export function churnAlertMessage(rows: readonly AlertRow[], opts: { dataAsOf?: string | null; filtersText?: string; batch?: AlertBatchView } = {}): Message {
  const part = opts.batch?.part;
  if (part) return churnThreadPart('Customers newly at risk', rows, part, { withOwner: true, withAssign: true });
  const all = opts.batch?.all && opts.batch.all.length > rows.length ? opts.batch.all : rows;
  const more = all.length - rows.length;
  const blocks: (Block | undefined)[] = [header(`Customers newly at risk of churning`), context([churnSummary(all)])];
  if (more > 0) blocks.push(context([`Top ${formatInt(rows.length)} by value at risk below.`]));
  for (const row of rows) blocks.push(...churnCaseBlocks(row, { withOwner: true, withAssign: true }));
  if (more > 0) blocks.push(section(moreInThread(more, more === 1 ? 'customer' : 'customers')));
  blocks.push(
    context([
      [
        opts.filtersText ? escapeFit(opts.filtersText, 300) : '',
        opts.dataAsOf ? `data as of ${slackDate(opts.dataAsOf, '{date_short_pretty}')}` : '',
        'Snoozed customers come back after 7 days if still at risk; handled ones only after they order again.',
      ]
        .filter(Boolean)
        .join(' · '),
    ]),
  );
  const names = rows.slice(0, 5).map((r) => str(r.details.name)).filter(Boolean);
  const value = all.filter((r) => r.state !== 'recovered' && r.state !== 'handled').reduce((s, r) => s + num(r.details.valueAtRisk), 0);
  return message(
    `${formatInt(all.length)} customer${all.length === 1 ? '' : 's'} newly at risk (${formatMoney(value)}/year): ${names.join(', ')}${all.length > names.length ? '…' : ''}`,
    blocks,
  );
}
