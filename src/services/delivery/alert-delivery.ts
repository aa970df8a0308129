import { latestOrderAt } from '../../db/queries/freshness.js';
import type { SubscriptionRow } from '../../db/queries/subscriptions.js';
import {
  ALERT_LAYOUT,
  alertMessageView,
  alertsOfMessage,
  announceAlerts,
  claimAlerts,
  fileUnderSummary,
  summaryOf,
  type AlertKind,
  type AlertRow,
  type RecoveredMessage,
} from '../alerts.js';
import { deliverOnce, deliveryKey, subScope, type DeliveryOutcome } from './deliver-once.js';
import type { DeliveryDeps } from './delivery-deps.js';
import { postToTarget } from './post-to-target.js';

/**
 * Announces every waiting alert of a recipient, exactly once per run: the first message shows the
 * totals of all of them and the highest-ranked few (ALERT_LAYOUT), its thread lists all the others,
 * as many messages as it takes (paced per channel like every post). Each message is its own delivery
 * (the summary under the run's key, a thread message under the id of its first case), and the alerts
 * are claimed for this delivery, so a retry posts only what an earlier attempt did not.
 */
export async function deliverPendingAlerts(
  deps: DeliveryDeps,
  o: { sub: SubscriptionRow; alertKind: AlertKind; recipient: string; runKey: string; jobName: string },
): Promise<DeliveryOutcome & { messages: number }> {
  const key = deliveryKey(subScope(o.sub), o.runKey, o.recipient);
  const spec = { subscriptionId: o.sub.id, jobName: o.jobName, recipient: o.recipient };
  const layout = ALERT_LAYOUT[o.alertKind];
  const claimed = await claimAlerts(deps.database, { alertKind: o.alertKind, recipient: o.recipient, deliveryKey: key });
  const dataAsOf = claimed.length > 0 ? await latestOrderAt(deps.database) : null;
  let messages = 0;
  let rest: AlertRow[] = claimed;
  /** Cases the summary found in Slack's history had already recorded as announced (before a crash). */
  let shownBefore = 0;
  const head = await deliverOnce(deps, { key, ...spec }, async ({ metadata, earlier }) => {
    if (earlier) {
      // An interrupted attempt posted the summary: record it as that attempt would have. The cases it
      // showed are the first claimed ones, unless it had already recorded them (then only its thread's are left).
      shownBefore = (await alertsOfMessage(deps.database, earlier.channel, earlier.ts)).length;
      const shown = shownBefore > 0 ? [] : claimed.slice(0, layout.head);
      await fileUnderSummary(deps.database, claimed.map((r) => r.id), earlier.channel, earlier.ts);
      await announceAlerts(deps.database, shown.map((r) => r.id), earlier.channel, earlier.ts);
      rest = claimed.slice(shown.length).map((r) => ({ ...r, details: { ...r.details, threadChannel: earlier.channel, threadTs: earlier.ts } }));
      return { status: 'sent', messageTs: earlier.ts };
    }
    if (claimed.length === 0) return { status: 'skipped', reason: 'nothing new' };
    const shown = claimed.slice(0, layout.head);
    const posted = await postToTarget(deps, o.sub, o.recipient, deps.messages.alerts(o.alertKind, o.recipient, shown, dataAsOf, { all: claimed }), o.runKey, { metadata });
    await fileUnderSummary(deps.database, claimed.map((r) => r.id), posted.channel, posted.ts);
    await announceAlerts(deps.database, shown.map((r) => r.id), posted.channel, posted.ts);
    rest = claimed.slice(layout.head).map((r) => ({ ...r, details: { ...r.details, threadChannel: posted.channel, threadTs: posted.ts } }));
    messages++;
    return { status: 'sent', messageTs: posted.ts };
  });
  if (head.status === 'skipped' || rest.length === 0) return { ...head, messages };
  // A retry after the summary went out: the rows left are filed under it (fileUnderSummary ran with the post).
  const thread = summaryOf(rest[0]!);
  const total = claimed.length + shownBefore + (head.status === 'duplicate' ? await announcedBefore(deps, thread) : 0);
  for (let i = 0; i < rest.length; i += layout.perMessage) {
    const chunk = rest.slice(i, i + layout.perMessage);
    const first = total - rest.length + i + 1;
    // A thread reply is not in conversations.history, so a resumed one is not looked up there.
    const out = await deliverOnce(deps, { key: deliveryKey(subScope(o.sub), o.runKey, o.recipient, `t${chunk[0]!.id}`), ...spec, findInHistory: false }, async ({ metadata }) => {
      const msg = deps.messages.alerts(o.alertKind, thread?.channelId ?? o.recipient, chunk, dataAsOf, { part: { first, total } });
      const posted = await postToTarget(deps, o.sub, thread?.channelId ?? o.recipient, msg, o.runKey, { ...(thread ? { threadTs: thread.ts } : {}), metadata });
      await announceAlerts(deps.database, chunk.map((r) => r.id), posted.channel, posted.ts);
      return { status: 'sent', messageTs: posted.ts };
    });
    if (out.status === 'sent') messages++;
  }
  return { status: head.status === 'duplicate' && messages > 0 ? 'sent' : head.status, messageTs: head.messageTs, messages, ...(head.foundInHistory ? { foundInHistory: true } : {}) };
}

/** Cases of a batch already announced before a retry (to number the thread messages the same way). */
async function announcedBefore(deps: DeliveryDeps, thread: { channelId: string; ts: string } | undefined): Promise<number> {
  if (!thread) return 0;
  const view = await alertMessageView(deps.database, thread.channelId, thread.ts);
  return (view.batch.all ?? view.rows).filter((r) => !(r.messageTs ?? '').startsWith('pending:')).length;
}

/**
 * Updates messages whose alerts changed (recovered customers, sold products) with chat.update, and the
 * summary of their announcement (its totals changed); a thread gets one reply per pass naming who
 * came back, so the channel sees recoveries without scrolling through every message.
 */
export async function updateAlertMessages(deps: DeliveryDeps, messages: readonly RecoveredMessage[]): Promise<number> {
  let updated = 0;
  const dataAsOf = messages.length > 0 ? await latestOrderAt(deps.database) : null;
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
    const view = await alertMessageView(deps.database, m.channelId, m.messageTs);
    if (view.rows.length === 0) continue;
    try {
      await deps.slack.update(m.channelId, m.messageTs, deps.messages.alerts(m.alertKind, m.channelId, view.rows, dataAsOf, view.batch));
      updated++;
    } catch (e) {
      // The message may have been deleted; the state is stored either way.
      deps.log.warn({ err: e, channel: m.channelId, ts: m.messageTs }, 'could not update an alert message');
    }
  }
  for (const r of replies.values()) {
    try {
      await deps.slack.post(r.channelId, deps.messages.recovered(r.alertKind, r.rows), { threadTs: r.threadTs });
    } catch (e) {
      deps.log.warn({ err: e, channel: r.channelId, ts: r.threadTs }, 'could not post recoveries in an alert thread');
    }
  }
  return updated;
}
