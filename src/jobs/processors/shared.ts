import { env } from '../../config/env.js';
import { latestOrderAt } from '../../db/queries/freshness.js';
import { findSubscription, setSubscriptionPaused, type SubscriptionRow } from '../../db/queries/subscriptions.js';
import { SALESMEN_TARGET } from '../../lib/alert-names.js';
import { readableTime } from '../../lib/readable-time.js';
import { renderReportChart } from '../../reports/report-chart.js';
import {
  ALERT_LAYOUT,
  alertMessageView,
  announceAlerts,
  claimAlerts,
  fileUnderSummary,
  summaryOf,
  type AlertKind,
  type AlertRow,
  type RecoveredMessage,
} from '../../services/alerts.js';
import { deliverOnce, deliveryKey, type DeliveryOutcome } from '../../services/deliveries.js';
import { resolveSlackUser, type Actor } from '../../services/slack-identity.js';
import { describeSubscription } from '../../services/subscriptions.js';
import { alertMessage, recoveredNote } from '../../slack/blocks/alert-message.js';
import type { Message } from '../../slack/blocks/builders.js';
import type { ChartRef } from '../../slack/blocks/report-message.js';
import { destinationText } from '../../slack/blocks/slack-format.js';
import { deliveryProblemMessage, staleDataMessage } from '../../slack/blocks/subscriptions-message.js';
import { destinationAdvice, SlackSendError, type PostedMessage } from '../../slack/web-poster.js';
import type { JobContext, JobOutcome } from '../job-context.js';

/** The delivery-log scope of a subscription's messages. */
export const subScope = (sub: Pick<SubscriptionRow, 'id'>) => `sub${sub.id}`;

export class SubscriptionGone extends Error {
  constructor(id: number) {
    super(`subscription ${id} no longer exists`);
  }
}

export async function loadSubscription(ctx: JobContext, id: number): Promise<SubscriptionRow> {
  const sub = await findSubscription(ctx.database, id);
  if (!sub) throw new SubscriptionGone(id);
  return sub;
}

/**
 * Who a subscription runs as: its owner's current role and scope (a salesman who subscribed sees only
 * their own customers, even if their filters say otherwise; a demoted manager loses the wider view).
 */
export function actorOf(ctx: JobContext, slackUserId: string): Promise<Actor> {
  return resolveSlackUser(ctx.database, { slackUserId, adminIds: env().SLACK_ADMIN_USER_IDS });
}

export function isStale(dataAsOf: string | null, now: Date, staleAfterHours: number): boolean {
  if (staleAfterHours <= 0) return false;
  if (dataAsOf === null) return true;
  return now.getTime() - new Date(dataAsOf).getTime() > staleAfterHours * 3_600_000;
}

/**
 * The freshness gate. When the newest order is older than STALE_DATA_HOURS, the destination gets "data
 * has not been updated since …" (once per run) instead of a report built on old data; per-salesman
 * fan-outs are skipped quietly rather than telling every salesman. Returns the outcome when stale.
 */
export async function freshnessGate(ctx: JobContext, sub: SubscriptionRow, runKey: string): Promise<JobOutcome | undefined> {
  const dataAsOf = await latestOrderAt(ctx.database);
  if (!isStale(dataAsOf, ctx.now(), ctx.staleAfterHours)) return undefined;
  const since = dataAsOf ? readableTime(dataAsOf, ctx.timeZone) : 'never';
  if (sub.target === 'salesmen') return { status: 'stale', detail: `data not updated since ${since}; nothing sent` };
  const out = await deliverOnce(
    ctx.database,
    { key: deliveryKey(subScope(sub), runKey, sub.target, 'stale'), subscriptionId: sub.id, jobName: 'subscription-run', recipient: sub.target },
    async () => {
      const posted = await postToTarget(ctx, sub, sub.target, staleDataMessage(describeSubscription(sub), dataAsOf, sub.id, ctx.timeZone), runKey);
      return { status: 'sent', messageTs: posted.ts };
    },
  );
  return { status: 'stale', messages: out.status === 'sent' ? 1 : 0, detail: `data not updated since ${since}` };
}

/**
 * Posts a subscription's message. When Slack refuses the destination itself (channel deleted or
 * archived, bot not invited, person gone) the subscription is paused, its owner gets a DM saying what
 * to do, and the permanent error is thrown so the job is not retried. A failing DM to one salesman of
 * a fan-out does not pause the subscription; the owner hears of it in the run's one fanout-report.
 */
export async function postToTarget(
  ctx: JobContext,
  sub: SubscriptionRow,
  recipient: string,
  msg: Message,
  runKey: string,
  opts: { threadTs?: string } = {},
): Promise<PostedMessage> {
  try {
    return await ctx.slack.post(recipient, msg, opts);
  } catch (e) {
    if (!(e instanceof SlackSendError) || !e.targetProblem) throw e;
    const pause = recipient === sub.target;
    if (pause) {
      await setSubscriptionPaused(ctx.database, sub.id, true);
      await ctx.unschedule(sub.id).catch((err: unknown) => ctx.log.warn({ err, subscriptionId: sub.id }, 'could not remove the scheduler'));
    }
    // A refused DM of a fan-out to every salesman is reported with the others after the run (fanout-report).
    if (sub.ownerSlackUserId !== recipient && sub.target !== SALESMEN_TARGET) {
      const advice = destinationAdvice(e.slackError, destinationText(recipient), pause ? sub.id : null);
      await deliverOnce(
        ctx.database,
        { key: deliveryKey(subScope(sub), runKey, recipient, 'owner-notice'), subscriptionId: sub.id, jobName: 'owner-notice', recipient: sub.ownerSlackUserId },
        async () => ({ status: 'sent', messageTs: (await ctx.slack.post(sub.ownerSlackUserId, deliveryProblemMessage(sub, advice, { paused: pause }))).ts }),
      ).catch((err: unknown) => ctx.log.warn({ err, subscriptionId: sub.id }, 'could not tell the owner about a delivery problem'));
    }
    throw e;
  }
}

/** Renders one kind of alert message from its stored rows. */
export const renderAlerts = alertMessage;

/**
 * Announces every waiting alert of a recipient, exactly once per run: the first message shows the
 * totals of all of them and the highest-ranked few (ALERT_LAYOUT), its thread lists all the others,
 * as many messages as it takes (paced per channel like every post). Each message is its own delivery
 * (the summary under the run's key, a thread message under the id of its first case), and the alerts
 * are claimed for this delivery, so a retry posts only what an earlier attempt did not.
 */
export async function deliverPendingAlerts(
  ctx: JobContext,
  o: { sub: SubscriptionRow; alertKind: AlertKind; recipient: string; runKey: string; jobName: string },
): Promise<DeliveryOutcome & { messages: number }> {
  const key = deliveryKey(subScope(o.sub), o.runKey, o.recipient);
  const spec = { subscriptionId: o.sub.id, jobName: o.jobName, recipient: o.recipient };
  const layout = ALERT_LAYOUT[o.alertKind];
  const claimed = await claimAlerts(ctx.database, { alertKind: o.alertKind, recipient: o.recipient, deliveryKey: key });
  const dataAsOf = claimed.length > 0 ? await latestOrderAt(ctx.database) : null;
  let messages = 0;
  let rest: AlertRow[] = claimed;
  const head = await deliverOnce(ctx.database, { key, ...spec }, async () => {
    if (claimed.length === 0) return { status: 'skipped', reason: 'nothing new' };
    const shown = claimed.slice(0, layout.head);
    const posted = await postToTarget(ctx, o.sub, o.recipient, renderAlerts(o.alertKind, o.recipient, shown, dataAsOf, { all: claimed }), o.runKey);
    await fileUnderSummary(ctx.database, claimed.map((r) => r.id), posted.channel, posted.ts);
    await announceAlerts(ctx.database, shown.map((r) => r.id), posted.channel, posted.ts);
    rest = claimed.slice(layout.head).map((r) => ({ ...r, details: { ...r.details, threadChannel: posted.channel, threadTs: posted.ts } }));
    messages++;
    return { status: 'sent', messageTs: posted.ts };
  });
  if (head.status === 'skipped' || rest.length === 0) return { ...head, messages };
  // A retry after the summary went out: the rows left are filed under it (fileUnderSummary ran with the post).
  const thread = summaryOf(rest[0]!);
  const total = claimed.length + (head.status === 'duplicate' ? await announcedBefore(ctx, thread) : 0);
  for (let i = 0; i < rest.length; i += layout.perMessage) {
    const chunk = rest.slice(i, i + layout.perMessage);
    const first = total - rest.length + i + 1;
    const out = await deliverOnce(ctx.database, { key: deliveryKey(subScope(o.sub), o.runKey, o.recipient, `t${chunk[0]!.id}`), ...spec }, async () => {
      const msg = renderAlerts(o.alertKind, thread?.channelId ?? o.recipient, chunk, dataAsOf, { part: { first, total } });
      const posted = await postToTarget(ctx, o.sub, thread?.channelId ?? o.recipient, msg, o.runKey, thread ? { threadTs: thread.ts } : {});
      await announceAlerts(ctx.database, chunk.map((r) => r.id), posted.channel, posted.ts);
      return { status: 'sent', messageTs: posted.ts };
    });
    if (out.status === 'sent') messages++;
  }
  return { status: head.status === 'duplicate' && messages > 0 ? 'sent' : head.status, messageTs: head.messageTs, messages };
}

/** Cases of a batch already announced before a retry (to number the thread messages the same way). */
async function announcedBefore(ctx: JobContext, thread: { channelId: string; ts: string } | undefined): Promise<number> {
  if (!thread) return 0;
  const view = await alertMessageView(ctx.database, thread.channelId, thread.ts);
  return (view.batch.all ?? view.rows).filter((r) => !(r.messageTs ?? '').startsWith('pending:')).length;
}

/**
 * Updates messages whose alerts changed (recovered customers, sold products) with chat.update, and the
 * summary of their announcement (its totals changed); a thread gets one reply per pass naming who
 * came back, so the channel sees recoveries without scrolling through every message.
 */
export async function updateAlertMessages(ctx: JobContext, messages: readonly RecoveredMessage[]): Promise<number> {
  let updated = 0;
  const dataAsOf = messages.length > 0 ? await latestOrderAt(ctx.database) : null;
  const toUpdate = new Map<string, { alertKind: string; channelId: string; messageTs: string }>();
  const replies = new Map<string, { alertKind: string; channelId: string; threadTs: string; rows: AlertRow[] }>();
  for (const m of messages) {
    toUpdate.set(`${m.channelId}/${m.messageTs}`, m);
    const summary = m.recovered[0] ? summaryOf(m.recovered[0]) : undefined;
    if (!summary) continue;
    toUpdate.set(`${summary.channelId}/${summary.ts}`, { alertKind: m.alertKind, channelId: summary.channelId, messageTs: summary.ts });
    const key = `${summary.channelId}/${summary.ts}`;
    const reply = replies.get(key) ?? { alertKind: m.alertKind, channelId: summary.channelId, threadTs: summary.ts, rows: [] };
    reply.rows.push(...m.recovered);
    replies.set(key, reply);
  }
  for (const m of toUpdate.values()) {
    const view = await alertMessageView(ctx.database, m.channelId, m.messageTs);
    if (view.rows.length === 0) continue;
    try {
      await ctx.slack.update(m.channelId, m.messageTs, renderAlerts(m.alertKind, m.channelId, view.rows, dataAsOf, view.batch));
      updated++;
    } catch (e) {
      // The message may have been deleted; the state is stored either way.
      ctx.log.warn({ err: e, channel: m.channelId, ts: m.messageTs }, 'could not update an alert message');
    }
  }
  for (const r of replies.values()) {
    try {
      await ctx.slack.post(r.channelId, recoveredNote(r.alertKind, r.rows), { threadTs: r.threadTs });
    } catch (e) {
      ctx.log.warn({ err: e, channel: r.channelId, ts: r.threadTs }, 'could not post recoveries in an alert thread');
    }
  }
  return updated;
}

/** A report's chart uploaded for an image block; a failure becomes a note, never a lost message. */
export async function chartFor(ctx: JobContext, report: string, result: unknown, title: string): Promise<ChartRef> {
  if (!ctx.charts) return { kind: 'none' };
  let png: Buffer | null;
  try {
    png = await renderReportChart(report, result);
  } catch (e) {
    ctx.log.warn({ err: e, report }, 'chart rendering failed');
    return { kind: 'failed', reason: 'the chart could not be drawn.' };
  }
  if (!png) return { kind: 'none' };
  try {
    const fileId = await ctx.slack.uploadImage({ bytes: png, filename: `${report}.png`, title });
    return { kind: 'file', fileId, alt: title };
  } catch (e) {
    // A transient failure retries the job; a refused upload (e.g. no files:write) still sends the text.
    if (!(e instanceof SlackSendError) || !e.permanent) throw e;
    ctx.log.warn({ err: e, report }, 'chart upload refused');
    return { kind: 'failed', reason: 'the chart could not be uploaded to Slack.' };
  }
}
