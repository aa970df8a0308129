import { FOLLOW_CADENCES, METRIC_PHRASES, readMetric, type FollowCadence } from '../../lib/metric-names.js';
import type { ReportFilters } from '../../lib/report-filters.js';
import { parseReportArgs } from '../../requests/report-args.js';
import type { ReportSpec } from '../../requests/report-spec.js';
import { SLASH } from '../../requests/report-usage.js';
import { partOf } from '../../requests/request-parts.js';
import { suggest } from '../../requests/typo-suggest.js';
import { clip } from '../../requests/usage-error.js';
import type { ParseResult } from './command-types.js';
import { FOLLOW_USAGE, UNFOLLOW_USAGE } from './usage-texts.js';
import { readUser } from './user-mention.js';

/** The words that start a follow command. */
export const FOLLOW_WORDS = ['follow', 'following', 'unfollow'] as const;

/** A follow takes filters only: no report options. */
const FOLLOW_SPEC: ReportSpec = { name: 'follow', title: 'Follow', summary: '', options: [] };

const METRIC_LIST = 'revenue, orders, active customers or average basket';

/** What follows the metric: cadence, filters, `me`, an @person (their salesman book). */
interface FollowArgs {
  cadence?: FollowCadence;
  filters: ReportFilters;
  /** A person picked with @: the filter is their salesman (looked up when the command runs). */
  mentionUserId?: string;
  /** Normal-form tokens of the filters, for the confirmation. */
  tokens: string[];
}

function readArgs(words: readonly string[], command: 'follow' | 'unfollow', usageText: string): { ok: true; args: FollowArgs } | { ok: false; result: ParseResult } {
  const fail = (message: string, suggestion?: string) => ({
    ok: false as const,
    result: { ok: false as const, usage: { message, usage: usageText, command, ...(suggestion ? { suggestion } : {}) } },
  });
  let cadence: FollowCadence | undefined;
  let mentionUserId: string | undefined;
  const rest: string[] = [];
  for (const token of words) {
    const lower = token.toLowerCase();
    const user = readUser(token);
    if ((FOLLOW_CADENCES as readonly string[]).includes(lower)) {
      if (command === 'unfollow') return fail(`unfollow takes no ${lower}: it stops the follow whatever its cadence.`);
      if (cadence !== undefined) return fail('Give one cadence: daily or weekly.');
      cadence = lower as FollowCadence;
    } else if (user.kind === 'user' && /^<@/.test(token)) {
      if (mentionUserId !== undefined) return fail('Name one person.');
      mentionUserId = user.userId;
    } else if (user.kind === 'bare') {
      return fail(`Slack sent "${clip(token)}" as plain text: type @ and pick the person from the list Slack shows.`);
    } else rest.push(token);
  }
  const parsed = parseReportArgs(FOLLOW_SPEC, rest.map(partOf), { allowPublic: false, allowAsOf: false, allowWords: true });
  if (!parsed.ok) return { ok: false, result: { ok: false, usage: { ...parsed.usage, usage: usageText, command } } };
  const a = parsed.args;
  if (Object.keys(a.options).length > 0 || a.limit !== undefined) return fail(`${command} keeps filters only (region:, category:, salesman:, customer:, me).`);
  const f = a.filters;
  if (f.from || f.to || f.last || f.when) {
    return fail('A followed metric takes no dates: daily compares yesterday with the day before, weekly the last 7 days with the 7 before.', 'weekly');
  }
  return { ok: true, args: { ...(cadence ? { cadence } : {}), filters: f, ...(mentionUserId ? { mentionUserId } : {}), tokens: a.tokens } };
}

/**
 * `follow <metric> [daily|weekly] [filters]`: the metric as people say it ("sales", "avg basket",
 * "active customers"), weekly unless told; filters as in reports (`region:`, `category:`, `salesman:`,
 * `customer:`, `me`, plain names) plus an @person for their book.
 */
export function parseFollow(words: readonly string[]): ParseResult {
  const args = words.slice(1);
  const usage = (message: string, suggestion?: string): ParseResult => ({ ok: false, usage: { message, usage: FOLLOW_USAGE, command: 'follow', ...(suggestion ? { suggestion } : {}) } });
  if (args.length === 0) return usage(`Say which metric to follow: ${METRIC_LIST}.`);
  const m = readMetric(args);
  if (!m) return usage(`"${clip(args[0]!)}" is not a metric you can follow; follow ${METRIC_LIST}.`, suggest(args[0]!.toLowerCase(), METRIC_PHRASES));
  const read = readArgs(args.slice(m.taken), 'follow', FOLLOW_USAGE);
  if (!read.ok) return read.result;
  const cadence = read.args.cadence ?? 'weekly';
  return {
    ok: true,
    command: {
      kind: 'follow',
      metric: m.metric,
      cadence,
      filters: read.args.filters,
      ...(read.args.mentionUserId ? { mentionUserId: read.args.mentionUserId } : {}),
      canonical: ['follow', m.metric, cadence, ...(read.args.mentionUserId ? [`<@${read.args.mentionUserId}>`] : []), ...read.args.tokens].join(' '),
    },
  };
}

/** `unfollow <id>[,<id>…]` or `unfollow <metric> [filters]`. */
export function parseUnfollow(words: readonly string[]): ParseResult {
  const args = words.slice(1);
  const usage = (message: string, suggestion?: string): ParseResult => ({ ok: false, usage: { message, usage: UNFOLLOW_USAGE, command: 'unfollow', ...(suggestion ? { suggestion } : {}) } });
  if (args.length === 0) return usage('Say what to stop following: its id (see `/sales following`) or the metric and filters.');
  const idText = args.join(' ').replace(/#/g, '');
  if (/^\d[\d\s,]*$/.test(idText)) {
    const ids = [...new Set(idText.split(/[\s,]+/).filter(Boolean).map(Number))];
    if (ids.some((id) => !(id >= 1 && id <= 999_999_999))) return usage(`"${clip(args.join(' '))}" is not a follow id.`);
    return { ok: true, command: { kind: 'unfollow', ids } };
  }
  const m = readMetric(args);
  if (!m) return usage(`"${clip(args[0]!)}" is neither a follow id nor a metric.`, suggest(args[0]!.toLowerCase(), METRIC_PHRASES));
  const read = readArgs(args.slice(m.taken), 'unfollow', UNFOLLOW_USAGE);
  if (!read.ok) return read.result;
  return { ok: true, command: { kind: 'unfollow', metric: m.metric, filters: read.args.filters, ...(read.args.mentionUserId ? { mentionUserId: read.args.mentionUserId } : {}) } };
}

/** `following` takes nothing after it. */
export function parseFollowing(words: readonly string[]): ParseResult {
  if (words.length > 1) {
    return { ok: false, usage: { message: `following takes nothing after it; "${clip(words.slice(1).join(' '))}" is extra.`, usage: `\`${SLASH} following\``, command: 'following' } };
  }
  return { ok: true, command: { kind: 'following' } };
}
