import { and, asc, count, eq } from 'drizzle-orm';
import type { Database } from '../client.js';
import { follows, subscriptions } from '../schema/bot.js';
import { isoInstant } from '../sql/instants.js';
import { inTransaction } from '../transaction.js';
import type { FollowCadence, MetricName } from '../../lib/metric-names.js';
import { findSubscription, type SubscriptionRow } from './subscriptions.js';

type FollowRecord = typeof follows.$inferSelect;

/** A followed metric as stored; `createdAt` is ISO. */
export type FollowRow = Omit<FollowRecord, 'createdAt'> & { createdAt: string };

function toRow(r: FollowRecord): FollowRow {
  return { ...r, filters: r.filters ?? {}, createdAt: isoInstant(r.createdAt) };
}

export interface NewFollow {
  ownerSlackUserId: string;
  metric: MetricName;
  filters: Record<string, string>;
  cadence: FollowCadence;
  /** The follow digest's schedule if it has to be created: cron read in `timeZone`. */
  digest: { cron: string; timeZone: string };
}

/** What adding a follow did: `added`, `moved` (it existed at another cadence) or `same` (nothing to do). */
export interface FollowChange {
  follow: FollowRow;
  outcome: 'added' | 'moved' | 'same';
  /** The follow digest the follow now belongs to. */
  digest: SubscriptionRow;
  /** True when that digest was created just now (its scheduler must be created). */
  digestCreated: boolean;
  /** The digest the follow left when it moved and that has no follow left (deleted; unschedule it). */
  emptiedDigestId?: number;
}

/** The owner's follow digest of a cadence (a `follow` subscription with subject = cadence), if any. */
async function digestOf(tx: Database, owner: string, cadence: FollowCadence): Promise<SubscriptionRow | undefined> {
  const [r] = await tx.db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(and(eq(subscriptions.kind, 'follow'), eq(subscriptions.ownerSlackUserId, owner), eq(subscriptions.subject, cadence)))
    .orderBy(asc(subscriptions.id))
    .limit(1);
  return r ? findSubscription(tx, r.id) : undefined;
}

/** Deletes a follow digest that has no follow left; returns its id when it did. */
async function dropIfEmpty(tx: Database, subscriptionId: number): Promise<number | undefined> {
  const [left] = await tx.db.select({ n: count() }).from(follows).where(eq(follows.subscriptionId, subscriptionId));
  if ((left?.n ?? 0) > 0) return undefined;
  await tx.db.delete(subscriptions).where(and(eq(subscriptions.id, subscriptionId), eq(subscriptions.kind, 'follow')));
  return subscriptionId;
}

/**
 * Adds a follow to its owner's digest of that cadence, creating the digest (a DM to the owner) when the
 * owner has none yet. The same metric and filters followed again at another cadence moves to that
 * cadence's digest (a digest left empty is deleted); at the same cadence nothing changes. The digest takes
 * the zone given (the person's current Slack zone), so a follow after a move re-times it. One transaction.
 */
export async function addFollow(database: Database, f: NewFollow): Promise<FollowChange> {
  return inTransaction(database, async (tx) => {
    let digest = await digestOf(tx, f.ownerSlackUserId, f.cadence);
    let digestCreated = false;
    if (digest && digest.timeZone !== f.digest.timeZone) {
      // The person moved (Slack says another zone now): their digest follows them to 08:00 on the new clock.
      await tx.db.update(subscriptions).set({ timeZone: f.digest.timeZone }).where(eq(subscriptions.id, digest.id));
      digest = { ...digest, timeZone: f.digest.timeZone };
    }
    if (!digest) {
      const [s] = await tx.db
        .insert(subscriptions)
        .values({
          ownerSlackUserId: f.ownerSlackUserId,
          target: f.ownerSlackUserId,
          kind: 'follow',
          subject: f.cadence,
          filters: {},
          cron: f.digest.cron,
          timeZone: f.digest.timeZone,
          skipWhenEmpty: false,
          onlyWhenChanged: false,
        })
        .returning({ id: subscriptions.id });
      digest = (await findSubscription(tx, s!.id))!;
      digestCreated = true;
    }
    const [existing] = await tx.db
      .select()
      .from(follows)
      .where(and(eq(follows.ownerSlackUserId, f.ownerSlackUserId), eq(follows.metric, f.metric), eq(follows.filters, f.filters)));
    if (existing && existing.cadence === f.cadence) return { follow: toRow(existing), outcome: 'same', digest, digestCreated };
    if (existing) {
      const [moved] = await tx.db.update(follows).set({ cadence: f.cadence, subscriptionId: digest.id }).where(eq(follows.id, existing.id)).returning();
      const emptied = await dropIfEmpty(tx, existing.subscriptionId);
      return { follow: toRow(moved!), outcome: 'moved', digest, digestCreated, ...(emptied !== undefined ? { emptiedDigestId: emptied } : {}) };
    }
    const [added] = await tx.db
      .insert(follows)
      .values({ ownerSlackUserId: f.ownerSlackUserId, subscriptionId: digest.id, metric: f.metric, filters: f.filters, cadence: f.cadence })
      .returning();
    return { follow: toRow(added!), outcome: 'added', digest, digestCreated };
  });
}

/** A person's follows, oldest first. */
export async function followsOf(database: Database, ownerSlackUserId: string): Promise<FollowRow[]> {
  const r = await database.db.select().from(follows).where(eq(follows.ownerSlackUserId, ownerSlackUserId)).orderBy(asc(follows.id));
  return r.map(toRow);
}

/** The follows of one follow digest, oldest first. */
export async function followsOfDigest(database: Database, subscriptionId: number): Promise<FollowRow[]> {
  const r = await database.db.select().from(follows).where(eq(follows.subscriptionId, subscriptionId)).orderBy(asc(follows.id));
  return r.map(toRow);
}

/**
 * Deletes follows of one owner by id; a digest left without follows is deleted too. Returns the
 * follows removed and the ids of the digests deleted (their schedulers must go).
 */
export async function removeFollows(database: Database, ownerSlackUserId: string, ids: readonly number[]): Promise<{ removed: FollowRow[]; emptiedDigestIds: number[] }> {
  return inTransaction(database, async (tx) => {
    const removed: FollowRow[] = [];
    const digests = new Set<number>();
    for (const id of ids) {
      const [r] = await tx.db.delete(follows).where(and(eq(follows.id, id), eq(follows.ownerSlackUserId, ownerSlackUserId))).returning();
      if (r) {
        removed.push(toRow(r));
        digests.add(r.subscriptionId);
      }
    }
    const emptiedDigestIds: number[] = [];
    for (const d of digests) {
      const gone = await dropIfEmpty(tx, d);
      if (gone !== undefined) emptiedDigestIds.push(gone);
    }
    return { removed, emptiedDigestIds };
  });
}
