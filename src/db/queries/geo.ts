import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { customerDayFacts, customerDayServes } from './customer-day-source.js';
import { lineWhere, type LineFilter } from '../sql/line-filter.js';
import { rows } from '../sql/run.js';

/** Label of customers without a region (placeholders created by --create-missing, incomplete data). */
export const NO_REGION = '(no region)';

export interface GeoRegionRow {
  region: string;
  revenue: number;
  orders: number;
  /** Customers located in the region (see `geoAggregates`), buying or not. */
  customers: number;
  /** Of those, customers with at least one order in the window. */
  buyers: number;
}

export interface GeoCityRow {
  city: string;
  region: string;
  /** Mean of the city's customers' coordinates (null when none has coordinates). */
  latitude: number | null;
  longitude: number | null;
  revenue: number;
  customers: number;
}

/** Which customers "belong" to the view: region/customer filters, and a salesman's assigned customers. */
function customerBase(f: LineFilter): SQL {
  const conds: SQL[] = [];
  if (f.region?.length) conds.push(sql`c.region in ${f.region}`);
  if (f.customer?.length) conds.push(sql`c.external_id in ${f.customer}`);
  if (f.salesman?.length) conds.push(sql`c.salesman_id in (select id from salesmen where external_id in ${f.salesman})`);
  if (f.ownerSalesmanId !== undefined) conds.push(sql`c.salesman_id = ${f.ownerSalesmanId}`);
  return conds.length === 0 ? sql`true` : sql.join(conds, sql` and `);
}

/**
 * Revenue, orders and customers per region and per city, in one grouped pass.
 *
 * Per-customer sales come from `customer_rollup` when the window is all history up to the latest data
 * and no salesman/category/scope filter applies (`rollupCoversWindow` says the first part), or all
 * history up to an earlier day (the rollup minus `customer_day` after that day); otherwise
 * from `customer_day` when it serves the filter (any window, salesman filter or scope; not category),
 * else from order lines with `lineWhere`. Customers counted are those located in the place — every customer
 * matching the region/customer filters (and, with a salesman filter or scope, assigned to that
 * salesman) whether they bought or not — plus any other customer who bought in scope. Category does
 * not restrict the customer base (anyone could buy any category).
 */
export async function geoAggregates(
  database: Database,
  f: LineFilter,
  opts: { rollupCoversWindow: boolean },
): Promise<{ regions: GeoRegionRow[]; cities: GeoCityRow[] }> {
  const allHistory = !f.from && !f.salesman?.length && !f.category?.length && f.ownerSalesmanId === undefined;
  const located = f.region?.length || f.customer?.length
    ? sql`r.customer_id in (select c.id from customers c where ${customerBase({ region: f.region, customer: f.customer, timeZone: f.timeZone })})`
    : sql`true`;
  const sales = allHistory && opts.rollupCoversWindow
    ? sql`select r.customer_id, r.revenue, r.orders from customer_rollup r where ${located}`
    : allHistory && f.to && (await customerDayServes(database, f))
      // All history up to a past day: the per-customer rollup minus the days after it (a few weeks of
      // customer_day for a recent as-of day, instead of every customer's days); customers left
      // with no order bought nothing by then. Exact: numeric sums.
      ? sql`select r.customer_id, r.revenue - coalesce(x.revenue, 0) as revenue, r.orders - coalesce(x.orders, 0) as orders
            from customer_rollup r
            left join (select customer_id, sum(revenue) as revenue, sum(orders) as orders from customer_day
                       where day > ${f.to}::date group by customer_id) x on x.customer_id = r.customer_id
            where r.orders > coalesce(x.orders, 0) and ${located}`
    : (await customerDayServes(database, f))
      ? sql`select cd.customer_id, sum(cd.revenue) as revenue, sum(cd.orders)::int as orders
            from (${customerDayFacts(f)}) cd group by 1`
      : sql`select i.customer_id, sum(i.amount) as revenue, count(distinct i.order_id)::int as orders
            from order_items i where ${lineWhere(f)} group by 1`;
  const base = customerBase(f);
  const result = await rows<{
    region: string;
    city: string | null;
    isRegion: boolean;
    latitude: number | null;
    longitude: number | null;
    revenue: number;
    orders: number;
    customers: number;
    buyers: number;
  }>(
    database,
    sql`with sales as (${sales}),
        cust as (
          select coalesce(c.region, ${NO_REGION}) as region, c.city, c.latitude, c.longitude,
                 s.revenue, s.orders, (${base}) as located, s.customer_id is not null as bought
          from customers c left join sales s on s.customer_id = c.id
          where s.customer_id is not null or (${base})
        )
        select region, city, grouping(city) = 1 as "isRegion",
               avg(latitude)::float8 as latitude, avg(longitude)::float8 as longitude,
               coalesce(sum(revenue), 0)::float8 as revenue, coalesce(sum(orders), 0)::int as orders,
               (count(*) filter (where located))::int as customers, (count(*) filter (where bought))::int as buyers
        from cust
        group by grouping sets ((region), (region, city))`,
  );
  const regions: GeoRegionRow[] = [];
  const cities: GeoCityRow[] = [];
  for (const r of result) {
    if (r.isRegion) regions.push({ region: r.region, revenue: r.revenue, orders: r.orders, customers: r.customers, buyers: r.buyers });
    else if (r.city !== null) {
      cities.push({ city: r.city, region: r.region, latitude: r.latitude, longitude: r.longitude, revenue: r.revenue, customers: r.customers });
    }
  }
  return { regions, cities };
}
