import { formatInt, formatMoney } from '../../lib/format.js';
import type { AlertBatchView, AlertRow } from '../../services/alerts.js';
import { actions, button, context, header, message, section, type Block, type Message } from './builders.js';
import { ALERT_ACTION_IDS, alertStatusLine } from './churn-alert-message.js';
import { slackDate } from './slack-format.js';
import { escapeFit } from './text.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : Number(v) || 0);

/** An amount in the target's metric: money for revenue, a count otherwise. */
function amount(metric: unknown, v: unknown): string {
  return metric === 'revenue' ? formatMoney(num(v)) : formatInt(Math.round(num(v)));
}
const METRIC_WORDS: Record<string, string> = { revenue: 'revenue', orders: 'orders', new_customers: 'new customers' };

/** One target behind pace: the gap and days left, the overdue customers, the cross-sell ideas, Snooze / Handled. */
function pacingBlocks(row: AlertRow): Block[] {
  const d = row.details;
  const m = d.metric;
  const left = num(d.workingDaysLeft);
  const lines = [
    `*${escapeFit(str(d.label), 120)}* · ${METRIC_WORDS[str(m)] ?? escapeFit(str(m), 20)} ${escapeFit(str(d.period), 10)}: projected *${amount(m, d.projected)}* (${amount(m, d.projectedLower)}–${amount(m, d.projectedUpper)}) against a target of *${amount(m, d.target)}*`,
    `*${amount(m, d.gap)} short* with *${formatInt(left)} working day${left === 1 ? '' : 's'} left* (to ${slackDate(str(d.periodTo), '{date_short_pretty}')}); ${amount(m, d.actual)} so far${
      d.neededPerWorkingDay === null || d.neededPerWorkingDay === undefined ? '' : `, ${amount(m, d.neededPerWorkingDay)} needed per working day`
    }.`,
  ];
  const status = alertStatusLine(row);
  if (status) lines.push(status);
  const blocks: Block[] = [section(lines.join('\n'), { blockId: `pacing-${row.id}` })];
  const overdue = Array.isArray(d.overdue) ? (d.overdue as { name: string; customerExternalId: string; rhythm: string }[]) : [];
  if (overdue.length > 0) {
    const more = num(d.moreOverdue);
    blocks.push(
      section(
        [
          '*Usual orders overdue:*',
          ...overdue.map((o) => `• ${escapeFit(o.name || o.customerExternalId, 100)} — ${escapeFit(o.rhythm, 160)}`),
          ...(more > 0 ? [`…and ${formatInt(more)} more: \`/sales churn\` lists them.`] : []),
        ].join('\n'),
      ),
    );
  }
  const ideas = Array.isArray(d.crossSell) ? (d.crossSell as { customerName: string; productName: string; because: string[] }[]) : [];
  if (ideas.length > 0) {
    blocks.push(
      section(
        [
          '*Cross-sell ideas for your customers:*',
          ...ideas.map((x) => `• ${escapeFit(x.customerName, 80)}: ${escapeFit(x.productName, 80)}${x.because.length > 0 ? ` (buys ${escapeFit(x.because.join(', '), 120)})` : ''}`),
        ].join('\n'),
      ),
    );
  }
  if (row.state === 'open' || row.state === 'snoozed') {
    const value = String(row.id);
    const a = actions(
      [...(row.state === 'open' ? [button('Snooze 7 days', ALERT_ACTION_IDS.snooze, value)] : []), button('Mark handled', ALERT_ACTION_IDS.handled, value, 'primary')],
      `pacing-actions-${row.id}`,
    );
    if (a) blocks.push(a);
  }
  return blocks;
}

/**
 * A pacing alert: each target whose projected end of period falls short with less than a third of the
 * period left (largest gap first), with what to do about it. A thread message (`batch.part`) carries
 * the targets beyond the first message's.
 */
export function pacingAlertMessage(rows: readonly AlertRow[], opts: { dataAsOf: string | null; batch: AlertBatchView }): Message {
  const all = opts.batch.all ?? rows;
  const part = opts.batch.part;
  const blocks: (Block | undefined)[] = part
    ? [context([`Targets behind ${part.first}–${part.first + rows.length - 1} of ${part.total}`])]
    : [header(all.length === 1 ? 'A target is falling behind' : `${formatInt(all.length)} targets are falling behind`)];
  for (const row of rows) blocks.push(...pacingBlocks(row));
  const more = all.length - rows.length;
  if (!part && more > 0) blocks.push(section(`:thread: *${formatInt(more)} more target${more === 1 ? '' : 's'}* in this message's thread.`));
  if (!part) blocks.push(context([`${opts.dataAsOf ? `Data as of ${slackDate(opts.dataAsOf, '{date_short_pretty}')} · ` : ''}\`/sales goals\` shows every target and its pace.`]));
  const first = rows[0];
  const text = first
    ? `${str(first.details.label)} is ${amount(first.details.metric, first.details.gap)} short of the ${str(first.details.period)} target with ${formatInt(num(first.details.workingDaysLeft))} working days left${all.length > 1 ? ', and more' : ''}`
    : 'Targets behind pace';
  return message(part ? `Targets behind ${part.first}–${part.first + rows.length - 1} of ${part.total}` : text, blocks);
}
