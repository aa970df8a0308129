import { ALERT_NAMES, PER_SALESMAN_ALERTS, SALESMEN_ALERTS, type AlertName } from '../../lib/alert-names.js';
import { cronProblem } from '../../lib/cron.js';
import { parseReportArgs } from '../../requests/report-args.js';
import type { ReportSpec } from '../../requests/report-spec.js';
import { partOf } from '../../requests/request-parts.js';
import { tokenizeSpans } from '../../requests/tokens.js';
import { suggest } from '../../requests/typo-suggest.js';
import { clip } from '../../requests/usage-error.js';
import type { ParseResult, SubscriptionSchedule, SubscriptionSubject, SubscriptionTarget } from './command-types.js';
import { readChannel, readUser } from './user-mention.js';
import { SLASH } from '../../requests/report-usage.js';
import { SUBSCRIBE_USAGE, SUBSCRIPTION_ID_USAGE } from './usage-texts.js';

/** The words that start a subscription command (`/sales <word> …`). */
export const SUBSCRIPTION_WORDS = ['subscribe', 'subscriptions', 'unsubscribe', 'pause', 'resume', 'status'] as const;

// Maps, not object literals: a typed word such as "constructor" must not find Object.prototype.
const EVERY = new Map<string, Exclude<SubscriptionSchedule['every'], 'cron'>>([
  ['daily', 'day'],
  ['weekdays', 'weekday'],
  ['weekly', 'week'],
  ['monthly', 'month'],
]);
const EVERY_WORD: Record<Exclude<SubscriptionSchedule['every'], 'cron'>, string> = { day: 'daily', weekday: 'weekdays', week: 'weekly', month: 'monthly' };
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FLAGS = ['skip-empty', 'only-changed'] as const;
const TARGET_WORDS = ['here', 'me', 'salesmen'] as const;
const SCHEDULE_WORDS = [...EVERY.keys(), 'cron', 'at', ...TARGET_WORDS, ...FLAGS];

/** Defaults: reports and the digest weekly on Monday, alerts every day; 08:00. */
const DEFAULT_AT = '08:00';

const WEEKDAY_NAMES = new Map(
  Object.entries({
    sun: 0, sunday: 0, mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, wednesday: 3,
    thu: 4, thur: 4, thurs: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6,
  }),
);

/** "08:00", "8:30", "8", "5pm" → "HH:MM" (24-hour), else undefined. */
export function parseAt(value: string): string | undefined {
  const m = /^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm)?$/i.exec(value.trim());
  if (!m) return undefined;
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  const half = m[3]?.toLowerCase();
  if (half) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return undefined;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

function weekday(value: string): number | undefined {
  return WEEKDAY_NAMES.get(value.trim().toLowerCase());
}

function monthDay(value: string): number | undefined {
  return /^\d{1,2}$/.test(value) && Number(value) >= 1 && Number(value) <= 28 ? Number(value) : undefined;
}

function cronOf(every: Exclude<SubscriptionSchedule['every'], 'cron'>, at: string, on: number | undefined): string {
  const [h, m] = at.split(':').map(Number) as [number, number];
  const time = `${m} ${h}`;
  if (every === 'day') return `${time} * * *`;
  if (every === 'weekday') return `${time} * * 1-5`;
  if (every === 'week') return `${time} * * ${on ?? 1}`;
  return `${time} ${on ?? 1} * *`;
}

function targetWord(t: SubscriptionTarget): string {
  if (t.kind === 'channel') return `<#${t.channelId}>`;
  if (t.kind === 'user') return `<@${t.userId}>`;
  return t.kind;
}

/**
 * `subscribe <report>|digest|alert <name> <daily|weekdays|weekly [day]|monthly [1-28]|cron "<pattern>">
 * [at HH:MM] [here|me|salesmen|#channel|@user] [filters] [skip-empty] [only-changed]`. The forms
 * `at:HH:MM` and `on:mon|15` are accepted too, and `subscribe report <name>` as well as `subscribe <name>`.
 * Channels and people must be picked from Slack's autocomplete (they arrive as `<#C…|name>`, `<@U…|name>`).
 */
export function parseSubscribe(words: readonly string[], reports: readonly ReportSpec[]): ParseResult {
  const usage = (message: string, suggestion?: string): ParseResult => ({
    ok: false,
    usage: { message, usage: SUBSCRIBE_USAGE, command: 'subscribe', ...(suggestion ? { suggestion } : {}) },
  });
  let i = 1;
  let first = words[i]?.toLowerCase();
  if (first === 'report' && words[2] !== undefined && reports.some((r) => r.name === words[2]!.toLowerCase())) first = words[++i]!.toLowerCase();
  if (first === undefined) return usage('Say what to subscribe to: a report, the digest or an alert.');
  let subject: SubscriptionSubject;
  let spec: ReportSpec;
  let subjectWords: string[];
  const report = reports.find((r) => r.name === first);
  if (report) {
    spec = report;
    subjectWords = [report.name];
    subject = { kind: 'report', report: report.name, filters: {}, options: {}, canonical: report.name };
    i += 1;
  } else if (first === 'digest') {
    spec = { name: 'digest', title: 'Digest', summary: '', options: [] };
    subjectWords = ['digest'];
    subject = { kind: 'digest' };
    i += 1;
  } else if (first === 'alert') {
    const name = words[i + 1]?.toLowerCase();
    if (name === undefined) return usage(`Name the alert: ${ALERT_NAMES.join(', ')}; e.g. subscribe alert churn weekly mon #sales.`);
    if (!(ALERT_NAMES as readonly string[]).includes(name)) {
      return usage(`"${clip(words[i + 1]!)}" is not an alert; the alerts are ${ALERT_NAMES.join(', ')}.`, suggest(name, ALERT_NAMES));
    }
    spec = { name: `alert ${name}`, title: 'Alert', summary: '', options: [] };
    subjectWords = ['alert', name];
    subject = { kind: 'alert', alert: name };
    i += 2;
  } else {
    const guess = suggest(first, [...reports.map((r) => r.name), 'digest', 'alert']);
    return usage(`"${clip(words[i]!)}" is not a report, the digest or an alert.`, guess);
  }
  const rest = words.slice(i);

  let every: SubscriptionSchedule['every'] | undefined;
  let cron: string | undefined;
  let at: string | undefined;
  let on: number | undefined;
  let onKind: 'week' | 'month' | undefined;
  let target: SubscriptionTarget | undefined;
  const flags = new Set<string>();
  const reportTokens: string[] = [];
  const oneSchedule = () => usage('Give one schedule: daily, weekdays, weekly <day>, monthly <day> or cron "<pattern>".');

  for (let k = 0; k < rest.length; k++) {
    const token = rest[k]!;
    const lower = token.toLowerCase();
    const next = rest[k + 1];
    const schedule = EVERY.get(lower);
    const channel = readChannel(token);
    const user = readUser(token);
    if (schedule) {
      if (every) return oneSchedule();
      every = schedule;
      // `weekly mon` / `monthly 15`: the day may follow the word.
      if (schedule === 'week' && next !== undefined && weekday(next) !== undefined) {
        on = weekday(next);
        onKind = 'week';
        k++;
      } else if (schedule === 'month' && next !== undefined && /^\d{1,2}$/.test(next)) {
        on = monthDay(next);
        if (on === undefined) return usage(`monthly ${clip(next)}: give a day of the month from 1 to 28 (every month has it).`, 'monthly 1');
        onKind = 'month';
        k++;
      }
    } else if (lower === 'cron') {
      if (every) return oneSchedule();
      if (next === undefined) return usage('cron needs a pattern in quotes, e.g. cron "0 8 * * 1-5".', 'cron "0 8 * * 1-5"');
      const problem = cronProblem(next);
      if (problem) return usage(`cron "${clip(next)}": ${problem}.`, 'cron "0 8 * * 1-5"');
      every = 'cron';
      cron = next.trim().split(/\s+/).join(' ');
      k++;
    } else if (lower === 'at' || lower.startsWith('at:')) {
      if (at) return usage('The time is given twice.');
      const raw = lower === 'at' ? next : token.slice(3);
      if (raw === undefined) return usage('at needs a time, e.g. at 08:00.', 'at 08:00');
      at = parseAt(raw);
      if (!at) return usage(`at "${clip(raw)}" is not a time; write it like at 08:00 or at 5pm.`, 'at 08:00');
      if (lower === 'at') k++;
    } else if (lower.startsWith('on:')) {
      if (on !== undefined) return usage('The day is given twice.');
      const raw = token.slice(3);
      const day = weekday(raw);
      const date = monthDay(raw);
      if (day === undefined && date === undefined) {
        return usage(`on: "${clip(raw)}" is not a day; write a weekday (on:mon) or a day of the month from 1 to 28 (on:15).`, 'on:mon');
      }
      on = day ?? date;
      onKind = day !== undefined ? 'week' : 'month';
    } else if ((TARGET_WORDS as readonly string[]).includes(lower) || channel || user.kind === 'user') {
      if (target) return usage('Give one place to send it: here, me, salesmen, a #channel or an @person.');
      target = channel
        ? { kind: 'channel', channelId: channel }
        : user.kind === 'user'
          ? { kind: 'user', userId: user.userId }
          : lower === 'me'
            ? { kind: 'me' }
            : lower === 'salesmen'
              ? { kind: 'salesmen' }
              : { kind: 'here' };
    } else if (token.startsWith('#') && token.length > 1) {
      return usage(`Slack sent "${clip(token)}" as plain text: type # and pick the channel from the list Slack shows.`);
    } else if (user.kind === 'bare') {
      return usage(`Slack sent "${clip(token)}" as plain text: type @ and pick the person from the list Slack shows.`);
    } else if ((FLAGS as readonly string[]).includes(lower)) {
      flags.add(lower);
    } else {
      reportTokens.push(token);
    }
  }

  if (every === 'cron' && (at !== undefined || on !== undefined)) return usage('A cron pattern already says when; leave out at and on.');
  if (on !== undefined && every !== undefined && every !== onKind) {
    return usage(
      every === 'day' || every === 'weekday'
        ? `A day does not go with ${EVERY_WORD[every]}.`
        : `${onKind === 'week' ? 'A weekday' : 'A day number'} does not go with ${every === 'cron' ? 'cron' : EVERY_WORD[every]}.`,
    );
  }

  const parsed = parseReportArgs(spec, reportTokens.map(partOf), { allowPublic: false, allowAsOf: false, allReports: reports });
  if (!parsed.ok) {
    const u = parsed.usage;
    const guess = reportTokens.length > 0 ? suggest(reportTokens[0]!.toLowerCase(), SCHEDULE_WORDS) : undefined;
    const suggestion = u.suggestion ?? guess;
    return {
      ok: false,
      usage: { ...u, usage: `${SUBSCRIBE_USAGE}${subject.kind === 'report' ? `\n${u.usage}` : ''}`, command: 'subscribe', ...(suggestion ? { suggestion } : {}) },
    };
  }
  const args = parsed.args;
  if (Object.keys(args.options).length > 0 || args.limit !== undefined) {
    return usage('Subscriptions keep filters only; report options and limit: are not kept, so the scheduled report uses its defaults.');
  }

  const alert = subject.kind === 'alert' ? (subject.alert as AlertName) : undefined;
  const perSalesman = alert !== undefined && PER_SALESMAN_ALERTS.includes(alert);
  const finalTarget: SubscriptionTarget = target ?? (perSalesman ? { kind: 'me' } : { kind: 'here' });
  if (finalTarget.kind === 'salesmen' && !(alert !== undefined && SALESMEN_ALERTS.includes(alert))) {
    return usage(`salesmen (one DM per salesman) goes with the alerts ${SALESMEN_ALERTS.slice(0, -1).join(', ')} and ${SALESMEN_ALERTS.at(-1)}; post this to a #channel, here or me.`);
  }
  if (perSalesman && (finalTarget.kind === 'channel' || finalTarget.kind === 'here')) {
    return usage(`The ${alert} alert goes to salesmen about their own customers: use me, an @salesman or salesmen (every salesman).`, 'salesmen');
  }

  let schedule: SubscriptionSchedule;
  let scheduleWords: string[];
  if (every === 'cron') {
    schedule = { every: 'cron', at: '', cron: cron! };
    scheduleWords = ['cron', `"${cron!}"`];
  } else {
    const finalEvery = every ?? onKind ?? (subject.kind === 'alert' ? 'day' : 'week');
    const finalAt = at ?? DEFAULT_AT;
    const finalOn = finalEvery === 'week' || finalEvery === 'month' ? (on ?? 1) : undefined;
    schedule = { every: finalEvery, at: finalAt, ...(finalOn !== undefined ? { on: finalOn } : {}), cron: cronOf(finalEvery, finalAt, finalOn) };
    const dayWord = finalOn === undefined ? [] : [finalEvery === 'week' ? WEEKDAYS[finalOn]! : String(finalOn)];
    scheduleWords = [EVERY_WORD[finalEvery], ...dayWord, 'at', finalAt];
  }
  if (subject.kind === 'report') subject = { ...subject, filters: args.filters, canonical: [spec.name, ...args.tokens].join(' ') };
  const canonical = ['subscribe', ...subjectWords, ...scheduleWords, targetWord(finalTarget), ...args.tokens, ...FLAGS.filter((f) => flags.has(f))].join(' ');
  return {
    ok: true,
    command: {
      kind: 'subscribe',
      subject,
      filterMap: args.filterMap,
      schedule,
      target: finalTarget,
      skipWhenEmpty: flags.has('skip-empty'),
      onlyWhenChanged: flags.has('only-changed'),
      canonical,
    },
  };
}

/** `unsubscribe|pause|resume <id>` (a leading # is allowed). */
export function parseSubscriptionId(words: readonly string[]): ParseResult {
  const word = words[0]!.toLowerCase() as 'unsubscribe' | 'pause' | 'resume';
  const raw = words[1];
  const id = raw !== undefined && /^#?\d{1,9}$/.test(raw) ? Number(raw.replace('#', '')) : NaN;
  if (words.length !== 2 || !(id >= 1)) {
    return {
      ok: false,
      usage: {
        message: raw === undefined ? `Say which subscription to ${word === 'unsubscribe' ? 'remove' : word}.` : `"${clip(words.slice(1).join(' '))}" is not a subscription id.`,
        usage: SUBSCRIPTION_ID_USAGE(word),
        command: word,
      },
    };
  }
  return { ok: true, command: { kind: word, subscriptionId: id } };
}

/**
 * Any subscription command from the whole text after `/sales` (`subscribe …`, `subscriptions`,
 * `unsubscribe|pause|resume <id>`, `status`); undefined when the text is not one of them.
 */
export function parseSubscriptionCommand(text: string, reports: readonly ReportSpec[]): ParseResult | undefined {
  const words = tokenizeSpans(text).map((t) => t.value);
  const first = words[0]?.toLowerCase();
  switch (first) {
    case 'subscribe':
      return parseSubscribe(words, reports);
    case 'subscriptions':
    case 'status':
      return words.length > 1
        ? { ok: false, usage: { message: `${first} takes nothing after it; "${clip(words.slice(1).join(' '))}" is extra.`, usage: `\`${SLASH} ${first}\``, command: first } }
        : { ok: true, command: { kind: first } };
    case 'unsubscribe':
    case 'pause':
    case 'resume':
      return parseSubscriptionId(words);
    default:
      return undefined;
  }
}
