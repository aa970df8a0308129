import { and, asc, eq, getTableColumns, inArray, isNull, like, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { alertState, type ALERT_STATES } from '../schema/bot.js';
import { customerRollup, productRollup } from '../schema/snapshots.js';
import { isoInstant, isoInstantOrNull } from '../sql/instants.js';

export type AlertStateName = (typeof ALERT_STATES)[number];

type AlertRecord = typeof alertState.$inferSelect;

/** One alert subject's state; instants are ISO, and `details` is `{}` when none were stored. */
export type AlertRow = Omit<AlertRecord, 'snoozedUntil' | 'openedAt' | 'updatedAt' | 'details'> & {
  snoozedUntil: string | null;
  details: Record<string, unknown>;
  openedAt: string;
  updatedAt: string;
};

const COLUMNS = getTableColumns(alertState);

function toRow(r: AlertRecord): AlertRow {
  return {
    ...r,
    details: r.details ?? {},
    snoozedUntil: isoInstantOrNull(r.snoozedUntil),
    openedAt: isoInstant(r.openedAt),
    updatedAt: isoInstant(r.updatedAt),
  };
}

/** `details.rank` (the alert's own ordering, highest first), for ORDER BY. */
const RANK_DESC = sql`(${alertState.details}->>'rank')::float8 desc nulls last`;
/** Adds `patch` to the stored details (jsonb `||`: its keys replace the stored ones). */
const mergeDetails = (patch: Record<string, unknown>): SQL => sql`${alertState.details} || ${JSON.stringify(patch)}::jsonb`;
/** Open, snoozed or handled: still standing, so new activity of its subject recovers it. */
const STANDING: AlertStateName[] = ['open', 'snoozed', 'handled'];

/** Stored states of these subjects of one alert kind. */
export async function alertsBySubject(database: Database, alertKind: string, subjectKeys: readonly string[]): Promise<AlertRow[]> {
  if (subjectKeys.length === 0) return [];
  const r = await database.db
    .select()
    .from(alertState)
    .where(and(eq(alertState.alertKind, alertKind), inArray(alertState.subjectKey, [...subjectKeys])));
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
  const [r] = await database.db
    .insert(alertState)
    .values({
      alertKind: a.alertKind,
      subjectKey: a.subjectKey,
      customerId: a.customerId ?? null,
      productId: a.productId ?? null,
      state: 'open',
      details: a.details,
    })
    .onConflictDoUpdate({
      target: [alertState.alertKind, alertState.subjectKey],
      set: {
        state: 'open',
        details: sql`excluded.details`,
        snoozedUntil: null,
        assignedSlackUserId: null,
        channelId: null,
        messageTs: null,
        openedAt: sql`now()`,
        updatedAt: sql`now()`,
      },
    })
    .returning();
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
  const claimable = database.db
    .select({ id: alertState.id })
    .from(alertState)
    .where(
      and(
        eq(alertState.alertKind, a.alertKind),
        like(alertState.subjectKey, `${a.recipient}:%`),
        eq(alertState.state, 'open'),
        or(
          isNull(alertState.messageTs),
          eq(alertState.messageTs, a.claim),
          and(like(alertState.messageTs, 'pending:%'), lt(alertState.updatedAt, sql`now() - interval '10 minutes'`)),
        ),
      ),
    )
    .orderBy(sql`${eq(alertState.messageTs, a.claim)} desc nulls last`, RANK_DESC, asc(alertState.id))
    .limit(a.limit)
    .for('update', { skipLocked: true });
  const r = await database.db
    .update(alertState)
    .set({ messageTs: a.claim, updatedAt: sql`now()` })
    .where(inArray(alertState.id, claimable))
    .returning();
  return r.map(toRow).sort((p, q) => Number(q.details.rank ?? 0) - Number(p.details.rank ?? 0) || p.id - q.id);
}

/** Links alerts to the message that announced them, so later changes can update it. */
export async function attachAlertMessage(database: Database, ids: readonly number[], channelId: string, messageTs: string): Promise<void> {
  if (ids.length === 0) return;
  await database.db
    .update(alertState)
    .set({ channelId, messageTs, updatedAt: sql`now()` })
    .where(inArray(alertState.id, [...ids]));
}

/**
 * Files alerts under one announcement (`details.threadChannel` / `details.threadTs`: the summary message
 * whose thread lists them), before the thread messages are posted, so the summary can be rendered
 * again from every case of its batch whichever message each case ends up in.
 */
export async function attachAlertThread(database: Database, ids: readonly number[], channelId: string, threadTs: string): Promise<void> {
  if (ids.length === 0) return;
  await database.db
    .update(alertState)
    .set({ details: mergeDetails({ threadChannel: channelId, threadTs }), updatedAt: sql`now()` })
    .where(inArray(alertState.id, [...ids]));
}

/** Every alert announced under one summary message (its own cases and its thread's), highest rank first. */
export async function alertsOfThread(database: Database, channelId: string, threadTs: string): Promise<AlertRow[]> {
  const r = await database.db
    .select()
    .from(alertState)
    .where(and(sql`${alertState.details}->>'threadChannel' = ${channelId}`, sql`${alertState.details}->>'threadTs' = ${threadTs}`))
    .orderBy(RANK_DESC, asc(alertState.id));
  return r.map(toRow);
}

export async function findAlert(database: Database, id: number): Promise<AlertRow | undefined> {
  const [r] = await database.db.select().from(alertState).where(eq(alertState.id, id));
  return r ? toRow(r) : undefined;
}

/** Changes an alert's state; `snoozedUntil` undefined clears the snooze, `assignedSlackUserId` undefined keeps the assignee. */
export async function setAlertState(
  database: Database,
  id: number,
  patch: { state: AlertStateName; snoozedUntil?: Date | null; assignedSlackUserId?: string | null; details?: Record<string, unknown> },
): Promise<AlertRow | undefined> {
  const [r] = await database.db
    .update(alertState)
    .set({
      state: patch.state,
      snoozedUntil: patch.snoozedUntil ?? null,
      ...(patch.assignedSlackUserId === undefined ? {} : { assignedSlackUserId: patch.assignedSlackUserId }),
      details: mergeDetails(patch.details ?? {}),
      updatedAt: sql`now()`,
    })
    .where(eq(alertState.id, id))
    .returning();
  return r ? toRow(r) : undefined;
}

/** Every alert announced in one message, in the order it shows them (highest rank first). */
export async function alertsOnMessage(database: Database, channelId: string, messageTs: string): Promise<AlertRow[]> {
  const r = await database.db
    .select()
    .from(alertState)
    .where(and(eq(alertState.channelId, channelId), eq(alertState.messageTs, messageTs)))
    .orderBy(RANK_DESC, asc(alertState.id));
  return r.map(toRow);
}

/**
 * Customer alerts (open, snoozed or handled) whose customer has ordered on a later business day than the
 * one the alert was raised on (`details.lastOrderDay`).
 */
export async function customerAlertsWithNewOrders(database: Database, alertKinds: readonly string[], timeZone: string): Promise<AlertRow[]> {
  if (alertKinds.length === 0) return [];
  const r = await database.db
    .select(COLUMNS)
    .from(alertState)
    .innerJoin(customerRollup, eq(customerRollup.customerId, alertState.customerId))
    .where(
      and(
        inArray(alertState.alertKind, [...alertKinds]),
        inArray(alertState.state, STANDING),
        sql`${alertState.details} ? 'lastOrderDay'`,
        sql`(${customerRollup.lastOrderAt} at time zone ${timeZone})::date > (${alertState.details}->>'lastOrderDay')::date`,
      ),
    )
    .orderBy(asc(alertState.id));
  return r.map(toRow);
}

/** Product alerts (open, snoozed or handled) whose product has sold since the alert (`details.lastSoldAt`, null = never). */
export async function productAlertsWithNewSales(database: Database, alertKinds: readonly string[], timeZone: string): Promise<AlertRow[]> {
  if (alertKinds.length === 0) return [];
  const r = await database.db
    .select(COLUMNS)
    .from(alertState)
    .innerJoin(productRollup, eq(productRollup.productId, alertState.productId))
    .where(
      and(
        inArray(alertState.alertKind, [...alertKinds]),
        inArray(alertState.state, STANDING),
        or(
          sql`${alertState.details}->>'lastSoldAt' is null`,
          sql`(${productRollup.lastSoldAt} at time zone ${timeZone})::date > (${alertState.details}->>'lastSoldAt')::date`,
        ),
      ),
    )
    .orderBy(asc(alertState.id));
  return r.map(toRow);
}

export async function markAlertsRecovered(database: Database, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await database.db
    .update(alertState)
    .set({ state: 'recovered', snoozedUntil: null, updatedAt: sql`now()` })
    .where(inArray(alertState.id, [...ids]));
}
