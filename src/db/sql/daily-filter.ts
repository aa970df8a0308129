import { sql, type SQL } from 'drizzle-orm';
import type { LineFilter } from './line-filter.js';

/**
 * True when the `daily_sales` rollup can answer for this filter: it keeps day, salesman, product and
 * the customer's region, so dates, region, salesman, category and the salesman scope are served;
 * customer is not.
 */
export function dailyServes(f: LineFilter): boolean {
  return !f.customer?.length;
}

/**
 * WHERE conditions on `daily_sales` aliased `d`, the rollup counterpart of `lineWhere`. Only valid when
 * {@link dailyServes} is true. `day` is already a business day (SALES_TZ) so dates compare directly.
 */
export function dailyWhere(f: LineFilter): SQL {
  const conds: SQL[] = [];
  if (f.from) conds.push(sql`d.day >= ${f.from}::date`);
  if (f.to) conds.push(sql`d.day <= ${f.to}::date`);
  if (f.salesman?.length) conds.push(sql`d.salesman_id in (select id from salesmen where external_id in ${f.salesman})`);
  if (f.category?.length) conds.push(sql`d.product_id in (select id from products where category in ${f.category})`);
  if (f.ownerSalesmanId !== undefined) conds.push(sql`d.salesman_id = ${f.ownerSalesmanId}`);
  if (f.region?.length) conds.push(sql`d.region in ${f.region}`);
  return conds.length === 0 ? sql`true` : sql.join(conds, sql` and `);
}

/**
 * Whole weeks counted back from the window's last day: 0 = the 7 days ending on `to`, 1 = the 7 days
 * before, … Anchoring on `to` keeps every week complete except possibly the oldest one, so a window
 * ending mid-week does not end on a short week that looks like a demand drop.
 */
export function weekBack(to: string, day: SQL): SQL {
  return sql`((${to}::date - ${day}) / 7)`;
}

/** The business day of an instant column, e.g. `businessDay(sql\`i.ordered_at\`, tz)`. */
export function businessDay(instant: SQL, timeZone: string): SQL {
  return sql`(${instant} at time zone ${timeZone})::date`;
}
