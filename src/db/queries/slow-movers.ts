import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { dailyServes, dailyWhere } from '../sql/daily-filter.js';
import { dayEnd, lineWhere, type LineFilter } from '../sql/line-filter.js';
import { rows } from '../sql/run.js';

export interface ProductLastSaleRow {
  /** Portal id. */
  productId: string;
  name: string;
  category: string | null;
  /** Business day (SALES_TZ) of the last sale on or before the reference day; null = none. */
  lastSoldDay: string | null;
  stockQty: number | null;
  unitCost: number | null;
  unitPrice: number | null;
}

/**
 * Every active, non-placeholder product of the category filter with its last sale on or before `day`.
 * A sale is positive demand: a line with quantity > 0 (on the daily rollup: a day with net units > 0),
 * so a refund alone does not make a product look alive. Salesman/region/customer filters and the
 * salesman scope mean "last sale within that scope"; `from`/`to` in `f` are ignored (the reference day
 * replaces them).
 *
 * One index probe per product: on `daily_sales (product_id, day)` without a customer filter, else
 * a backward walk of `order_items (product_id, ordered_at)` to the first line in scope (a product never
 * sold in scope reads all its lines up to the reference day).
 */
export async function productLastSales(database: Database, f: LineFilter, day: string): Promise<ProductLastSaleRow[]> {
  const scope: LineFilter = { ...f, from: undefined, to: day };
  const last = dailyServes(scope)
    ? sql`(select to_char(max(d.day), 'YYYY-MM-DD') from daily_sales d
           where d.product_id = pr.id and d.units > 0 and ${dailyWhere(scope)})`
    : // order by … limit 1 (not max) lets Postgres walk the index backwards and stop at the first line in
      // scope: ~100× faster than aggregating every line of the product when scope is a region.
      sql`(select to_char(i.ordered_at at time zone ${f.timeZone}, 'YYYY-MM-DD') from order_items i
           where i.product_id = pr.id and i.quantity > 0 and i.ordered_at < ${dayEnd(day, f.timeZone)} and ${lineWhere({ ...scope, to: undefined })}
           order by i.ordered_at desc limit 1)`;
  const category = f.category?.length ? sql`pr.category in ${f.category}` : sql`true`;
  return rows<ProductLastSaleRow>(
    database,
    sql`select pr.external_id as "productId", pr.name, pr.category, ${last} as "lastSoldDay",
               pr.stock_qty as "stockQty", pr.unit_cost::float8 as "unitCost", pr.unit_price::float8 as "unitPrice"
        from products pr
        where pr.active and not pr.is_placeholder and ${category}`,
  );
}
