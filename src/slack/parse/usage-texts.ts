import { PLAIN_WORDS_LINE, reportRequestLine, SLASH } from '../../requests/report-usage.js';
import type { ReportSpec } from '../../requests/report-spec.js';
import { SALESMEN_ALERTS } from '../../lib/alert-names.js';
import { ACTIVITY_TYPES, BOT_ROLES } from './command-types.js';

/**
 * Placeholder values the usage and help texts are written with; `withExamples` swaps them for values
 * that exist in the asker's data, so an example never names a region the person does not have.
 */
export const PLACEHOLDER = { region: 'North', salesman: 'S001', category: 'Paper' } as const;

/** Values from the asker's data for the examples (any may be missing: then the placeholder stays). */
export interface ExampleValues {
  region?: string | undefined;
  category?: string | undefined;
  salesman?: string | undefined;
}

// Quotes are written curly: Slack accepts them (the tokenizer reads both) and they survive JSON text.
const quoted = (v: string) => (/[\s",]/.test(v) ? `“${v.replace(/["“”]/g, '')}”` : v);

/** `text` with the placeholder values (whole words) replaced by the asker's own (`region:North` → `region:Iberia`). */
export function withExamples(text: string, ex: ExampleValues | undefined): string {
  if (!ex) return text;
  let out = text;
  if (ex.region) out = out.replace(new RegExp(`\\b${PLACEHOLDER.region}\\b`, 'g'), quoted(ex.region));
  if (ex.category) out = out.replace(new RegExp(`\\b${PLACEHOLDER.category}\\b`, 'g'), quoted(ex.category));
  if (ex.salesman) out = out.replace(new RegExp(`\\b${PLACEHOLDER.salesman}\\b`, 'g'), quoted(ex.salesman));
  return out;
}

export const LOG_USAGE = `\`${SLASH} log ${ACTIVITY_TYPES.join('|')} <customer> [notes]\`, e.g. \`${SLASH} log visit "Acme Corp" left samples\``;

export const ADMIN_ROLE_USAGE = `\`${SLASH} admin role @user ${BOT_ROLES.join('|')}\` (pick @user from the list Slack offers)`;
export const ADMIN_LINK_USAGE = `\`${SLASH} admin link @user <salesman id>\`, e.g. \`${SLASH} admin link @user S001\` (pick @user from the list Slack offers)`;
export const ADMIN_USAGE = `${ADMIN_ROLE_USAGE}\n${ADMIN_LINK_USAGE}`;

export const SUBSCRIBE_USAGE = [
  `\`${SLASH} subscribe <report>|digest|alert <churn|at-risk|slow|crosssell|deals|pacing|anomalies> <daily|weekdays|weekly <day>|monthly <1-28>|cron "<pattern>"> [at HH:MM] [here|me|salesmen|#channel|@person] [filters] [skip-empty] [only-changed]\``,
  `salesmen (one DM each, about his own book) goes with the alerts ${SALESMEN_ALERTS.join(', ')}`,
  `e.g. \`${SLASH} subscribe rfm weekly mon at 08:00 #sales region:North\` · \`${SLASH} subscribe alert crosssell weekly mon salesmen\``,
].join('\n');

export const FOLLOW_USAGE = [
  `\`${SLASH} follow <revenue|orders|active customers|avg basket> [daily|weekly] [region:… category:… salesman:… customer:…|me|@person]\` (weekly unless you say daily)`,
  `e.g. \`${SLASH} follow revenue region:North\` · \`${SLASH} follow avg basket category:Paper daily\` · \`${SLASH} follow orders me\``,
].join('\n');

export const UNFOLLOW_USAGE = `\`${SLASH} unfollow <id>\` (the id \`${SLASH} following\` shows) or \`${SLASH} unfollow <metric> [filters]\`, e.g. \`${SLASH} unfollow revenue region:North\``;

export const SUBSCRIPTION_ID_USAGE = (word: string): string => `\`${SLASH} ${word} <id>\` (the id \`${SLASH} subscriptions\` shows), e.g. \`${SLASH} ${word} 3\``;

export const GOAL_USAGE = [
  `\`${SLASH} goal set revenue|orders|new_customers <amount> <month or quarter> [region:North|category:Paper|salesman:S001|@person]\` (managers and admins)`,
  `e.g. \`${SLASH} goal set revenue 120k this month region:North\` · \`${SLASH} goal set orders 300 2026-Q1 S001\` · \`${SLASH} goal set new_customers 5 next month\``,
].join('\n');

/** Words that start a command other than a report name. */
export const COMMAND_WORDS = ['help', 'log', 'admin', 'subscribe', 'subscriptions', 'unsubscribe', 'pause', 'resume', 'status', 'calls', 'goal', 'follow', 'following', 'unfollow'] as const;

/** Short usage of everything, for an unknown first word. */
export function generalUsage(reports: readonly ReportSpec[]): string {
  return [
    reportRequestLine(reports),
    `\`${SLASH} log …\` · \`${SLASH} admin …\` · \`${SLASH} subscribe …\` · \`${SLASH} follow …\` · \`${SLASH} goal set …\``,
    PLAIN_WORDS_LINE,
    `\`${SLASH} help\` lists every command; \`${SLASH} help <report>\` shows one report's filters and options.`,
  ].join('\n');
}
