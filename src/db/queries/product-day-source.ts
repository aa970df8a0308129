import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import type { LineFilter } from '../sql/line-filter.js';
import { rollupsMatch } from '../rollups/rollup-checks.js';

/**
 * True when `product_day` can answer for this filter: it keeps business day and product, so a period
 * and a category filter are served; region, customer, salesman and role scope are not (use
 * `daily_sales` or order lines). Also false until a refresh has built it in this time zone.
 */
export async function productDayServes(database: Database, f: LineFilter): Promise<boolean> {
  if (f.region?.length || f.customer?.length || f.salesman?.length || f.ownerSalesmanId !== undefined) return false;
  return rollupsMatch(database, f.timeZone);
}

/** WHERE conditions on `product_day` aliased `d` (dates are business days); valid when it serves. */
export function productDayWhere(f: LineFilter): SQL {
  const conds: SQL[] = [];
  if (f.from) conds.push(sql`d.day >= ${f.from}::date`);
  if (f.to) conds.push(sql`d.day <= ${f.to}::date`);
  if (f.category?.length) conds.push(sql`d.product_id in (select id from products where category in ${f.category})`);
  return conds.length === 0 ? sql`true` : sql.join(conds, sql` and `);
}
