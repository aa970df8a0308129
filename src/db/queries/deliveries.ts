import { and, asc, desc, eq, inArray, like, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { deliveries } from '../schema/bot.js';
import { isoInstant } from '../sql/instants.js';

type DeliveryRecord = typeof deliveries.$inferSelect;

export type DeliveryStatus = DeliveryRecord['status'];

/** A delivery as the jobs see it (no row id or creation time); `updatedAt` is ISO. */
export type DeliveryRow = Pick<
  DeliveryRecord,
  'idempotencyKey' | 'subscriptionId' | 'jobName' | 'recipient' | 'status' | 'messageTs' | 'error'
> & { updatedAt: string };

const COLUMNS = {
  idempotencyKey: deliveries.idempotencyKey,
  subscriptionId: deliveries.subscriptionId,
  jobName: deliveries.jobName,
  recipient: deliveries.recipient,
  status: deliveries.status,
  messageTs: deliveries.messageTs,
  error: deliveries.error,
  updatedAt: deliveries.updatedAt,
};

const toRow = (r: Omit<DeliveryRow, 'updatedAt'> & { updatedAt: Date }): DeliveryRow => ({ ...r, updatedAt: isoInstant(r.updatedAt) });

/** A claimed delivery: the row as it now stands, and whether an earlier attempt had claimed it already. */
export type ClaimedDelivery = DeliveryRow & {
  /**
   * The key was claimed before and never marked sent or skipped (that attempt crashed, timed out or was
   * refused): its message may already be in Slack.
   */
  resumed: boolean;
  /** When the key was first claimed (ISO): no message of it can be older. */
  claimedAt: string;
};

/**
 * Records the intent to send before sending. A key seen before keeps its row; a failed one goes back to
 * pending so a new attempt may send it. Returns the row as it now stands.
 */
export async function claimDelivery(
  database: Database,
  d: { idempotencyKey: string; subscriptionId: number | null; jobName: string; recipient: string },
): Promise<ClaimedDelivery> {
  const failed = eq(deliveries.status, 'failed');
  const [r] = await database.db
    .insert(deliveries)
    .values({ idempotencyKey: d.idempotencyKey, subscriptionId: d.subscriptionId, jobName: d.jobName, recipient: d.recipient, status: 'pending' })
    .onConflictDoUpdate({
      target: deliveries.idempotencyKey,
      set: {
        status: sql`case when ${failed} then 'pending' else ${deliveries.status} end`,
        error: sql`case when ${failed} then null else ${deliveries.error} end`,
        updatedAt: sql`now()`,
      },
    })
    // xmax = 0 on the returned row: this statement inserted it (PostgreSQL's documented-by-use upsert
    // idiom; an updated row carries this transaction's id there), so no second round trip is needed.
    .returning({ ...COLUMNS, createdAt: deliveries.createdAt, inserted: sql<boolean>`(${sql.raw('"deliveries".xmax')} = 0)` });
  const { createdAt, inserted, ...row } = r!;
  const out = toRow(row);
  return { ...out, resumed: !inserted && out.status === 'pending', claimedAt: isoInstant(createdAt) };
}

export async function finishDelivery(
  database: Database,
  idempotencyKey: string,
  outcome: { status: Exclude<DeliveryStatus, 'pending'>; messageTs?: string | null; error?: string | null },
): Promise<void> {
  await database.db
    .update(deliveries)
    .set({
      status: outcome.status,
      messageTs: sql`coalesce(${outcome.messageTs ?? null}, ${deliveries.messageTs})`,
      error: outcome.error ?? null,
      updatedAt: sql`now()`,
    })
    .where(eq(deliveries.idempotencyKey, idempotencyKey));
}

export async function findDelivery(database: Database, idempotencyKey: string): Promise<DeliveryRow | undefined> {
  const [r] = await database.db.select(COLUMNS).from(deliveries).where(eq(deliveries.idempotencyKey, idempotencyKey));
  return r ? toRow(r) : undefined;
}

/** Deliveries whose key starts with `prefix` (one run's messages), oldest first. */
export async function deliveriesWithPrefix(database: Database, prefix: string): Promise<DeliveryRow[]> {
  const pattern = prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
  const r = await database.db.select(COLUMNS).from(deliveries).where(like(deliveries.idempotencyKey, pattern)).orderBy(asc(deliveries.id));
  return r.map(toRow);
}

/** Latest failed deliveries of the given subscriptions (all when `subscriptionIds` is undefined). */
export async function recentFailedDeliveries(database: Database, opts: { subscriptionIds?: readonly number[]; limit: number }): Promise<DeliveryRow[]> {
  if (opts.subscriptionIds && opts.subscriptionIds.length === 0) return [];
  const r = await database.db
    .select(COLUMNS)
    .from(deliveries)
    .where(
      and(
        eq(deliveries.status, 'failed'),
        opts.subscriptionIds ? inArray(deliveries.subscriptionId, [...opts.subscriptionIds]) : undefined,
      ),
    )
    .orderBy(desc(deliveries.updatedAt))
    .limit(opts.limit);
  return r.map(toRow);
}
