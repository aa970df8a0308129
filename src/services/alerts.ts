import { addDays } from 'date-fns/addDays';
import type { Database } from '../db/client.js';
import { customerIdsByExternal, customerWithOwner, productIdsByExternal } from '../db/queries/alert-subjects.js';
import { latestOrderAt } from '../db/queries/freshness.js';
import {
  alertsBySubject,
  alertsOfThread,
  alertsOnMessage,
  attachAlertMessage,
  attachAlertThread,
  claimPendingAlerts,
  customerAlertsWithNewOrders,
  findAlert,
  markAlertsRecovered,
  openAlert,
  productAlertsWithNewSales,
  setAlertState,
  type AlertRow,
} from '../db/queries/alert-state.js';
import { AppError } from '../lib/errors.js';
import type { ReportFilters } from '../lib/report-filters.js';
import { atRiskCustomers } from '../reports/churn/at-risk-snapshot.js';
import type { ReportScope } from '../reports/report-module.js';
import { runReport } from '../reports/run-report.js';
import { slowReport } from '../reports/slow/slow-module.js';
import type { Actor } from './slack-identity.js';
import { assertCanSee } from '../reports/user-scope-check.js';

export type { AlertRow };

/** Kinds of rows in alert_state. `churn` rows serve both the channel alert and the at-risk DMs. */
export type AlertKind = 'churn' | 'slow' | 'crosssell' | 'deals' | 'pacing' | 'anomalies';

export const SNOOZE_DAYS = 7;
/** Cases per message: each takes a section and a row of buttons, and Slack allows 50 blocks. */
export const MAX_ALERTS_PER_MESSAGE = 15;
/**
 * How an announcement is laid out: the first message shows the `head` highest-ranked cases with the
 * totals of all of them, and its thread lists every other case, `perMessage` to a message. Nothing is
 * left out: a run announces every case it opened. Churn and cross-sell cases take two blocks each
 * (text and buttons), slow movers one line each.
 */
export const ALERT_LAYOUT: Record<AlertKind, { head: number; perMessage: number }> = {
  churn: { head: 10, perMessage: MAX_ALERTS_PER_MESSAGE },
  crosssell: { head: 8, perMessage: MAX_ALERTS_PER_MESSAGE },
  deals: { head: 10, perMessage: MAX_ALERTS_PER_MESSAGE },
  // Up to four blocks a target (gap, overdue customers, cross-sell ideas, buttons).
  pacing: { head: 8, perMessage: 10 },
  slow: { head: 15, perMessage: 40 },
  // The 5 largest deviations in the summary, the rest in its thread.
  anomalies: { head: 5, perMessage: 10 },
};
/** Claims per delivery; far above any real batch, it only bounds a runaway one (see claimPendingAlerts). */
const MAX_CLAIM = 20_000;

/**
 * Where one alert message sits in its announcement: the summary (first message) knows every case of
 * the batch; a thread message knows its position ("11–25 of 160").
 */
export interface AlertBatchView {
  /** Every case announced under the summary, highest rank first; set on the summary only. */
  all?: readonly AlertRow[];
  /** A thread message: the 1-based position of its first case and the size of the batch. */
  part?: { first: number; total: number };
}

/** A customer newly at risk, as the alert shows them (kept in alert_state.details). */
export interface ChurnCaseDetails {
  [key: string]: unknown;
  customerExternalId: string;
  name: string;
  ownerName: string | null;
  ownerExternalId: string | null;
  /** "ordered every ~7 days, last order 23 days ago (usually within 9 days)". */
  rhythm: string;
  valueAtRisk: number;
  lastOrderDay: string;
  /** Ordering of cases in a message (value at risk). */
  rank: number;
}

/** A product newly slow, as the alert shows it. */
export interface SlowCaseDetails {
  [key: string]: unknown;
  productExternalId: string;
  name: string;
  category: string | null;
  /** Last sale day, null = never sold. */
  lastSoldAt: string | null;
  daysSinceSale: number | null;
  /** The bucket it has reached: no sale in 30, 60 or 90 days. */
  bucket: 30 | 60 | 90;
  stockQty: number | null;
  stockValue: number | null;
  rank: number;
}

export interface AlertCase<D extends Record<string, unknown>> {
  /** What the alert is about within the recipient (customer or product portal id, or customer:product). */
  subject: string;
  customerId?: number;
  productId?: number;
  details: D;
}

/** The key of one alert: per recipient, so a snooze in one channel does not silence another. */
export function subjectKey(recipient: string, subject: string): string {
  return `${recipient}:${subject}`;
}

/**
 * Customers at risk now (the churn report, in the given scope and filters), as alert cases: read from
 * the refresh's at-risk snapshot when it holds this population for the current data, else computed live.
 */
export async function churnCases(database: Database, opts: { filters: ReportFilters; scope: ReportScope; asOf?: string }): Promise<AlertCase<ChurnCaseDetails>[]> {
  const { customers } = await atRiskCustomers(database, opts);
  const ids = await customerIdsByExternal(database, customers.map((c) => c.customerId));
  return customers.flatMap((c) => {
    const id = ids.get(c.customerId);
    if (!id) return [];
    return [
      {
        subject: c.customerId,
        customerId: id.id,
        details: {
          customerExternalId: c.customerId,
          name: c.name || c.customerId,
          ownerName: c.salesmanName,
          ownerExternalId: c.salesmanId,
          rhythm: c.rhythm,
          valueAtRisk: c.valueAtRisk,
          lastOrderDay: c.lastOrderDay,
          rank: c.valueAtRisk,
        },
      },
    ];
  });
}

/** Products without a sale for 30+ days now (the slow report), as alert cases. */
export async function slowCases(database: Database, opts: { filters: ReportFilters; scope: ReportScope; asOf?: string }): Promise<AlertCase<SlowCaseDetails>[]> {
  const r = await runReport(database, slowReport, { filters: opts.filters, scope: opts.scope, limit: 0, asOf: opts.asOf });
  const ids = await productIdsByExternal(database, r.products.map((p) => p.productId));
  return r.products.flatMap((p) => {
    const id = ids.get(p.productId);
    if (id === undefined) return [];
    const age = p.daysSinceSale ?? Number.POSITIVE_INFINITY;
    const bucket: 30 | 60 | 90 = age >= 90 ? 90 : age >= 60 ? 60 : 30;
    return [
      {
        subject: p.productId,
        productId: id,
        details: {
          productExternalId: p.productId,
          name: p.name,
          category: p.category,
          lastSoldAt: p.lastSoldAt,
          daysSinceSale: p.daysSinceSale,
          bucket,
          stockQty: p.stockQty,
          stockValue: p.stockValue,
          rank: p.stockValue ?? 0,
        },
      },
    ];
  });
}

/**
 * Whether a case should be announced (again), given its stored state:
 * - never announced, or recovered since (the customer ordered, then slipped again) → yes;
 * - snoozed and the snooze has ended → yes;
 * - open (announced or waiting to be), handled, or snoozed until later → no;
 * - except a slow product that has moved into a later bucket (60 → 90 days) → yes;
 * - and an anomaly of a later period for the same metric and slice (open or handled, not snoozed) → yes.
 */
export function shouldAnnounce(row: AlertRow | undefined, details: Record<string, unknown>, now: Date): boolean {
  if (!row) return true;
  if (row.state === 'recovered') return true;
  if (row.state === 'snoozed') return row.snoozedUntil !== null && new Date(row.snoozedUntil) <= now;
  if (row.state === 'open' && row.messageTs === null) return false;
  const period = row.details.period;
  if (typeof period === 'string' && typeof details.period === 'string' && details.period > period) return true;
  const before = row.details.bucket;
  return typeof before === 'number' && typeof details.bucket === 'number' && details.bucket > before;
}

/**
 * Opens the cases a recipient has not been told about (see {@link shouldAnnounce}); the rows wait in
 * alert_state, unannounced, until a delivery claims them. Returns how many were opened and how many
 * now wait (including those an interrupted earlier run opened but did not announce).
 */
export async function openNewCases<D extends Record<string, unknown>>(
  database: Database,
  opts: { alertKind: AlertKind; recipient: string; cases: readonly AlertCase<D>[]; now: Date },
): Promise<{ opened: number; waiting: number }> {
  const keys = opts.cases.map((c) => subjectKey(opts.recipient, c.subject));
  const stored = new Map((await alertsBySubject(database, opts.alertKind, keys)).map((r) => [r.subjectKey, r]));
  let opened = 0;
  let waiting = 0;
  for (const c of opts.cases) {
    const key = subjectKey(opts.recipient, c.subject);
    const row = stored.get(key);
    if (!shouldAnnounce(row, c.details, opts.now)) {
      if (row?.state === 'open' && (row.messageTs === null || row.messageTs.startsWith('pending:'))) waiting++;
      continue;
    }
    await openAlert(database, { alertKind: opts.alertKind, subjectKey: key, customerId: c.customerId ?? null, productId: c.productId ?? null, details: c.details });
    opened++;
    waiting++;
  }
  return { opened, waiting };
}

/** The unannounced alerts of one recipient for one delivery (see claimPendingAlerts). */
export function claimAlerts(database: Database, opts: { alertKind: AlertKind; recipient: string; deliveryKey: string; limit?: number }): Promise<AlertRow[]> {
  return claimPendingAlerts(database, {
    alertKind: opts.alertKind,
    recipient: opts.recipient,
    claim: `pending:${opts.deliveryKey}`,
    limit: opts.limit ?? MAX_CLAIM,
  });
}

/** Files the claimed alerts of one announcement under its summary message (see attachAlertThread). */
export function fileUnderSummary(database: Database, ids: readonly number[], channelId: string, summaryTs: string): Promise<void> {
  return attachAlertThread(database, ids, channelId, summaryTs);
}

/** The summary message an alert was announced under, if it was announced with a thread. */
export function summaryOf(row: AlertRow): { channelId: string; ts: string } | undefined {
  const channelId = row.details.threadChannel;
  const ts = row.details.threadTs;
  return typeof channelId === 'string' && typeof ts === 'string' ? { channelId, ts } : undefined;
}

/**
 * The alerts one message shows and its place in the announcement, to render it again after a click or
 * a recovery: the summary gets every case of its batch (for the totals and "N more in the thread"),
 * a thread message its position.
 */
export async function alertMessageView(database: Database, channelId: string, messageTs: string): Promise<{ rows: AlertRow[]; batch: AlertBatchView }> {
  const rows = await alertsOnMessage(database, channelId, messageTs);
  const summary = rows[0] ? summaryOf(rows[0]) : undefined;
  if (!summary) return { rows, batch: {} };
  const all = await alertsOfThread(database, summary.channelId, summary.ts);
  if (summary.ts === messageTs) return { rows, batch: { all } };
  const first = all.findIndex((r) => r.id === rows[0]!.id);
  return { rows, batch: { part: { first: first < 0 ? 1 : first + 1, total: all.length } } };
}

/** Records the message that announced these alerts. */
export function announceAlerts(database: Database, ids: readonly number[], channelId: string, messageTs: string): Promise<void> {
  return attachAlertMessage(database, ids, channelId, messageTs);
}

/** Every alert shown in one message, to render it again after a change. */
export function alertsOfMessage(database: Database, channelId: string, messageTs: string): Promise<AlertRow[]> {
  return alertsOnMessage(database, channelId, messageTs);
}

export type AlertAction = 'snooze' | 'handled' | 'assign' | 'call_list' | 'not_relevant' | 'deal_activity' | 'deal_lost';

/**
 * The alert a button names, checked server-side: it must exist, belong to the message the button is on
 * (so an id copied from elsewhere does nothing), and concern a customer the person may see.
 */
export async function alertForAction(database: Database, actor: Actor, id: number, where: { channelId?: string; messageTs?: string }): Promise<AlertRow> {
  const row = await findAlert(database, id);
  const gone = new AppError('NOT_FOUND', 'That alert is no longer there.', { hint: 'It may have been replaced by a newer message.' });
  if (!row || row.channelId === null || row.channelId !== where.channelId || row.messageTs !== where.messageTs) throw gone;
  if (row.customerId !== null) {
    const customer = await customerWithOwner(database, row.customerId);
    if (!customer) throw gone;
    assertCanSee(actor, customer.salesmanId);
  } else if (row.alertKind === 'pacing') {
    // A pacing alert is about a target, not a customer: whoever it was sent to may snooze or close it.
    if (actor.role === 'salesman' && !row.subjectKey.startsWith(`${actor.slackUserId}:`) && row.channelId !== actor.slackUserId) {
      throw new AppError('FORBIDDEN', 'That pacing alert was sent to someone else.', { hint: 'Type `/sales goals` for your own targets.' });
    }
  } else if (actor.role === 'salesman') {
    throw new AppError('FORBIDDEN', 'Only managers and admins can act on product alerts.');
  }
  return row;
}

/**
 * Applies a button: Snooze 7 days, Mark handled, Assign to me (churn), Add to call list or Not relevant
 * (cross-sell). A recovered alert stays recovered. Returns the alert as stored.
 */
export async function applyAlertAction(database: Database, actor: Actor, row: AlertRow, action: AlertAction, now: Date = new Date()): Promise<AlertRow> {
  if (row.state === 'recovered') return row;
  const by = { by: actor.slackUserId, at: now.toISOString() };
  switch (action) {
    case 'snooze':
      return (await setAlertState(database, row.id, { state: 'snoozed', snoozedUntil: addDays(now, SNOOZE_DAYS), details: { snoozedBy: by.by } }))!;
    case 'handled':
      return (await setAlertState(database, row.id, { state: 'handled', details: { handledBy: by.by, handledAt: by.at } }))!;
    case 'assign':
      return (await setAlertState(database, row.id, {
        state: row.state,
        snoozedUntil: row.snoozedUntil ? new Date(row.snoozedUntil) : null,
        assignedSlackUserId: actor.slackUserId,
      }))!;
    case 'call_list':
    case 'not_relevant':
    case 'deal_activity':
    case 'deal_lost':
      return (await setAlertState(database, row.id, { state: 'handled', details: { verdict: action, handledBy: by.by, handledAt: by.at } }))!;
  }
}

export interface RecoveredMessage {
  alertKind: string;
  channelId: string;
  messageTs: string;
  /** The cases of this message that recovered in this pass (for the note in the thread). */
  recovered: AlertRow[];
}

/**
 * Marks recovered every churn alert whose customer has ordered since, and every slow-mover alert whose
 * product has sold since; returns the messages that announced them, so they can be updated.
 */
export async function recoverAlerts(database: Database, timeZone: string): Promise<{ recovered: number; messages: RecoveredMessage[] }> {
  const rows = [
    ...(await customerAlertsWithNewOrders(database, ['churn'], timeZone)),
    ...(await productAlertsWithNewSales(database, ['slow'], timeZone)),
  ];
  await markAlertsRecovered(database, rows.map((r) => r.id));
  const messages = new Map<string, RecoveredMessage>();
  for (const r of rows) {
    if (r.channelId && r.messageTs && !r.messageTs.startsWith('pending:')) {
      const key = `${r.channelId}/${r.messageTs}`;
      const m = messages.get(key) ?? { alertKind: r.alertKind, channelId: r.channelId, messageTs: r.messageTs, recovered: [] };
      m.recovered.push({ ...r, state: 'recovered' });
      messages.set(key, m);
    }
  }
  return { recovered: rows.length, messages: [...messages.values()] };
}

/** The newest order time (ISO), shown on alert messages as "data as of". */
export function alertsDataAsOf(database: Database): Promise<string | null> {
  return latestOrderAt(database);
}
