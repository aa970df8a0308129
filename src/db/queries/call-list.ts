import { and, asc, count, eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { callList, type CallListStatus } from '../schema/bot.js';
import { products } from '../schema/catalog.js';
import { customers, salesmen } from '../schema/people.js';
import { isoInstant } from '../sql/instants.js';

/** An entry with its customer, product and the customer's current owner. */
export type CallListRow = Pick<typeof callList.$inferSelect, 'id' | 'customerId' | 'reason' | 'addedBy' | 'status'> & {
  customerExternalId: string;
  customerName: string;
  productExternalId: string | null;
  productName: string | null;
  /** ISO timestamp. */
  addedAt: string;
  /** The customer's salesman now (customers.salesman_id), which decides whose list the entry is on. */
  ownerSalesmanId: number | null;
  ownerName: string | null;
};

/** The entries with what a row shows, `where` on call_list and its customer. */
function selectEntries(database: Database, where: SQL | undefined) {
  return database.db
    .select({
      id: callList.id,
      customerId: callList.customerId,
      customerExternalId: customers.externalId,
      customerName: customers.name,
      productExternalId: products.externalId,
      productName: products.name,
      reason: callList.reason,
      addedBy: callList.addedBy,
      addedAt: callList.addedAt,
      status: callList.status,
      ownerSalesmanId: customers.salesmanId,
      ownerName: salesmen.name,
    })
    .from(callList)
    .innerJoin(customers, eq(customers.id, callList.customerId))
    .leftJoin(products, eq(products.id, callList.productId))
    .leftJoin(salesmen, eq(salesmen.id, customers.salesmanId))
    .where(where);
}

const toRow = (r: Omit<CallListRow, 'addedAt'> & { addedAt: Date }): CallListRow => ({ ...r, addedAt: isoInstant(r.addedAt) });

/** Adds an open entry; an open one for the same customer and product already there is kept (created: false). */
export async function insertCallListEntry(
  database: Database,
  e: { customerId: number; productId: number | null; reason: string; addedBy: string },
): Promise<{ id: number; created: boolean }> {
  const [inserted] = await database.db
    .insert(callList)
    .values({ customerId: e.customerId, productId: e.productId, reason: e.reason, addedBy: e.addedBy })
    .onConflictDoNothing({ target: [callList.customerId, callList.productId], where: sql`status = 'open'` })
    .returning({ id: callList.id });
  if (inserted) return { id: inserted.id, created: true };
  const [existing] = await database.db
    .select({ id: callList.id })
    .from(callList)
    .where(and(eq(callList.customerId, e.customerId), sql`${callList.productId} is not distinct from ${e.productId}`, eq(callList.status, 'open')));
  return { id: existing!.id, created: false };
}

/**
 * One page of open entries, oldest first (the longest-waiting call on top), with the total, for one
 * salesman's customers (`ownerSalesmanId`) or everyone's (undefined).
 */
export async function openCallList(
  database: Database,
  opts: { ownerSalesmanId?: number | undefined; limit: number; offset: number },
): Promise<{ rows: CallListRow[]; total: number }> {
  const open = and(
    eq(callList.status, 'open'),
    opts.ownerSalesmanId === undefined ? undefined : eq(customers.salesmanId, opts.ownerSalesmanId),
  );
  const [page, total] = await Promise.all([
    selectEntries(database, open).orderBy(asc(callList.addedAt), asc(callList.id)).limit(opts.limit).offset(opts.offset),
    database.db.select({ n: count() }).from(callList).innerJoin(customers, eq(customers.id, callList.customerId)).where(open),
  ]);
  return { rows: page.map(toRow), total: total[0]?.n ?? 0 };
}

export async function callListEntry(database: Database, id: number): Promise<CallListRow | undefined> {
  const [r] = await selectEntries(database, eq(callList.id, id));
  return r ? toRow(r) : undefined;
}

/** Closes an open entry; false when it was not open any more (someone else was quicker). */
export async function closeCallListEntry(database: Database, id: number, status: Exclude<CallListStatus, 'open'>, by: string): Promise<boolean> {
  const r = await database.db
    .update(callList)
    .set({ status, closedBy: by, closedAt: sql`now()` })
    .where(and(eq(callList.id, id), eq(callList.status, 'open')))
    .returning({ id: callList.id });
  return r.length > 0;
}
