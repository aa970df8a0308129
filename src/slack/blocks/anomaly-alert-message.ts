import { formatInt, formatMoney } from '../../lib/format.js';
import type { AlertBatchView, AlertRow } from '../../services/alerts.js';
import { actions, button, context, header, message, section, type Block, type Message } from './builders.js';
import { ALERT_ACTION_IDS, alertStatusLine } from './churn-alert-message.js';
import { slackDate } from './slack-format.js';
import { escapeFit } from './text.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : Number(v) || 0);

function amount(metric: string, v: number): string {
  return metric === 'revenue' || metric === 'avg-basket' ? formatMoney(v) : formatInt(Math.round(v));
}

function sliceName(d: Record<string, unknown>): string {
  const dim = str(d.dimension);
  // A salesman's fan-out DM: the slices are his book and parts of it.
  const own = d.ownBook === true;
  if (dim === 'all' || dim === '') return own ? 'your book' : 'overall';
  return `${own ? 'your book, ' : ''}${dim} ${escapeFit(str(d.name) || str(d.member), 80)}`;
}

/** One anomaly: metric, slice and period, actual against expected and its range, drivers, state, buttons. */
function caseBlocks(row: AlertRow): Block[] {
  const d = row.details;
  const metric = str(d.metric);
  const dev = d.deviation === null || d.deviation === undefined ? '' : ` (${num(d.deviation) > 0 ? '+' : ''}${Math.round(num(d.deviation) * 100)} %)`;
  const when = str(d.grain) === 'week' ? `week of ${escapeFit(str(d.period), 12)}` : escapeFit(str(d.period), 12);
  const arrow = d.direction === 'above' ? ':chart_with_upwards_trend:' : ':chart_with_downwards_trend:';
  const lines = [
    `${arrow} *${escapeFit(str(d.metricLabel) || metric, 40)}*, ${sliceName(d)}, ${when}: *${amount(metric, num(d.actual))}*${dev}, expected ${amount(metric, num(d.expected))} (95 % range ${amount(metric, num(d.lower))}–${amount(metric, num(d.upper))})`,
  ];
  const drivers = Array.isArray(d.drivers) ? (d.drivers as { dimension: string; name: string; contribution: number }[]) : [];
  if (drivers.length > 0)
    lines.push(`Drivers vs expected: ${drivers.map((x) => `${escapeFit(str(x.dimension), 20)} ${escapeFit(str(x.name), 60)} ${num(x.contribution) > 0 ? '+' : '−'}${amount(metric, Math.abs(num(x.contribution)))}`).join(' · ')}`);
  if (d.yearlySeason === false) lines.push('_Under two years of history: the yearly season is not known yet._');
  const status = alertStatusLine(row);
  if (status) lines.push(status);
  const blocks: Block[] = [section(lines.join('\n'), { blockId: `alert-${row.id}` })];
  if (row.state === 'open' || row.state === 'snoozed') {
    const value = String(row.id);
    const a = actions([...(row.state === 'open' ? [button('Snooze 7 days', ALERT_ACTION_IDS.snooze, value)] : []), button('Mark handled', ALERT_ACTION_IDS.handled, value, 'primary')], `alert-actions-${row.id}`);
    if (a) blocks.push(a);
  }
  return blocks;
}

/**
 * Anomalies of a day or week: each metric and slice outside its 95 % expected range, largest deviation
 * first, with the drivers against the expected value. The summary shows the first few (ALERT_LAYOUT) and
 * says how many more are in its thread; a thread message shows its position.
 */
export function anomalyAlertMessage(rows: readonly AlertRow[], opts: { dataAsOf?: string | null; batch?: AlertBatchView } = {}): Message {
  const part = opts.batch?.part;
  if (part) {
    const last = part.first + rows.length - 1;
    return message(`Anomalies ${part.first}–${last} of ${part.total}`, [section(`*Anomalies, ${formatInt(part.first)}–${formatInt(last)} of ${formatInt(part.total)}*`), ...rows.flatMap(caseBlocks)]);
  }
  const all = opts.batch?.all && opts.batch.all.length > rows.length ? opts.batch.all : rows;
  const more = all.length - rows.length;
  const blocks: (Block | undefined)[] = [header(`${formatInt(all.length)} metric${all.length === 1 ? '' : 's'} outside the expected range`), ...rows.flatMap(caseBlocks)];
  if (more > 0) blocks.push(section(`:thread: *${formatInt(more)} more* ${more === 1 ? 'is' : 'are'} in this message's thread, with the same buttons.`));
  blocks.push(
    context([`Expected: a seasonal forecast (weekday and month of year) from the history before${opts.dataAsOf ? ` · data as of ${slackDate(opts.dataAsOf, '{date_short_pretty}')}` : ''} · \`/sales why\` explains a change.`]),
  );
  const first = rows[0]?.details;
  const text = first ? `${str(first.metricLabel)} ${sliceName(first)} ${str(first.direction)} expected${all.length > 1 ? ` and ${all.length - 1} more` : ''}` : 'Anomalies';
  return message(text, blocks);
}
