import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import { activeSalesmanIds } from '../db/queries/alert-subjects.js';
import { findSlackUser, upsertSlackUser } from '../db/queries/slack-users.js';
import { listSubscriptions, type SubscriptionRow } from '../db/queries/subscriptions.js';
import { resolveSlackUser } from '../services/slack-identity.js';
import { followMetric } from '../services/follows.js';
import { createSubscription, type SubscriptionRequest } from '../services/subscriptions.js';
import { createInProcessRunner, type JobResult } from './in-process.js';
import { jobId } from './queues.js';
import { createRecordingPoster } from './recording-poster.js';

const DEMO_ADMIN = 'UDEMOADMIN';
const DEMO_CHANNEL = 'CDEMOSALES';

const DEMO_SUBSCRIPTIONS: (Omit<SubscriptionRequest, 'timeZone' | 'skipWhenEmpty' | 'onlyWhenChanged' | 'filters'> & { label: string })[] = [
  { label: 'weekly digest', kind: 'digest', cron: '0 8 * * 1', destination: { kind: 'channel', channelId: DEMO_CHANNEL } },
  { label: 'churn alert', kind: 'alert', subject: 'churn', cron: '0 8 * * 1', destination: { kind: 'channel', channelId: DEMO_CHANNEL } },
  { label: 'cross-sell DMs', kind: 'alert', subject: 'crosssell', cron: '0 8 * * 1', destination: { kind: 'salesmen' } },
  { label: 'deal-risk DMs', kind: 'alert', subject: 'deals', cron: '0 8 * * 1', destination: { kind: 'salesmen' } },
  // Weekly (a day-of-week cron), not daily: the demo's few thousand orders give a region or a salesman a
  // handful of orders a day, too sparse for the daily check (it skips such series), while a week has enough
  // to judge; and the weekly fits (no weekday season, at most 156 points) take a few seconds where the daily
  // check's take several times that. The week checked is the last complete one, where the demo plants its
  // anomaly (PLANTED.tender).
  { label: 'anomaly alert', kind: 'alert', subject: 'anomalies', cron: '0 8 * * 1', destination: { kind: 'channel', channelId: DEMO_CHANNEL } },
];

export interface DemoDelivery {
  label: string;
  subscriptionId: number;
  results: JobResult[];
}

/**
 * The demo's taste of issue 5 (and 15, 16): a weekly digest, a churn alert and a weekly anomaly alert to a
 * demo channel, the cross-sell and deal-risk DMs to every salesman (each linked to a made-up Slack user), and the demo
 * admin's own digest of the metrics he follows (revenue and orders, weekly), run by the in-process runner, with what
 * Slack would receive written to `outDir` as Block Kit JSON and chart PNGs. Runs again reuse the same
 * subscriptions, so alerts already announced are not announced twice (as in production).
 */
export async function runDemoDeliveries(database: Database, opts: { outDir: string; log: Logger; timeZone: string }): Promise<{ deliveries: DemoDelivery[]; messages: number; files: number }> {
  if (!(await findSlackUser(database, DEMO_ADMIN))) await upsertSlackUser(database, DEMO_ADMIN, { role: 'admin' });
  for (const id of await activeSalesmanIds(database)) {
    const slackId = `UDEMO${id}`;
    if (!(await findSlackUser(database, slackId))) await upsertSlackUser(database, slackId, { role: 'salesman', salesmanId: id });
  }
  const admin = await resolveSlackUser(database, { slackUserId: DEMO_ADMIN, adminIds: [DEMO_ADMIN] });
  const existing = await listSubscriptions(database, { ownerSlackUserId: DEMO_ADMIN });
  const poster = createRecordingPoster({ dir: opts.outDir });
  // Demo data may end yesterday or earlier: the freshness gate would only say so.
  const runner = createInProcessRunner({ database, slack: poster, log: opts.log, settings: { timeZone: opts.timeZone, staleAfterHours: 0, adminIds: [DEMO_ADMIN] } });
  const deliveries: DemoDelivery[] = [];
  for (const spec of DEMO_SUBSCRIPTIONS) {
    const target = spec.destination.kind === 'channel' ? spec.destination.channelId : 'salesmen';
    let sub: SubscriptionRow | undefined = existing.find((s) => s.kind === spec.kind && s.subject === (spec.subject ?? null) && s.target === target);
    sub ??= await createSubscription(database, admin, { ...spec, filters: {}, timeZone: opts.timeZone, skipWhenEmpty: false, onlyWhenChanged: false });
    const runKey = `demo${Date.now()}`;
    const results = await runner.run('subscription-run', { subscriptionId: sub.id, runKey, trigger: 'manual' }, jobId('subscription-run', sub.id, runKey));
    deliveries.push({ label: spec.label, subscriptionId: sub.id, results });
  }
  // Following is per person: the admin follows two metrics; both land in his one weekly follow digest.
  let digestId = 0;
  for (const metric of ['revenue', 'orders'] as const) {
    const change = await followMetric(database, admin, { metric, filters: {}, cadence: 'weekly', timeZone: opts.timeZone, fallbackTimeZone: opts.timeZone });
    digestId = change.digest.id;
  }
  const followKey = `demo${Date.now()}`;
  const followed = await runner.run('subscription-run', { subscriptionId: digestId, runKey: followKey, trigger: 'manual' }, jobId('subscription-run', digestId, followKey));
  deliveries.push({ label: 'followed-metric digest', subscriptionId: digestId, results: followed });
  return { deliveries, messages: poster.messages.length, files: poster.files.length };
}
