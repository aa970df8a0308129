import { sql, type SQL } from 'drizzle-orm';

/**
 * The common report filters, resolved to a closed date window (inclusive days in the business time
 * zone) and the portal's ids / names. `salesman` and `customer` are external ids.
 */
export interface LineFilter {
  from?: string | undefined;
  to?: string | undefined;
  region?: string[] | undefined;
  salesman?: string[] | undefined;
  category?: string[] | undefined;
  customer?: string[] | undefined;
  /** Role scope: only lines sold by this salesman (internal id), whatever the other filters say. */
  ownerSalesmanId?: number | undefined;
  timeZone: string;
}

/** Start of a business day as an instant: index-friendly bounds on ordered_at. */
export function dayStart(day: string, timeZone: string): SQL {
  return sql`(${day}::date::timestamp at time zone ${timeZone})`;
}

export function dayEnd(day: string, timeZone: string): SQL {
  return sql`((${day}::date + 1)::timestamp at time zone ${timeZone})`;
}

/**
 * WHERE conditions on order lines aliased `i` (order_items), or on orders aliased `o` (one row per order;
 * there a category filter means "the order has a line of that category"); `true` when nothing is filtered.
 */
export function lineWhere(f: LineFilter, on: 'lines' | 'orders' = 'lines'): SQL {
  const t = sql.raw(on === 'lines' ? 'i' : 'o');
  const conds: SQL[] = [];
  if (f.from) conds.push(sql`${t}.ordered_at >= ${dayStart(f.from, f.timeZone)}`);
  if (f.to) conds.push(sql`${t}.ordered_at < ${dayEnd(f.to, f.timeZone)}`);
  if (f.region?.length) conds.push(sql`${t}.customer_id in (select id from customers where region in ${f.region})`);
  if (f.customer?.length) conds.push(sql`${t}.customer_id in (select id from customers where external_id in ${f.customer})`);
  if (f.salesman?.length) conds.push(sql`${t}.salesman_id in (select id from salesmen where external_id in ${f.salesman})`);
  if (f.category?.length) {
    const inCategory = sql`product_id in (select id from products where category in ${f.category})`;
    conds.push(on === 'lines' ? sql`i.${inCategory}` : sql`exists (select 1 from order_items x where x.order_id = o.id and x.${inCategory})`);
  }
  if (f.ownerSalesmanId !== undefined) conds.push(sql`${t}.salesman_id = ${f.ownerSalesmanId}`);
  return conds.length === 0 ? sql`true` : sql.join(conds, sql` and `);
}

/** True when the filter restricts who or what (not only when). */
export function hasMemberFilter(f: LineFilter): boolean {
  return Boolean(
    f.region?.length || f.customer?.length || f.salesman?.length || f.category?.length || f.ownerSalesmanId !== undefined,
  );
}
