import type { Database } from '../db/client.js';
import {
  deleteSubscription,
  findSubscription,
  insertSubscription,
  listSubscriptions,
  setSubscriptionPaused,
  type SubscriptionKind,
  type SubscriptionRow,
} from '../db/queries/subscriptions.js';
import { isAlertName, PER_SALESMAN_ALERTS, SALESMEN_ALERTS, SALESMEN_TARGET, type AlertName } from '../lib/alert-names.js';
import { cronProblem } from '../lib/cron.js';
import { AppError } from '../lib/errors.js';
import { parseFilterMap } from '../lib/report-filters.js';
import { reportByName } from '../reports/registry.js';
import type { Actor } from './slack-identity.js';

export type { SubscriptionRow };

/** Where a subscription sends: resolved from `here`/`me` by the caller. */
export type SubscriptionDestination = { kind: 'channel'; channelId: string } | { kind: 'user'; userId: string } | { kind: 'salesmen' };

export interface SubscriptionRequest {
  kind: SubscriptionKind;
  /** Report name (report) or alert name (alert); ignored for the digest. */
  subject?: string | undefined;
  filters: Record<string, string>;
  cron: string;
  /** IANA zone the cron is read in: the subscriber's Slack time zone (SALES_TZ when Slack gives none). */
  timeZone: string;
  destination: SubscriptionDestination;
  skipWhenEmpty: boolean;
  onlyWhenChanged: boolean;
}

const MANAGE_HINT = 'Ask a manager or an admin, or subscribe yourself with `me`.';

function forbidden(message: string, hint = MANAGE_HINT): AppError {
  return new AppError('FORBIDDEN', message, { hint });
}

const isManager = (actor: Actor) => actor.role === 'admin' || actor.role === 'manager';

function targetOf(d: SubscriptionDestination): string {
  return d.kind === 'channel' ? d.channelId : d.kind === 'user' ? d.userId : SALESMEN_TARGET;
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks who may send what where. Managers and admins may subscribe channels, other people and every
 * salesman; a salesman only themselves (their own scope is applied at every run, whatever the filters).
 */
function checkPermission(actor: Actor, req: SubscriptionRequest): void {
  if (isManager(actor)) return;
  const d = req.destination;
  if (d.kind === 'channel') throw forbidden('Only managers and admins can subscribe a channel.');
  if (d.kind === 'salesmen') throw forbidden('Only managers and admins can send to every salesman.');
  if (d.userId !== actor.slackUserId) throw forbidden('You can subscribe only yourself.');
}

function checkSubject(req: SubscriptionRequest): string | null {
  if (req.kind === 'digest') return null;
  const subject = (req.subject ?? '').toLowerCase();
  if (req.kind === 'report') {
    if (!reportByName(subject)) throw new AppError('USAGE', `There is no report "${subject}".`);
    return subject;
  }
  if (!isAlertName(subject)) throw new AppError('USAGE', `There is no alert "${subject}".`);
  const perSalesman = PER_SALESMAN_ALERTS.includes(subject as AlertName);
  if (req.destination.kind === 'salesmen' && !SALESMEN_ALERTS.includes(subject as AlertName)) {
    throw new AppError('USAGE', `The ${subject} alert goes to a channel or a person, not to every salesman.`);
  }
  if (perSalesman && req.destination.kind === 'channel') {
    throw new AppError('USAGE', `The ${subject} alert goes to salesmen about their own customers, not to a channel.`, {
      hint: 'Use me, an @salesman or salesmen.',
    });
  }
  return subject;
}

/** Creates a subscription after checking the subject, the filters, the schedule and the actor's rights. */
export async function createSubscription(database: Database, actor: Actor, req: SubscriptionRequest): Promise<SubscriptionRow> {
  checkPermission(actor, req);
  const subject = checkSubject(req);
  parseFilterMap(req.filters);
  const problem = cronProblem(req.cron);
  if (problem) throw new AppError('USAGE', `The schedule is not valid: ${problem}.`);
  return insertSubscription(database, {
    ownerSlackUserId: actor.slackUserId,
    target: targetOf(req.destination),
    kind: req.kind,
    subject,
    filters: req.filters,
    cron: req.cron,
    timeZone: validTimeZone(req.timeZone) ? req.timeZone : 'UTC',
    skipWhenEmpty: req.skipWhenEmpty,
    onlyWhenChanged: req.onlyWhenChanged,
  });
}

/** A subscription by id, for admins' tools (`sales-bot digest run`); undefined when there is none. */
export function subscriptionById(database: Database, id: number): Promise<SubscriptionRow | undefined> {
  return findSubscription(database, id);
}

/** Subscriptions a person may see: managers and admins every one, others their own. */
export function visibleSubscriptions(database: Database, actor: Actor): Promise<SubscriptionRow[]> {
  return listSubscriptions(database, isManager(actor) ? {} : { ownerSlackUserId: actor.slackUserId });
}

/** The subscription, if the actor may change it (its owner, or a manager or admin); else NOT_FOUND / FORBIDDEN. */
export async function subscriptionToManage(database: Database, actor: Actor, id: number): Promise<SubscriptionRow> {
  const sub = await findSubscription(database, id);
  if (!sub || (!isManager(actor) && sub.ownerSlackUserId !== actor.slackUserId)) {
    // A salesman does not learn whether someone else's subscription exists.
    throw new AppError('NOT_FOUND', `There is no subscription ${id} of yours.`, { hint: 'See yours with `/sales subscriptions`.' });
  }
  return sub;
}

/** Pauses or resumes; returns the subscription as stored. */
export async function setPaused(database: Database, actor: Actor, id: number, paused: boolean): Promise<SubscriptionRow> {
  await subscriptionToManage(database, actor, id);
  return (await setSubscriptionPaused(database, id, paused))!;
}

/** Deletes a subscription; returns what it was. */
export async function removeSubscription(database: Database, actor: Actor, id: number): Promise<SubscriptionRow> {
  const sub = await subscriptionToManage(database, actor, id);
  await deleteSubscription(database, id);
  return sub;
}

/** One line naming what a subscription sends, e.g. "rfm report (region North)". */
export function describeSubscription(sub: Pick<SubscriptionRow, 'kind' | 'subject' | 'filters'>): string {
  const filters = Object.entries(sub.filters).map(([k, v]) => `${k}:${v}`);
  const what =
    sub.kind === 'digest' ? 'digest' : sub.kind === 'report' ? `${sub.subject} report` : sub.kind === 'follow' ? `${sub.subject} digest of the metrics you follow` : `${sub.subject} alert`;
  return filters.length > 0 ? `${what} (${filters.join(' ')})` : what;
}
