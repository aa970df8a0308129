import { describeCron } from '../../lib/cron.js';
import { readableTime } from '../../lib/readable-time.js';
import type { UnreachableSalesman } from '../../services/reach-salesmen.js';
import { describeSubscription, type SubscriptionRow } from '../../services/subscriptions.js';
import { context, header, message, section, type Block, type Message } from './builders.js';
import { sectionLines } from './section-lines.js';
import { destinationAdvice } from '../web-poster.js';
import { destinationText, slackDate } from './slack-format.js';
import { escapeFit, fit } from './text.js';

/** One line per subscription: id, what, where, when (in its time zone), next run, paused. */
export function subscriptionLine(sub: SubscriptionRow, nextRunAt: number | string | null | undefined): string {
  // A fan-out reaches each salesman at that time on their own clock; its run starts where the time comes first.
  const fanout = sub.target === 'salesmen';
  const when = fanout ? `${describeCron(sub.cron)}, each salesman's local time` : `${describeCron(sub.cron)} (${escapeFit(sub.timeZone, 60)})`;
  const next = sub.paused ? ':double_vertical_bar: *paused*' : nextRunAt ? `${fanout ? 'first DMs from' : 'next'} ${slackDate(nextRunAt)}` : 'not scheduled';
  const options = [sub.skipWhenEmpty ? 'skip-empty' : '', sub.onlyWhenChanged ? 'only-changed' : ''].filter(Boolean);
  return `*#${sub.id}* ${escapeFit(describeSubscription(sub), 300)} → ${destinationText(sub.target)} · ${escapeFit(when, 200)} · ${next}${
    options.length ? ` · ${options.join(', ')}` : ''
  } · by <@${sub.ownerSlackUserId}>`;
}

const HOW = '`/sales pause <id>` · `/sales resume <id>` · `/sales unsubscribe <id>` · `/sales status` shows last runs and failures.';

/** `/sales subscriptions`: what the person may see (managers and admins: everyone's). */
export function subscriptionListMessage(subs: readonly SubscriptionRow[], nextRuns: ReadonlyMap<number, number>, opts: { schedulerOff?: boolean } = {}): Message {
  if (subs.length === 0) {
    return message('No subscriptions yet', [
      section('No subscriptions yet.'),
      context(['Try `/sales subscribe digest weekly mon at 08:00 me` or `/sales subscribe alert churn weekly mon #sales`.']),
    ]);
  }
  const blocks: (Block | undefined)[] = [
    header(`Subscriptions (${subs.length})`),
    ...sectionLines(subs.map((s) => `• ${subscriptionLine(s, nextRuns.get(s.id))}`)),
    context([HOW, ...(opts.schedulerOff ? ['Redis is not configured, so nothing runs on schedule; an admin can run one with `sales-bot digest run <id>`.'] : [])]),
  ];
  return message(`${subs.length} subscription${subs.length === 1 ? '' : 's'}`, blocks);
}

/** The answer to subscribe / pause / resume / unsubscribe. */
export function subscriptionChangedMessage(
  change: 'created' | 'paused' | 'resumed' | 'removed',
  sub: SubscriptionRow,
  /** `notes` are mrkdwn written by the app (they may hold channel mentions), never user text. */
  opts: { nextRunAt?: number | string | null; notes?: readonly string[] } = {},
): Message {
  const verb = { created: 'Subscribed', paused: 'Paused', resumed: 'Resumed', removed: 'Removed' }[change];
  const line = subscriptionLine(change === 'removed' ? { ...sub, paused: false } : sub, change === 'removed' ? null : (opts.nextRunAt ?? null));
  const text = `${verb} #${sub.id}: ${describeSubscription(sub)}`;
  return message(escapeFit(text, 500), [
    section(`:white_check_mark: *${verb}.* ${change === 'removed' ? `~${line}~` : line}`),
    context([...(opts.notes ?? []).map((n) => fit(n, 400)), HOW]),
  ]);
}

/**
 * The freshness gate: instead of a report built on stale data, say since when the data has not been
 * updated (and that the subscription will resume on its own).
 */
export function staleDataMessage(what: string, dataAsOf: string | null, subscriptionId: number | null, timeZone = 'UTC'): Message {
  const since = dataAsOf ? slackDate(dataAsOf) : 'never (no sales data has been imported)';
  // The notification text cannot use <!date>: the day in the business time zone, as people write it.
  const text = `No ${what} this time: the sales data has not been updated since ${dataAsOf ? readableTime(dataAsOf, timeZone, { time: false }) : 'ever'}.`;
  return message(escapeFit(text, 300), [
    section(`:hourglass: No ${escapeFit(what, 200)} this time: *the sales data has not been updated since ${since}*.`),
    context([
      `Sending numbers from old data would mislead. The next run sends it again once new data is imported${subscriptionId === null ? '' : ` (subscription #${subscriptionId})`}; ask whoever runs the import to check it.`,
    ]),
  ]);
}

/** A DM to the owner of a subscription whose destination Slack refused, saying what to do. */
export function deliveryProblemMessage(sub: SubscriptionRow, advice: string, opts: { paused: boolean }): Message {
  const what = escapeFit(describeSubscription(sub), 200);
  return message(`Your subscription #${sub.id} (${describeSubscription(sub)}) could not be delivered`, [
    section(`:warning: Your subscription *#${sub.id}* (${what} → ${destinationText(sub.target)}) could not be delivered.\n${advice}`),
    context([opts.paused ? `I paused #${sub.id} so it does not fail every time.` : 'Nothing was posted.']),
  ]);
}

const UNREACHABLE_WHY: Record<UnreachableSalesman['reason'], (s: UnreachableSalesman) => string> = {
  deactivated: () => 'their Slack account is deactivated',
  email_not_in_slack: (s) => `nobody in this Slack workspace has the email ${escapeFit(s.email ?? '', 120)}`,
  no_slack_user: () => 'the salesmen file gives neither an email nor a Slack user id, and nobody is linked to them',
  slack_user_gone: () => 'the Slack user linked to them no longer exists in this workspace',
};

/** Lines listed in one notice; the rest are counted (the job log has every name). */
const UNREACHABLE_LINES = 60;

/**
 * One DM per run to the owner of a fan-out: who could not be reached and why, and how to fix it.
 * `reached` is how many salesmen did get (or will get) their DM.
 */
export function unreachableSalesmenMessage(sub: SubscriptionRow, missing: readonly UnreachableSalesman[], reached: number): Message {
  const what = escapeFit(describeSubscription(sub), 200);
  const n = missing.length;
  const lines = missing.slice(0, UNREACHABLE_LINES).map((s) => `• *${escapeFit(s.name || s.externalId, 80)}* (${escapeFit(s.externalId, 40)}): ${UNREACHABLE_WHY[s.reason](s)}`);
  const more = n - lines.length;
  return message(`Subscription #${sub.id}: ${n} salesm${n === 1 ? 'an' : 'en'} could not be reached`, [
    section(
      `:warning: Your subscription *#${sub.id}* (${what} → every salesman) could not reach *${formatCount(n, 'salesman', 'salesmen')}* this time; ${formatCount(reached, 'other was', 'others were')} reached.`,
    ),
    ...sectionLines(lines),
    ...(more > 0 ? [context([`…and ${more} more with the same problems.`])] : []),
    context([
      'To fix it: put their work email (or their Slack member id) in the salesmen file and import it again, or link them with `/sales admin link @user <salesman id>`. They are tried again on the next run.',
    ]),
  ]);
}

function formatCount(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The Slack error code at the end of a delivery's stored error ("Slack chat.postMessage failed: account_inactive"). */
const slackCode = (error: string | null) => /failed: ([a-z_0-9]+)$/.exec(error ?? '')?.[1] ?? 'unknown_error';

/**
 * After a fan-out run: one DM to the owner listing the salesmen whose DM Slack refused, with what to do
 * for each (the same advice as a refused channel, per person).
 */
export function dmFailuresMessage(sub: SubscriptionRow, failed: readonly { recipient: string; error: string | null }[]): Message {
  const what = escapeFit(describeSubscription(sub), 200);
  const n = failed.length;
  const lines = failed.slice(0, UNREACHABLE_LINES).map((f) => `• ${destinationAdvice(slackCode(f.error), destinationText(f.recipient), null)}`);
  return message(`Subscription #${sub.id}: ${n} DM${n === 1 ? '' : 's'} could not be delivered`, [
    section(`:warning: Your subscription *#${sub.id}* (${what} → every salesman): Slack refused *${n} DM${n === 1 ? '' : 's'}* this time.`),
    ...sectionLines(lines),
    ...(n > lines.length ? [context([`…and ${n - lines.length} more.`])] : []),
    context(['The others were delivered. `/sales status` lists failures too.']),
  ]);
}
