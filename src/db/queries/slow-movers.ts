import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { dailyServes, dailyWhere } from '../sql/daily-filter.js';
import { lineWhere, type LineFilter } from '../sql/line-filter.js';
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
 * Without a customer filter: one index probe per product on `daily_sales (product_id, day)`.
 * With one (the rollup has no customer), the customers' own lines are grouped by product instead, read
 * through `order_items (customer_id, ordered_at)`: a customer's lines are few, while a per-product walk
 * of `order_items (product_id, ordered_at)` to the first line in scope reads every line of each product
 * the customer never bought (10 s over 50,000 products and 1M lines).
 */
export async function productLastSales(database: Database, f: LineFilter, day: string): Promise<ProductLastSaleRow[]> {
  const scope: LineFilter = { ...f, from: undefined, to: day };
  const category = f.category?.length ? sql`pr.category in ${f.category}` : sql`true`;
  const columns = sql`pr.external_id as "productId", pr.name, pr.category,
               pr.stock_qty as "stockQty", pr.unit_cost::float8 as "unitCost", pr.unit_price::float8 as "unitPrice"`;
  if (dailyServes(scope)) {
    return rows<ProductLastSaleRow>(
      database,
      sql`select ${columns},
                 (select to_char(max(d.day), 'YYYY-MM-DD') from daily_sales d
                  where d.product_id = pr.id and d.units > 0 and ${dailyWhere(scope)}) as "lastSoldDay"
          from products pr
          where pr.active and not pr.is_placeholder and ${category}`,
    );
  }
  // The last instant first, its business day after: the day of the latest line is the latest day.
  return rows<ProductLastSaleRow>(
    database,
    sql`select ${columns}, to_char(l.last_at at time zone ${f.timeZone}, 'YYYY-MM-DD') as "lastSoldDay"
        from products pr
        left join (select i.product_id, max(i.ordered_at) as last_at from order_items i
                   where i.quantity > 0 and ${lineWhere(scope)}
                   group by i.product_id) l on l.product_id = pr.id
        where pr.active and not pr.is_placeholder and ${category}`,
  );
}
