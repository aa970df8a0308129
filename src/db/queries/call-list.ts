import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import type { CallListStatus } from '../schema/bot.js';
import { one, rows } from '../sql/run.js';

export interface CallListRow {
  id: number;
  customerId: number;
  customerExternalId: string;
  customerName: string;
  productExternalId: string | null;
  productName: string | null;
  reason: string;
  addedBy: string;
  /** ISO timestamp. */
  addedAt: string;
  status: CallListStatus;
  /** The customer's salesman now (customers.salesman_id), which decides whose list the entry is on. */
  ownerSalesmanId: number | null;
  ownerName: string | null;
}

const SELECT = sql`
  select l.id, l.customer_id as "customerId", c.external_id as "customerExternalId", c.name as "customerName",
         p.external_id as "productExternalId", p.name as "productName", l.reason, l.added_by as "addedBy",
         l.added_at as "addedAt", l.status, c.salesman_id as "ownerSalesmanId", s.name as "ownerName"
  from call_list l
  join customers c on c.id = l.customer_id
  left join products p on p.id = l.product_id
  left join salesmen s on s.id = c.salesman_id`;

function normalize(r: CallListRow): CallListRow {
  return {
    ...r,
    id: Number(r.id),
    customerId: Number(r.customerId),
    ownerSalesmanId: r.ownerSalesmanId === null ? null : Number(r.ownerSalesmanId),
    addedAt: new Date(r.addedAt).toISOString(),
  };
}

/** Adds an open entry; an open one for the same customer and product already there is kept (created: false). */
export async function insertCallListEntry(
  database: Database,
  e: { customerId: number; productId: number | null; reason: string; addedBy: string },
): Promise<{ id: number; created: boolean }> {
  const inserted = await one<{ id: number }>(
    database,
    sql`insert into call_list (customer_id, product_id, reason, added_by)
        values (${e.customerId}, ${e.productId}, ${e.reason}, ${e.addedBy})
        on conflict (customer_id, product_id) where status = 'open' do nothing
        returning id`,
  );
  if (inserted) return { id: Number(inserted.id), created: true };
  const existing = await one<{ id: number }>(
    database,
    sql`select id from call_list where customer_id = ${e.customerId} and product_id is not distinct from ${e.productId} and status = 'open'`,
  );
  return { id: Number(existing!.id), created: false };
}

/**
 * One page of open entries, oldest first (the longest-waiting call on top), with the total, for one
 * salesman's customers (`ownerSalesmanId`) or everyone's (undefined).
 */
export async function openCallList(
  database: Database,
  opts: { ownerSalesmanId?: number | undefined; limit: number; offset: number },
): Promise<{ rows: CallListRow[]; total: number }> {
  const owner = opts.ownerSalesmanId === undefined ? sql`` : sql` and c.salesman_id = ${opts.ownerSalesmanId}`;
  const [page, count] = await Promise.all([
    rows<CallListRow>(database, sql`${SELECT} where l.status = 'open'${owner} order by l.added_at, l.id limit ${opts.limit} offset ${opts.offset}`),
    one<{ n: number }>(database, sql`select count(*)::int as n from call_list l join customers c on c.id = l.customer_id where l.status = 'open'${owner}`),
  ]);
  return { rows: page.map(normalize), total: Number(count?.n ?? 0) };
}

export async function callListEntry(database: Database, id: number): Promise<CallListRow | undefined> {
  const r = await one<CallListRow>(database, sql`${SELECT} where l.id = ${id}`);
  return r ? normalize(r) : undefined;
}

/** Closes an open entry; false when it was not open any more (someone else was quicker). */
export async function closeCallListEntry(database: Database, id: number, status: Exclude<CallListStatus, 'open'>, by: string): Promise<boolean> {
  const r = await one<{ id: number }>(
    database,
    sql`update call_list set status = ${status}, closed_by = ${by}, closed_at = now() where id = ${id} and status = 'open' returning id`,
  );
  return r !== undefined;
}
