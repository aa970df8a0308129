import type { SubscriptionRow } from '../db/queries/subscriptions.js';
import { SALESMEN_TARGET } from '../lib/alert-names.js';
import { EARLIEST_ZONE, isTimeZone } from '../lib/local-time.js';
import { DEFAULT_JOB_OPTIONS, type Queues } from './queues.js';

const SUBSCRIPTION_PREFIX = 'subscription-';
export const NIGHTLY_REFRESH_SCHEDULER = 'nightly-refresh';

/** One BullMQ job scheduler per subscription, under this id. */
export function subscriptionSchedulerId(subscriptionId: number): string {
  return `${SUBSCRIPTION_PREFIX}${subscriptionId}`;
}

type Schedulable = Pick<SubscriptionRow, 'id' | 'cron' | 'timeZone' | 'paused' | 'target'>;

/**
 * The zone a subscription's cron is read in: the subscriber's, except for fan-outs to every salesman,
 * which start where the time comes first (EARLIEST_ZONE) and hold each DM until that time comes on the
 * salesman's own clock (processors/per-salesman.ts).
 */
export function schedulerZone(sub: Pick<SubscriptionRow, 'timeZone' | 'target'>, fallbackTimeZone: string): string {
  if (sub.target === SALESMEN_TARGET) return EARLIEST_ZONE;
  return isTimeZone(sub.timeZone) ? sub.timeZone : fallbackTimeZone;
}

/**
 * Creates or updates the subscription's job scheduler: its cron read in the subscriber's time zone
 * (stored from Slack's users.info; `fallbackTimeZone`, i.e. SALES_TZ, when that is missing or unknown),
 * or for a fan-out to every salesman in EARLIEST_ZONE (see {@link schedulerZone}).
 * A paused subscription has no scheduler. Every scheduled job gets the id `repeat:<scheduler>:<time>`,
 * so one scheduled time is one job however many processes upsert the scheduler. Returns the next run
 * (epoch ms), or null when paused.
 */
export async function scheduleSubscription(queues: Queues, sub: Schedulable, fallbackTimeZone: string): Promise<number | null> {
  const id = subscriptionSchedulerId(sub.id);
  const queue = queues.byName.runs;
  if (sub.paused) {
    await queue.removeJobScheduler(id);
    return null;
  }
  // BullMQ types the scheduler id as a job name; any string is accepted at run time.
  await queue.upsertJobScheduler(
    id as never,
    { pattern: sub.cron, tz: schedulerZone(sub, fallbackTimeZone) },
    {
      name: 'subscription-run',
      data: { subscriptionId: sub.id },
      opts: { attempts: DEFAULT_JOB_OPTIONS.attempts, backoff: DEFAULT_JOB_OPTIONS.backoff, removeOnComplete: DEFAULT_JOB_OPTIONS.removeOnComplete, removeOnFail: DEFAULT_JOB_OPTIONS.removeOnFail },
    },
  );
  return (await queue.getJobScheduler(id))?.next ?? null;
}

/** Removes a subscription's scheduler (unsubscribe, pause). */
export async function unscheduleSubscription(queues: Queues, subscriptionId: number): Promise<void> {
  await queues.byName.runs.removeJobScheduler(subscriptionSchedulerId(subscriptionId));
}

/** Next run time (epoch ms) of every scheduled subscription. */
export async function nextRunsBySubscription(queues: Queues): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const s of await queues.byName.runs.getJobSchedulers(0, -1, true)) {
    const key = s.key ?? s.id ?? '';
    const m = new RegExp(`^${SUBSCRIPTION_PREFIX}(\\d+)$`).exec(key) ?? new RegExp(`^${SUBSCRIPTION_PREFIX}(\\d+)$`).exec(s.id ?? '');
    if (m && s.next !== undefined) out.set(Number(m[1]), s.next);
  }
  return out;
}

/** What a reconciliation did: schedulers wanted, created or corrected, and removed. */
export interface ReconcileResult {
  scheduled: number;
  created: number;
  removed: number;
}

/**
 * Makes the schedulers match the subscriptions table: one per active subscription, none for paused or
 * deleted ones. Workers run it at start, when Redis is back after an outage and periodically, so a
 * subscription changed while Redis was unreachable, or a Redis that came back empty, is put right.
 * Only missing or different schedulers are written, so a periodic run on a healthy Redis reads one
 * list. The schedulers are read before the table, so one created meanwhile by `/sales subscribe` is
 * never taken for a deleted subscription's.
 */
export async function reconcileSchedules(queues: Queues, loadSubs: () => Promise<readonly Schedulable[]>, fallbackTimeZone: string): Promise<ReconcileResult> {
  const existing = new Map<string, { pattern?: string | undefined; tz?: string | undefined }>();
  for (const s of await queues.byName.runs.getJobSchedulers(0, -1, true)) existing.set(s.key ?? s.id ?? '', s);
  const subs = await loadSubs();
  const wanted = new Map(subs.filter((s) => !s.paused).map((s) => [subscriptionSchedulerId(s.id), s]));
  let removed = 0;
  for (const id of existing.keys()) {
    if (id.startsWith(SUBSCRIPTION_PREFIX) && !wanted.has(id)) {
      await queues.byName.runs.removeJobScheduler(id);
      removed++;
    }
  }
  let created = 0;
  for (const [id, sub] of wanted) {
    const have = existing.get(id);
    if (have && have.pattern === sub.cron && have.tz === schedulerZone(sub, fallbackTimeZone)) continue;
    await scheduleSubscription(queues, sub, fallbackTimeZone);
    created++;
  }
  return { scheduled: wanted.size, created, removed };
}

/** The nightly snapshot refresh (NIGHTLY_REFRESH_CRON in SALES_TZ). */
export async function scheduleNightlyRefresh(queues: Queues, cron: string, timeZone: string): Promise<void> {
  await queues.byName.runs.upsertJobScheduler(
    NIGHTLY_REFRESH_SCHEDULER as never,
    { pattern: cron, tz: timeZone },
    { name: 'snapshot-refresh', data: { trigger: 'nightly' }, opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 } } },
  );
}
