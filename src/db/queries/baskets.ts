import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database } from '../client.js';
import { dayEnd, lineWhere, type LineFilter } from './line-filter.js';
import { rollupsMatch } from './rollups.js';
import { rows } from './run.js';

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

export interface CustomerProductsRow {
  customerId: string;
  name: string;
  /** Portal id of the customer's own salesman (customers.salesman_id); null when unassigned. */
  salesmanId: string | null;
  salesmanName: string | null;
  /** Internal ids of the distinct products the customer bought. */
  products: number[];
}

/**
 * Per customer, the distinct products bought up to business day `to` (whoever sold them, any
 * category), as one integer array per customer; with `products`, only those products (customers who
 * bought none of them are left out). Customers are narrowed by the region / customer filters and, for
 * a salesman filter or role scope, to that salesman's own customers. From `customer_product` (first day
 * each customer bought each product) once a refresh has built it in this time zone, else from order lines.
 */
export async function customerProducts(
  database: Database,
  f: LineFilter,
  to: string,
  products?: readonly number[],
): Promise<CustomerProductsRow[]> {
  const conds: SQL[] = [];
  if (f.region?.length) conds.push(sql`c.region in ${f.region}`);
  if (f.customer?.length) conds.push(sql`c.external_id in ${f.customer}`);
  if (f.salesman?.length) conds.push(sql`c.salesman_id in (select id from salesmen where external_id in ${f.salesman})`);
  if (f.ownerSalesmanId !== undefined) conds.push(sql`c.salesman_id = ${f.ownerSalesmanId}`);
  if (products?.length === 0) return [];
  const rollup = await rollupsMatch(database, f.timeZone);
  const t = sql.raw(rollup ? 'cp' : 'i');
  if (products) conds.push(sql`${t}.product_id in ${products}`);
  conds.push(rollup ? sql`cp.first_day <= ${to}::date` : sql`i.ordered_at < ${dayEnd(to, f.timeZone)}`);
  return rows<CustomerProductsRow>(
    database,
    sql`select c.external_id as "customerId", c.name, s.external_id as "salesmanId", s.name as "salesmanName",
               array_agg(distinct ${t}.product_id) as products
        from ${rollup ? sql`customer_product cp` : sql`order_items i`}
        join customers c on c.id = ${t}.customer_id
        left join salesmen s on s.id = c.salesman_id
        where ${sql.join(conds, sql` and `)}
        group by c.id, s.id`,
  );
}
