import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { one, rows } from '../sql/run.js';

export type DeliveryStatus = 'pending' | 'sent' | 'skipped' | 'failed';

export interface DeliveryRow {
  idempotencyKey: string;
  subscriptionId: number | null;
  jobName: string;
  recipient: string;
  status: DeliveryStatus;
  messageTs: string | null;
  error: string | null;
  updatedAt: string;
}

const COLUMNS = sql`idempotency_key as "idempotencyKey", subscription_id as "subscriptionId", job_name as "jobName", recipient,
  status, message_ts as "messageTs", error, updated_at as "updatedAt"`;

const toRow = (r: DeliveryRow): DeliveryRow => ({
  ...r,
  subscriptionId: r.subscriptionId === null ? null : Number(r.subscriptionId),
  updatedAt: new Date(r.updatedAt).toISOString(),
});

/**
 * Records the intent to send before sending. A key seen before keeps its row; a failed one goes back to
 * pending so a new attempt may send it. Returns the row as it now stands.
 */
export async function claimDelivery(
  database: Database,
  d: { idempotencyKey: string; subscriptionId: number | null; jobName: string; recipient: string },
): Promise<DeliveryRow> {
  const r = await one<DeliveryRow>(
    database,
    sql`insert into deliveries (idempotency_key, subscription_id, job_name, recipient, status)
        values (${d.idempotencyKey}, ${d.subscriptionId}, ${d.jobName}, ${d.recipient}, 'pending')
        on conflict (idempotency_key) do update set
          status = case when deliveries.status = 'failed' then 'pending' else deliveries.status end,
          error = case when deliveries.status = 'failed' then null else deliveries.error end,
          updated_at = now()
        returning ${COLUMNS}`,
  );
  return toRow(r!);
}

export async function finishDelivery(
  database: Database,
  idempotencyKey: string,
  outcome: { status: Exclude<DeliveryStatus, 'pending'>; messageTs?: string | null; error?: string | null },
): Promise<void> {
  await database.db.execute(sql`
    update deliveries set status = ${outcome.status}, message_ts = coalesce(${outcome.messageTs ?? null}, message_ts),
      error = ${outcome.error ?? null}, updated_at = now()
    where idempotency_key = ${idempotencyKey}`);
}

export async function findDelivery(database: Database, idempotencyKey: string): Promise<DeliveryRow | undefined> {
  const r = await one<DeliveryRow>(database, sql`select ${COLUMNS} from deliveries where idempotency_key = ${idempotencyKey}`);
  return r ? toRow(r) : undefined;
}

/** Deliveries whose key starts with `prefix` (one run's messages), oldest first. */
export async function deliveriesWithPrefix(database: Database, prefix: string): Promise<DeliveryRow[]> {
  const pattern = prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
  const r = await rows<DeliveryRow>(database, sql`select ${COLUMNS} from deliveries where idempotency_key like ${pattern} order by id`);
  return r.map(toRow);
}

/** Latest failed deliveries of the given subscriptions (all when `subscriptionIds` is undefined). */
export async function recentFailedDeliveries(database: Database, opts: { subscriptionIds?: readonly number[]; limit: number }): Promise<DeliveryRow[]> {
  if (opts.subscriptionIds && opts.subscriptionIds.length === 0) return [];
  const which = opts.subscriptionIds
    ? sql`subscription_id in (${sql.join(opts.subscriptionIds.map((id) => sql`${id}`), sql`, `)})`
    : sql`true`;
  const r = await rows<DeliveryRow>(
    database,
    sql`select ${COLUMNS} from deliveries where status = 'failed' and ${which} order by updated_at desc limit ${opts.limit}`,
  );
  return r.map(toRow);
}
