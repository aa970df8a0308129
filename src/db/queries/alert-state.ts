import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import type { ALERT_STATES } from '../schema/bot.js';
import { one, rows } from '../sql/run.js';

export type AlertStateName = (typeof ALERT_STATES)[number];

export interface AlertRow {
  id: number;
  alertKind: string;
  subjectKey: string;
  customerId: number | null;
  productId: number | null;
  state: AlertStateName;
  snoozedUntil: string | null;
  assignedSlackUserId: string | null;
  channelId: string | null;
  messageTs: string | null;
  details: Record<string, unknown>;
  openedAt: string;
  updatedAt: string;
}

const COLUMNS = sql`id, alert_kind as "alertKind", subject_key as "subjectKey", customer_id as "customerId", product_id as "productId",
  state, snoozed_until as "snoozedUntil", assigned_slack_user_id as "assignedSlackUserId", channel_id as "channelId",
  message_ts as "messageTs", details, opened_at as "openedAt", updated_at as "updatedAt"`;

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
function toRow(r: AlertRow): AlertRow {
  return {
    ...r,
    id: Number(r.id),
    customerId: r.customerId === null ? null : Number(r.customerId),
    productId: r.productId === null ? null : Number(r.productId),
    details: (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) ?? {},
    snoozedUntil: iso(r.snoozedUntil),
    openedAt: iso(r.openedAt)!,
    updatedAt: iso(r.updatedAt)!,
  };
}

const list = (values: readonly (string | number)[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

/** Stored states of these subjects of one alert kind. */
export async function alertsBySubject(database: Database, alertKind: string, subjectKeys: readonly string[]): Promise<AlertRow[]> {
  if (subjectKeys.length === 0) return [];
  const r = await rows<AlertRow>(
    database,
    sql`select ${COLUMNS} from alert_state where alert_kind = ${alertKind} and subject_key in (${list(subjectKeys)})`,
  );
  return r.map(toRow);
}

/**
 * Opens (or re-opens) an alert: state open, fresh details, no message yet, no snooze or assignee.
 * Re-opening an alert that is open without a message (a run that stopped before posting) keeps its row.
 */
export async function openAlert(
  database: Database,
  a: { alertKind: string; subjectKey: string; customerId?: number | null; productId?: number | null; details: Record<string, unknown> },
): Promise<AlertRow> {
  const r = await one<AlertRow>(
    database,
    sql`insert into alert_state (alert_kind, subject_key, customer_id, product_id, state, details)
        values (${a.alertKind}, ${a.subjectKey}, ${a.customerId ?? null}, ${a.productId ?? null}, 'open', ${JSON.stringify(a.details)}::jsonb)
        on conflict (alert_kind, subject_key) do update set
          state = 'open', details = excluded.details, snoozed_until = null, assigned_slack_user_id = null,
          channel_id = null, message_ts = null, opened_at = now(), updated_at = now()
        returning ${COLUMNS}`,
  );
  return toRow(r!);
}

/**
 * Claims the open alerts of one recipient that no message has announced yet, for one delivery: marks
 * them with `claim` so a concurrent run leaves them alone, while a retry of the same delivery (same
 * claim) gets the same rows back. A claim left by a run that died is taken over after 10 minutes.
 * Highest `details.rank` first.
 */
export async function claimPendingAlerts(
  database: Database,
  a: { alertKind: string; recipient: string; claim: string; limit: number },
): Promise<AlertRow[]> {
  const prefix = `${a.recipient}:%`;
  const r = await rows<AlertRow>(
    database,
    sql`update alert_state set message_ts = ${a.claim}, updated_at = now()
        where id in (
          select id from alert_state
          where alert_kind = ${a.alertKind} and subject_key like ${prefix} and state = 'open'
            and (message_ts is null or message_ts = ${a.claim}
                 or (message_ts like 'pending:%' and updated_at < now() - interval '10 minutes'))
          order by (message_ts = ${a.claim}) desc nulls last, (details->>'rank')::float8 desc nulls last, id
          limit ${a.limit}
          for update skip locked)
        returning ${COLUMNS}`,
  );
  return r.map(toRow).sort((p, q) => Number(q.details.rank ?? 0) - Number(p.details.rank ?? 0) || p.id - q.id);
}

/** Links alerts to the message that announced them, so later changes can update it. */
export async function attachAlertMessage(database: Database, ids: readonly number[], channelId: string, messageTs: string): Promise<void> {
  if (ids.length === 0) return;
  await database.db.execute(
    sql`update alert_state set channel_id = ${channelId}, message_ts = ${messageTs}, updated_at = now() where id in (${list(ids)})`,
  );
}

/**
 * Files alerts under one announcement (`details.threadChannel` / `details.threadTs`: the summary message
 * whose thread lists them), before the thread messages are posted, so the summary can be rendered
 * again from every case of its batch whichever message each case ends up in.
 */
export async function attachAlertThread(database: Database, ids: readonly number[], channelId: string, threadTs: string): Promise<void> {
  if (ids.length === 0) return;
  await database.db.execute(
    sql`update alert_state set details = details || ${JSON.stringify({ threadChannel: channelId, threadTs })}::jsonb, updated_at = now()
        where id in (${list(ids)})`,
  );
}

/** Every alert announced under one summary message (its own cases and its thread's), highest rank first. */
export async function alertsOfThread(database: Database, channelId: string, threadTs: string): Promise<AlertRow[]> {
  const r = await rows<AlertRow>(
    database,
    sql`select ${COLUMNS} from alert_state where details->>'threadChannel' = ${channelId} and details->>'threadTs' = ${threadTs}
        order by (details->>'rank')::float8 desc nulls last, id`,
  );
  return r.map(toRow);
}

export async function findAlert(database: Database, id: number): Promise<AlertRow | undefined> {
  const r = await one<AlertRow>(database, sql`select ${COLUMNS} from alert_state where id = ${id}`);
  return r ? toRow(r) : undefined;
}

/** Changes an alert's state; `assignedSlackUserId` undefined keeps the assignee. */
export async function setAlertState(
  database: Database,
  id: number,
  patch: { state: AlertStateName; snoozedUntil?: Date | null; assignedSlackUserId?: string | null; details?: Record<string, unknown> },
): Promise<AlertRow | undefined> {
  const assign = patch.assignedSlackUserId === undefined ? sql`assigned_slack_user_id` : sql`${patch.assignedSlackUserId}`;
  const r = await one<AlertRow>(
    database,
    sql`update alert_state set state = ${patch.state}, snoozed_until = ${patch.snoozedUntil?.toISOString() ?? null}::timestamptz,
          assigned_slack_user_id = ${assign}, details = details || ${JSON.stringify(patch.details ?? {})}::jsonb, updated_at = now()
        where id = ${id} returning ${COLUMNS}`,
  );
  return r ? toRow(r) : undefined;
}

/** Every alert announced in one message, in the order it shows them (highest rank first). */
export async function alertsOnMessage(database: Database, channelId: string, messageTs: string): Promise<AlertRow[]> {
  const r = await rows<AlertRow>(
    database,
    sql`select ${COLUMNS} from alert_state where channel_id = ${channelId} and message_ts = ${messageTs}
        order by (details->>'rank')::float8 desc nulls last, id`,
  );
  return r.map(toRow);
}

/**
 * Customer alerts (open, snoozed or handled) whose customer has ordered on a later business day than the
 * one the alert was raised on (`details.lastOrderDay`).
 */
export async function customerAlertsWithNewOrders(database: Database, alertKinds: readonly string[], timeZone: string): Promise<AlertRow[]> {
  if (alertKinds.length === 0) return [];
  const r = await rows<AlertRow>(
    database,
    sql`select ${sql.raw(COLUMN_LIST_A)} from alert_state a join customer_rollup cr on cr.customer_id = a.customer_id
        where a.alert_kind in (${list(alertKinds)}) and a.state in ('open', 'snoozed', 'handled')
          and a.details ? 'lastOrderDay'
          and (cr.last_order_at at time zone ${timeZone})::date > (a.details->>'lastOrderDay')::date
        order by a.id`,
  );
  return r.map(toRow);
}

/** Product alerts (open, snoozed or handled) whose product has sold since the alert (`details.lastSoldAt`, null = never). */
export async function productAlertsWithNewSales(database: Database, alertKinds: readonly string[], timeZone: string): Promise<AlertRow[]> {
  if (alertKinds.length === 0) return [];
  const r = await rows<AlertRow>(
    database,
    sql`select ${sql.raw(COLUMN_LIST_A)} from alert_state a join product_rollup pr on pr.product_id = a.product_id
        where a.alert_kind in (${list(alertKinds)}) and a.state in ('open', 'snoozed', 'handled')
          and (a.details->>'lastSoldAt' is null
               or (pr.last_sold_at at time zone ${timeZone})::date > (a.details->>'lastSoldAt')::date)
        order by a.id`,
  );
  return r.map(toRow);
}

const COLUMN_LIST_A = `a.id, a.alert_kind as "alertKind", a.subject_key as "subjectKey", a.customer_id as "customerId",
  a.product_id as "productId", a.state, a.snoozed_until as "snoozedUntil", a.assigned_slack_user_id as "assignedSlackUserId",
  a.channel_id as "channelId", a.message_ts as "messageTs", a.details, a.opened_at as "openedAt", a.updated_at as "updatedAt"`;

export async function markAlertsRecovered(database: Database, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await database.db.execute(sql`update alert_state set state = 'recovered', snoozed_until = null, updated_at = now() where id in (${list(ids)})`);
}
