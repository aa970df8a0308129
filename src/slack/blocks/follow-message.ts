import type { MetricDriver } from '../../analytics/followed-metric.js';
import { formatInt, formatMoney, formatSignedPercent } from '../../lib/format.js';
import { METRIC_LABEL, type MetricName } from '../../lib/metric-names.js';
import { sparkline } from '../../lib/sparkline.js';
import { describeFollow, describeFollowFilters, type FollowChange, type FollowRow } from '../../services/follows.js';
import type { FollowDigest, FollowDigestLine } from '../../services/follow-digest.js';
import { context, header, message, section, type Block, type Message } from './builders.js';
import { chartBlock } from './chart-block.js';
import type { ChartRef } from './report-message.js';
import { slackDate } from './slack-format.js';
import { escapeFit } from './text.js';

const MONEY: readonly MetricName[] = ['revenue', 'avg-basket'];

/** A metric's value as people read it: money in whole units, counts as integers. */
export function metricText(metric: MetricName, v: number | null): string {
  if (v === null) return '—';
  return MONEY.includes(metric) ? formatMoney(v) : formatInt(v);
}

const DIMENSION_WORD: Record<string, string> = { region: 'Region', category: 'Category', product: 'Product', customer: 'Customer' };

/** "Region *Iberia* added 4,200 (10,000 → 14,200)." — one driver or detractor in a plain sentence. */
export function driverSentence(metric: MetricName, d: MetricDriver): string {
  const who = `${DIMENSION_WORD[d.dimension] ?? d.dimension} *${escapeFit(d.name || d.member, 80)}*`;
  const amount = metricText(metric, Math.abs(d.contribution));
  if (metric === 'avg-basket') {
    return `${who}: its basket went from ${metricText(metric, d.previous)} to ${metricText(metric, d.current)}, ${d.contribution > 0 ? 'adding' : 'taking'} ${amount} ${d.contribution > 0 ? 'to' : 'from'} the average.`;
  }
  return `${who} ${d.contribution > 0 ? 'added' : 'took away'} ${amount} (${metricText(metric, d.previous)} → ${metricText(metric, d.current)}).`;
}

function periodText(p: { from: string; to: string }): string {
  return p.from === p.to ? p.to : `${p.from} – ${p.to}`;
}

/** The text of one followed metric in the digest: value, change, expected range, trend, drivers. */
export function followLineText(line: FollowDigestLine, periodWord: string): string {
  const name = `*${METRIC_LABEL[line.metric]}*${escapeFit(describeFollowFilters(line.filters), 200, '')}`;
  const change =
    line.change === null
      ? 'no earlier figure to compare with'
      : line.changeRatio === null
        ? `${line.change === 0 ? 'no change' : `${line.change > 0 ? '+' : '-'}${metricText(line.metric, Math.abs(line.change))}`} vs ${metricText(line.metric, line.previous)} the ${periodWord} before`
        : `${formatSignedPercent(line.changeRatio)} vs ${metricText(line.metric, line.previous)} the ${periodWord} before`;
  const expected = line.expected ? `, expected ${metricText(line.metric, line.expected.lower)}–${metricText(line.metric, line.expected.upper)}` : '';
  const present = line.trend.filter((v): v is number => v !== null);
  const trend =
    present.length > 1
      ? `Trend, last ${line.trend.length} ${periodWord}s: \`${sparkline(line.trend)}\` (low ${metricText(line.metric, Math.min(...present))}, high ${metricText(line.metric, Math.max(...present))})`
      : '';
  const drivers = line.drivers.map((d) => `↑ ${driverSentence(line.metric, d)}`);
  const detractors = line.detractors.map((d) => `↓ ${driverSentence(line.metric, d)}`);
  return [`${name}: ${metricText(line.metric, line.value)} (${change}${expected})`, trend, ...drivers, ...detractors].filter(Boolean).join('\n');
}

/** A person's follow digest: one section per followed metric, one chart for all, where the data stands. */
export function followDigestMessage(d: FollowDigest, chart?: ChartRef): Message {
  const current = d.periods[d.periods.length - 1]!;
  const periodWord = d.cadence === 'daily' ? 'day' : 'week';
  const title = `Your ${d.cadence} metrics · ${periodText(current)}`;
  const notes: string[] = [];
  const blocks: (Block | undefined)[] = [header(title)];
  if (d.lines.length === 0) blocks.push(section('_You follow nothing at this cadence any more._'));
  for (const line of d.lines) blocks.push(section(followLineText(line, periodWord)));
  blocks.push(chartBlock(chart, notes));
  blocks.push(
    context([
      ...(d.scopeLabel ? [`Showing ${escapeFit(d.scopeLabel, 200)}`] : []),
      ...(d.dataEnds ? [`Your data ends ${d.dataEnds}, so the digest ends there.`] : []),
      `\`/sales following\` lists what you follow · \`/sales unfollow <id>\` stops one`,
      ...notes.map((n) => escapeFit(n, 300)),
    ]),
  );
  const first = d.lines[0];
  return message(first ? `${title}: ${METRIC_LABEL[first.metric]} ${metricText(first.metric, first.value)}` : title, blocks);
}

/** The answer to `/sales follow …`. */
export function followChangedMessage(c: FollowChange, opts: { nextRunAt: number | null; notes: string[] }): Message {
  const what = describeFollow(c.follow);
  const head =
    c.outcome === 'same'
      ? `You already follow ${what} (#${c.follow.id}).`
      : c.outcome === 'moved'
        ? `Now ${what} (#${c.follow.id}): it moved to your ${c.follow.cadence} digest.`
        : `Following ${what} (#${c.follow.id}).`;
  const when = `Your ${c.follow.cadence} digest comes by DM ${c.follow.cadence === 'daily' ? 'every morning at 08:00' : 'on Mondays at 08:00'} your time (${escapeFit(c.digest.timeZone, 60)})${opts.nextRunAt !== null ? `; next ${slackDate(opts.nextRunAt)}` : ''}.`;
  return message(head, [section(`${head}\n${when}`), context(opts.notes.map((n) => escapeFit(n, 300)))]);
}

/** The answer to `/sales following`: every follow with its id, grouped by digest. */
export function followingMessage(list: readonly FollowRow[], nextRuns: ReadonlyMap<number, number>): Message {
  if (list.length === 0) {
    return message('You follow no metric yet.', [section('You follow no metric yet. Try `/sales follow revenue` or `/sales follow avg basket daily me`.')]);
  }
  const lines = list.map((f) => {
    const next = nextRuns.get(f.subscriptionId);
    return `• #${f.id} ${escapeFit(describeFollow(f), 200)}${next !== undefined ? ` · next ${slackDate(next)}` : ''}`;
  });
  return message(`You follow ${list.length} metric${list.length === 1 ? '' : 's'}.`, [
    section(`*What you follow* (${list.length})\n${lines.join('\n')}`),
    context(['`/sales unfollow <id>` stops one; `/sales follow … daily|weekly` changes its cadence.']),
  ]);
}

/** The answer to `/sales unfollow …`. */
export function unfollowedMessage(removed: readonly FollowRow[]): Message {
  const text = `Stopped following ${removed.map((f) => `#${f.id} ${describeFollow(f)}`).join('; ')}.`;
  return message(text, [section(escapeFit(text, 2900))]);
}
