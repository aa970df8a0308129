import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database } from '../client.js';
import { dayEnd, lineWhere, type LineFilter } from '../sql/line-filter.js';
import { rollupsMatch } from '../rollups/rollup-checks.js';
import { rows } from '../sql/run.js';

export interface ProductCatalog {
  /** Dense item index → internal product id, ascending. */
  ids: Int32Array;
  /** Item index → portal id and name. */
  externalIds: string[];
  names: string[];
  /** Internal product id → item index (−1 when unknown). */
  indexOf(productId: number): number;
}

/** Every product with a dense item index (products are few next to order lines: one small query). */
export async function productCatalog(database: Database): Promise<ProductCatalog> {
  const list = await rows<{ id: number; externalId: string; name: string }>(
    database,
    sql`select id, external_id as "externalId", name from products order by id`,
  );
  const ids = Int32Array.from(list.map((p) => p.id));
  const maxId = list.length > 0 ? ids[ids.length - 1]! : 0;
  const lookup = new Int32Array(maxId + 1).fill(-1);
  ids.forEach((id, i) => (lookup[id] = i));
  return {
    ids,
    externalIds: list.map((p) => p.externalId),
    names: list.map((p) => p.name),
    indexOf: (productId) => (productId >= 0 && productId < lookup.length ? lookup[productId]! : -1),
  };
}

const BATCH = 10_000;
const dialect = new PgDialect();

/**
 * Streams `query`'s rows in batches: a server-side cursor on Postgres (memory stays flat whatever the
 * window), plain rows on PGlite (embedded data sets are small).
 */
async function forEachBatch<T extends object>(database: Database, query: SQL, onBatch: (batch: T[]) => void): Promise<void> {
  if (database.kind === 'postgres') {
    const q = dialect.sqlToQuery(query);
    await database.driver.unsafe(q.sql, q.params as never[]).cursor(BATCH, (batch) => {
      onBatch(batch as unknown as T[]);
    });
    return;
  }
  onBatch(await rows<T>(database, query));
}

/**
 * One basket per order with lines under the filter: the order's distinct products as dense item
 * indices (see {@link productCatalog}). SQL groups the lines per order (`array_agg(distinct …)`), so
 * only one compact integer array per order crosses the wire, streamed through a cursor.
 */
export async function orderBaskets(database: Database, f: LineFilter, catalog: ProductCatalog): Promise<Int32Array[]> {
  const baskets: Int32Array[] = [];
  await forEachBatch<{ items: number[] }>(
    database,
    sql`select array_agg(distinct i.product_id) as items from order_items i where ${lineWhere(f)} group by i.order_id`,
    (batch) => {
      for (const r of batch) {
        const b = new Int32Array(r.items.length);
        for (let k = 0; k < r.items.length; k++) b[k] = catalog.indexOf(Number(r.items[k]));
        baskets.push(b);
      }
    },
  );
  return baskets;
}

/** The customers (customers.id) who bought one product. */
export interface ProductBuyers {
  /** Internal product id. */
  productId: number;
  customers: Int32Array;
}

/** One salesman's customers (customers.id); `salesmanId` (internal) null = customers without one. */
export interface SalesmanCustomers {
  salesmanId: number | null;
  customers: Int32Array;
}

/**
 * Ids packed as 4-byte big-endian integers (Postgres `int4send`), as `string_agg(…, ''::bytea)` sends
 * them. At a million ids per list this costs a fraction of an `int[]` literal, which the driver
 * parses element by element; postgres.js hands bytea over as a Buffer, PGlite as a Uint8Array.
 */
function unpackIds(bytes: Uint8Array | null): Int32Array {
  if (bytes === null) return new Int32Array(0);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Int32Array(bytes.byteLength >>> 2);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt32(i * 4);
  return out;
}

/**
 * Who bought which of `products` up to business day `to` (whoever sold it, any category), and whose
 * customers they are, as compact id lists (no names: label the few customers a report lists with
 * `customerLabels`). `owners`: per salesman (the customer's own, customers.salesman_id) every customer
 * under the region / customer filters and, for a salesman filter or role scope, only that salesman's,
 * bought or not. `buyers`: per product its customers, possibly more than those (only owned ones count).
 * From `customer_product` (first day each customer bought each product) once a refresh has built it in
 * this time zone, else from order lines. The two queries run side by side on a pool.
 */
export async function productBuyers(
  database: Database,
  f: LineFilter,
  to: string,
  products: readonly number[],
): Promise<{ buyers: ProductBuyers[]; owners: SalesmanCustomers[] }> {
  if (products.length === 0) return { buyers: [], owners: [] };
  const conds: SQL[] = [];
  if (f.region?.length) conds.push(sql`c.region in ${f.region}`);
  if (f.customer?.length) conds.push(sql`c.external_id in ${f.customer}`);
  if (f.salesman?.length) conds.push(sql`c.salesman_id in (select id from salesmen where external_id in ${f.salesman})`);
  if (f.ownerSalesmanId !== undefined) conds.push(sql`c.salesman_id = ${f.ownerSalesmanId}`);
  const customerWhere = conds.length === 0 ? sql`true` : sql.join(conds, sql` and `);
  const productList = sql`${`{${products.join(',')}}`}::int[]`;
  const rollup = await rollupsMatch(database, f.timeZone);
  const t = sql.raw(rollup ? 'cp' : 'i');
  const where = [sql`${t}.product_id = any(${productList})`];
  where.push(rollup ? sql`cp.first_day <= ${to}::date` : sql`i.ordered_at < ${dayEnd(to, f.timeZone)}`);
  // Which buyers count is settled by `owners`; narrowing here pays only where it saves work. Order
  // lines cost far more to scan than to probe, so there every filter narrows. On the rollup (10.6M rows
  // scan in ~1.1 s) a customer filter or role scope narrows (an index probe per customer, or a hash join
  // on one salesman's customers: 0.9 s); a salesman filter by portal id or a region does not, as the
  // planner then probes 100k customers one by one (2.5 s).
  const scoped: SQL[] = [];
  if (f.customer?.length) scoped.push(sql`c.external_id in ${f.customer}`);
  if (f.ownerSalesmanId !== undefined) scoped.push(sql`c.salesman_id = ${f.ownerSalesmanId}`);
  const narrow = rollup ? scoped : conds;
  if (narrow.length > 0) where.push(sql`${t}.customer_id in (select c.id from customers c where ${sql.join(narrow, sql` and `)})`);
  // Order lines repeat a customer's product: `distinct` in the aggregate sorts the repeats away per
  // product. (A `select distinct` under the grouping can instead hit Postgres's slow path of a hash
  // table filled in another one's order: minutes instead of seconds at a few 100k pairs.)
  const [source, ids] = rollup
    ? [sql`customer_product cp`, sql`int4send(cp.customer_id)`]
    : [sql`order_items i`, sql`distinct int4send(i.customer_id)`];
  const [buyers, owners] = await Promise.all([
    rows<{ productId: number; customers: Uint8Array | null }>(
      database,
      sql`select ${t}.product_id as "productId", string_agg(${ids}, ''::bytea) as customers
          from ${source} where ${sql.join(where, sql` and `)}
          group by ${t}.product_id`,
    ),
    rows<{ salesmanId: number | null; customers: Uint8Array | null }>(
      database,
      sql`select c.salesman_id as "salesmanId", string_agg(int4send(c.id), ''::bytea) as customers
          from customers c where ${customerWhere}
          group by c.salesman_id`,
    ),
  ]);
  return {
    buyers: buyers.map((b) => ({ productId: Number(b.productId), customers: unpackIds(b.customers) })),
    owners: owners.map((o) => ({ salesmanId: o.salesmanId === null ? null : Number(o.salesmanId), customers: unpackIds(o.customers) })),
  };
}
