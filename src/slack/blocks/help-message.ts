import { FILTER_KEYS } from '../../lib/report-filters.js';
import { REPORTS } from '../../reports/registry.js';
import { optionExample, slackifyFlags } from '../../requests/report-options.js';
import type { ReportSpec } from '../../requests/report-spec.js';
import { SLASH } from '../../requests/report-usage.js';
import { suggest } from '../../requests/typo-suggest.js';
import { ADMIN_LINK_USAGE, ADMIN_ROLE_USAGE, FOLLOW_USAGE, GOAL_USAGE, LOG_USAGE, SUBSCRIBE_USAGE, UNFOLLOW_USAGE, withExamples, type ExampleValues } from '../parse/usage-texts.js';
import { context, divider, header, message, type Block, type Message } from './builders.js';
import { sectionLines } from './section-lines.js';
import { escapeMrkdwn } from './text.js';

const FILTER_HELP: Record<(typeof FILTER_KEYS)[number], [string, string]> = {
  from: ['from:2024-01-01', 'first day included'],
  to: ['to:2024-03-31', 'last day included'],
  last: ['last:90d', 'the last 90 days up to the as-of day (d, w, m or y); or just type `last 90 days`'],
  when: ['when:last-month', 'a named period: today, yesterday, this-week, last-month, this-quarter, ytd, since-march; or just type `last month`, `Q3 2025`, `since March`'],
  region: ['region:North', 'one or more regions (commas between several; quotes around names with spaces)'],
  salesman: ['salesman:S001', 'one or more salesmen by id or name; `me` for your own customers'],
  category: ['category:Paper', 'one or more product categories'],
  customer: ['customer:C00042', 'one or more customers by id or name'],
};

const SUBSCRIPTION_LINES: [string, string][] = [
  ['subscribe rfm weekly on:mon at:08:00 here', 'post a report (or `digest`, `alert churn`) on a schedule, here, to `me` or a #channel'],
  ['subscriptions', 'list your subscriptions with their ids'],
  ['unsubscribe 3', 'remove subscription 3'],
  ['pause 3', 'pause subscription 3 (`resume 3` starts it again)'],
  ['resume 3', 'resume a paused subscription'],
  ['status', 'when scheduled jobs last ran, and whether they failed'],
];

export interface HelpOptions {
  reports?: readonly ReportSpec[];
  /** Until the subscription commands ship, help lists them marked "coming soon". */
  subscriptionsAvailable?: boolean;
  /** A region, category and salesman id from the asker's data, used in every example instead of placeholders. */
  examples?: ExampleValues;
}

/** Things people type that work, shown in the overview (each parses; a test checks). */
export const PLAIN_EXAMPLES = ['top customers last quarter', 'revenue last month', 'who is at risk', 'best sellers ytd', 'churn me', 'clv top 5'] as const;

/** The example request help shows for a report: its module's own example (a test parses every one). */
export function reportExample(report: ReportSpec & { help?: { example: string } }): string {
  return `${report.name} ${report.help?.example ?? 'last:90d'}`;
}

const cmd = (text: string) => `\`${SLASH} ${escapeMrkdwn(text)}\``;

/**
 * `/sales help`: every command on one line with an example; `help <report>` (or `log`, `admin`,
 * `subscribe`, `filters`): that topic in detail. An unknown topic gets the overview and a suggestion.
 */
export function helpMessage(topic?: string, opts: HelpOptions = {}): Message {
  const m = helpBody(topic, opts);
  if (!opts.examples) return m;
  // Examples are written with placeholder values; the asker's own replace them everywhere at once.
  return JSON.parse(withExamples(JSON.stringify(m), jsonSafe(opts.examples))) as Message;
}

/** Example values escaped for insertion into JSON text (they are plain names, but quotes must not break it). */
function jsonSafe(ex: ExampleValues): ExampleValues {
  const esc = (v: string | undefined) => (v === undefined ? undefined : escapeMrkdwn(v).replace(/[\\"]/g, '').replace(/[\u0000-\u001f]/g, ''));
  return { region: esc(ex.region), category: esc(ex.category), salesman: esc(ex.salesman) };
}

function helpBody(topic: string | undefined, opts: HelpOptions): Message {
  const reports = opts.reports ?? REPORTS;
  const t = topic?.trim().toLowerCase();
  if (t) {
    const report = reports.find((r) => r.name === t);
    if (report) return reportHelp(report);
    if (t === 'log') return topicHelp('Logging activities', [LOG_USAGE, 'Activity types: visit, call, email, meeting. The customer is a name or id; quote names with spaces. The rest of the line is kept as notes.']);
    if (t === 'admin') return topicHelp('Admin commands', [ADMIN_ROLE_USAGE, ADMIN_LINK_USAGE, 'Roles: admin (everything), manager (every salesman’s numbers), salesman (their own customers).']);
    if (t === 'goal') {
      return topicHelp('Goals', [
        GOAL_USAGE,
        'Metrics: revenue, orders, new_customers (customers whose first order falls in the period). Amounts like 120000, 120k or 1.2m. Periods: 2026-03, 2026-Q1, this month, next quarter, march. Scope: region:, category:, salesman: (or a salesman id or @person); none = the whole company. Setting a goal again replaces its amount.',
      ]);
    }
    if (t === 'filters') return message('Filters', [header('Filters'), ...sectionLines(filterLines())]);
    if (['follow', 'following', 'unfollow'].includes(t)) {
      return topicHelp('Following metrics', [
        FOLLOW_USAGE,
        UNFOLLOW_USAGE,
        `• \`${SLASH} following\` — what you follow, with ids`,
        'Each follow goes into your daily or weekly digest (weekly unless you say daily), sent by DM at 08:00 your time: the value, the change, the trend and what drove it, in your own scope.',
      ]);
    }
    if (['subscribe', 'subscriptions', 'unsubscribe', 'pause', 'resume', 'status'].includes(t)) {
      const lines = SUBSCRIPTION_LINES.map(([c, d]) => `• \`${SLASH} ${c}\` — ${d}`);
      return topicHelp(`Subscriptions${opts.subscriptionsAvailable ? '' : ' (coming soon)'}`, [SUBSCRIBE_USAGE, ...lines]);
    }
  }
  const blocks = overview(reports, opts.subscriptionsAvailable ?? false);
  if (t) {
    const guess = suggest(t, [...reports.map((r) => r.name), 'log', 'admin', 'filters', 'subscribe', 'goal']);
    blocks.unshift(
      context([`No help topic “${escapeMrkdwn(t.slice(0, 40))}”.${guess ? ` Did you mean \`${SLASH} help ${guess}\`?` : ''}`])!,
    );
  }
  return message('sales-bot commands: /sales <report> [filters], log, admin, subscribe, help', blocks);
}

function overview(reports: readonly ReportSpec[], subscriptions: boolean): Block[] {
  const reportLines = reports.map((r) => `• ${cmd(r.name)} — ${escapeMrkdwn(r.summary)}. e.g. ${cmd(reportExample(r))}`);
  return [
    header('sales-bot: what you can ask'),
    ...sectionLines([`*Reports* — ${cmd('<report> [filters] [public]')}`, ...reportLines]),
    ...sectionLines([
      `*Filters* (every report): ${FILTER_KEYS.map((k) => `\`${escapeMrkdwn(FILTER_HELP[k][0])}\``).join(' ')} · also \`as-of:YYYY-MM-DD\`, \`limit:N\`, and \`public\` to post the answer in the channel.`,
      `*Or just say it*: ${PLAIN_EXAMPLES.map(cmd).join(' · ')} · ${cmd('rfm North')} — a region, category, salesman or customer name works without its key.`,
    ]),
    divider(),
    ...sectionLines([
      '*Your activities*',
      `• ${cmd('log visit "Acme Corp" left samples')} — log a visit, call, email or meeting with a customer`,
      `• ${cmd('calls')} — your call list: who to call, what to offer and why (managers see the team's)`,
      `• ${cmd('goal set revenue 120k this month region:North')} — managers set a target; ${cmd('help goal')} for the rest`,
      '*Admin*',
      `• ${cmd('admin role @user manager')} — set someone’s role: admin, manager or salesman`,
      `• ${cmd('admin link @user S001')} — link a Slack user to their salesman record`,
      `*Subscriptions*${subscriptions ? '' : ' _(coming soon)_'}`,
      ...SUBSCRIPTION_LINES.map(([c, d]) => `• ${cmd(c)} — ${d}`),
    ]),
    context([`${cmd('help <report>')} shows a report’s filters and options · ${cmd('help filters')} · ${cmd('help log')} · ${cmd('help admin')}`])!,
  ];
}

function filterLines(): string[] {
  return [
    ...FILTER_KEYS.map((k) => `• \`${escapeMrkdwn(FILTER_HELP[k][0])}\` — ${FILTER_HELP[k][1]}`),
    'Use either `last:` or `from:`/`to:`. Several values of one filter mean “any of”.',
  ];
}

function reportHelp(report: ReportSpec): Message {
  const options = report.options.map((o) => `• \`${escapeMrkdwn(optionExample(o))}\` — ${escapeMrkdwn(slackifyFlags(o.description))}`);
  const lines = [
    `*${escapeMrkdwn(report.title)}* — ${escapeMrkdwn(report.summary)}.`,
    `*Usage* ${cmd(`${report.name} [filters]${report.options.length ? ' [options]' : ''} [as-of:YYYY-MM-DD] [limit:N] [public]`)}`,
    '*Filters*',
    ...filterLines(),
    ...(options.length ? ['*Options*', ...options] : []),
    '*Also*',
    '• `as-of:2024-03-31` — compute as if today were that day',
    '• `limit:50` — rows in lists (`limit:0` for all)',
    '• `public` — post the answer in the channel instead of only to you',
    '*Examples*',
    `• ${cmd(report.name)}`,
    `• ${cmd(reportExample(report))}`,
    `• ${cmd(`${report.name} last:90d public`)}`,
  ];
  return message(`Help for /sales ${report.name}`, [header(`/sales ${report.name}`), ...sectionLines(lines)]);
}

/** `lines` are mrkdwn written here (backticks as markup) whose `<placeholders>` still need escaping. */
function topicHelp(title: string, lines: readonly string[]): Message {
  return message(title, [header(title), ...sectionLines(lines.map(escapeMrkdwn))]);
}
