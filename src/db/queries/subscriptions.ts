import { and, asc, eq, inArray, not, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { subscriptions, type SUBSCRIPTION_KINDS } from '../schema/bot.js';
import { isoInstant } from '../sql/instants.js';

export type SubscriptionKind = (typeof SUBSCRIPTION_KINDS)[number];

type SubscriptionRecord = typeof subscriptions.$inferSelect;

/**
 * A stored subscription: what to send, where, and when (cron in `timeZone`). `target` is a channel id
 * (C…/G…), a user id (U…/W…) for a DM, or `salesmen` for one DM per salesman; `subject` is the report
 * name (kind report) or alert name (kind alert), null for the digest. `createdAt` is ISO.
 */
export type SubscriptionRow = Omit<SubscriptionRecord, 'createdAt'> & { createdAt: string };

export type NewSubscription = Required<
  Pick<
    typeof subscriptions.$inferInsert,
    'ownerSlackUserId' | 'target' | 'kind' | 'subject' | 'filters' | 'cron' | 'timeZone' | 'skipWhenEmpty' | 'onlyWhenChanged'
  >
>;

function toRow(r: SubscriptionRecord): SubscriptionRow {
  return { ...r, filters: r.filters ?? {}, createdAt: isoInstant(r.createdAt) };
}

export async function insertSubscription(database: Database, s: NewSubscription): Promise<SubscriptionRow> {
  const [r] = await database.db
    .insert(subscriptions)
    .values({
      ownerSlackUserId: s.ownerSlackUserId,
      target: s.target,
      kind: s.kind,
      subject: s.subject,
      filters: s.filters,
      cron: s.cron,
      timeZone: s.timeZone,
      skipWhenEmpty: s.skipWhenEmpty,
      onlyWhenChanged: s.onlyWhenChanged,
    })
    .returning();
  return toRow(r!);
}

export async function findSubscription(database: Database, id: number): Promise<SubscriptionRow | undefined> {
  const [r] = await database.db.select().from(subscriptions).where(eq(subscriptions.id, id));
  return r ? toRow(r) : undefined;
}

/** Subscriptions by id; all of them when `ownerSlackUserId` is undefined, else that person's. */
export async function listSubscriptions(database: Database, opts: { ownerSlackUserId?: string; activeOnly?: boolean } = {}): Promise<SubscriptionRow[]> {
  const conds: SQL[] = [];
  if (opts.ownerSlackUserId !== undefined) conds.push(eq(subscriptions.ownerSlackUserId, opts.ownerSlackUserId));
  if (opts.activeOnly) conds.push(not(subscriptions.paused));
  const r = await database.db
    .select()
    .from(subscriptions)
    .where(and(...conds))
    .orderBy(asc(subscriptions.id));
  return r.map(toRow);
}

/** Active alert subscriptions of one alert (e.g. every `churn` alert), for runs queued by a refresh. */
export async function activeAlertSubscriptions(database: Database, subjects: readonly string[]): Promise<SubscriptionRow[]> {
  if (subjects.length === 0) return [];
  const r = await database.db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.kind, 'alert'), not(subscriptions.paused), inArray(subscriptions.subject, [...subjects])))
    .orderBy(asc(subscriptions.id));
  return r.map(toRow);
}

export async function setSubscriptionPaused(database: Database, id: number, paused: boolean): Promise<SubscriptionRow | undefined> {
  const [r] = await database.db.update(subscriptions).set({ paused }).where(eq(subscriptions.id, id)).returning();
  return r ? toRow(r) : undefined;
}

export async function deleteSubscription(database: Database, id: number): Promise<boolean> {
  const r = await database.db.delete(subscriptions).where(eq(subscriptions.id, id)).returning({ id: subscriptions.id });
  return r.length > 0;
}

/** Remembers the hash of the last result sent, for "only when changed". */
export async function setLastResultHash(database: Database, id: number, hash: string): Promise<void> {
  await database.db.update(subscriptions).set({ lastResultHash: hash }).where(eq(subscriptions.id, id));
}
