import type { Database } from '../db/client.js';
import { recentFailedDeliveries, type DeliveryRow } from '../db/queries/deliveries.js';
import { latestOrderAt } from '../db/queries/freshness.js';
import { lastRunsOf, lastSystemRuns, recentFailedRuns, type JobRunRow } from '../db/queries/job-runs.js';
import { lastFinishedRefresh } from '../db/queries/refresh-status.js';
import type { SubscriptionRow } from '../db/queries/subscriptions.js';
import type { Actor } from './slack-identity.js';
import { visibleSubscriptions } from './subscriptions.js';

export type { JobRunRow };

/** Job counts of one queue, as BullMQ reports them (shown by `/sales status`). */
export interface QueueStat {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

/** Failures listed by `/sales status`. */
export const STATUS_FAILURES = 8;

export interface SubscriptionStatus {
  subscription: SubscriptionRow;
  lastRun: JobRunRow | null;
  /** Next scheduled run (ISO), null when paused or when no scheduler runs (no Redis). */
  nextRunAt: string | null;
}

export interface StatusFailure {
  at: string;
  /** Job name (subscription-run, crosssell-dm, …). */
  job: string;
  subscriptionId: number | null;
  /** Where it was going, for delivery failures. */
  recipient?: string;
  reason: string;
}

export interface JobStatus {
  subscriptions: SubscriptionStatus[];
  failures: StatusFailure[];
  /** Latest runs of jobs outside subscriptions (snapshot-refresh, fan-outs); managers and admins only. */
  system: JobRunRow[];
  dataAsOf: string | null;
  lastRefresh: { trigger: string; finishedAt: string } | null;
}

/**
 * What `/sales status` shows a person: their subscriptions (everyone's for managers and admins) with the
 * last run and the next one, the latest failures with their reasons, and how fresh the data is.
 * `nextRuns` comes from the scheduler (subscription id → epoch ms).
 */
export async function jobStatus(database: Database, actor: Actor, nextRuns: ReadonlyMap<number, number>): Promise<JobStatus> {
  const subs = await visibleSubscriptions(database, actor);
  const ids = subs.map((s) => s.id);
  const everyone = actor.role !== 'salesman';
  const [runs, failedRuns, failedDeliveries, system, dataAsOf, refresh] = await Promise.all([
    lastRunsOf(database, ids),
    recentFailedRuns(database, { ...(everyone ? {} : { subscriptionIds: ids }), limit: STATUS_FAILURES }),
    recentFailedDeliveries(database, { ...(everyone ? {} : { subscriptionIds: ids }), limit: STATUS_FAILURES }),
    everyone ? lastSystemRuns(database) : Promise.resolve([]),
    latestOrderAt(database),
    lastFinishedRefresh(database),
  ]);
  const lastRun = new Map(runs.map((r) => [r.subscriptionId, r]));
  const failures = mergeFailures(failedRuns, failedDeliveries).slice(0, STATUS_FAILURES);
  return {
    subscriptions: subs.map((s) => {
      const next = s.paused ? undefined : nextRuns.get(s.id);
      return { subscription: s, lastRun: lastRun.get(s.id) ?? null, nextRunAt: next === undefined ? null : new Date(next).toISOString() };
    }),
    failures,
    system,
    dataAsOf,
    lastRefresh: refresh ? { trigger: refresh.trigger, finishedAt: refresh.finishedAt } : null,
  };
}

/**
 * One line per failure. A message Slack refused fails both its delivery (with the recipient) and the
 * job that sent it (with the reason): they are one failure, shown once with both. A failed delivery
 * belongs to a failed run of the same subscription when it was recorded while that run was going.
 */
export function mergeFailures(runs: readonly JobRunRow[], deliveries: readonly DeliveryRow[]): StatusFailure[] {
  const slack = 2_000;
  const used = new Set<DeliveryRow>();
  const fromRuns = runs.map((r): StatusFailure => {
    const start = Date.parse(r.startedAt) - slack;
    const end = Date.parse(r.finishedAt ?? r.startedAt) + slack;
    const d = deliveries.find((x) => !used.has(x) && x.subscriptionId === r.subscriptionId && Date.parse(x.updatedAt) >= start && Date.parse(x.updatedAt) <= end);
    if (d) used.add(d);
    return { at: r.finishedAt ?? r.startedAt, job: r.jobName, subscriptionId: r.subscriptionId, ...(d ? { recipient: d.recipient } : {}), reason: r.error ?? d?.error ?? 'failed' };
  });
  const rest = deliveries
    .filter((d) => !used.has(d))
    .map((d): StatusFailure => ({ at: d.updatedAt, job: d.jobName, subscriptionId: d.subscriptionId, recipient: d.recipient, reason: d.error ?? 'failed' }));
  return [...fromRuns, ...rest].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
