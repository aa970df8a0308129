import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { NO_REGION } from './geo.js';
import { lineWhere, type LineFilter } from '../sql/line-filter.js';
import { one, rows } from '../sql/run.js';

export interface RegionCityRow {
  /** null: customers of the region without a city. */
  city: string | null;
  /** Mean of the city's customers' coordinates (null when none has coordinates). */
  latitude: number | null;
  longitude: number | null;
  revenue: number;
  orders: number;
  /** Customers located in the city (in the view's customer base), buying or not. */
  customers: number;
  /** Customers with an order in the window. */
  buyers: number;
}

/** `region` on customers aliased `alias`; {@link NO_REGION} means customers without one. */
function inRegion(alias: string, region: string): SQL {
  const col = sql.raw(`${alias}.region`);
  return region === NO_REGION ? sql`${col} is null` : sql`${col} = ${region}`;
}

/** True when some customer is in the region (or, for {@link NO_REGION}, has none). */
export async function regionExists(database: Database, region: string): Promise<boolean> {
  return (await one(database, sql`select 1 as x from customers c where ${inRegion('c', region)} limit 1`)) !== undefined;
}

/**
 * Revenue, orders, customers and buyers per city of one region, in one grouped pass over the region's
 * lines. Same customer base as the geo report (geoAggregates): customers located there under the
 * customer/salesman filters and scope, plus anyone else who bought in the view. The region is the
 * drill key, so `f.region` is ignored.
 */
export async function regionCities(database: Database, f: LineFilter, region: string): Promise<RegionCityRow[]> {
  const lines = lineWhere({ ...f, region: undefined });
  const base: SQL[] = [];
  if (f.customer?.length) base.push(sql`c.external_id in ${f.customer}`);
  if (f.salesman?.length) base.push(sql`c.salesman_id in (select id from salesmen where external_id in ${f.salesman})`);
  if (f.ownerSalesmanId !== undefined) base.push(sql`c.salesman_id = ${f.ownerSalesmanId}`);
  const located = base.length === 0 ? sql`true` : sql.join(base, sql` and `);
  const result = await rows<RegionCityRow>(
    database,
    sql`with sales as (
          select i.customer_id, sum(i.amount) as revenue, count(distinct i.order_id)::int as orders
          from order_items i
          where ${lines} and i.customer_id in (select r.id from customers r where ${inRegion('r', region)})
          group by 1
        ),
        cust as (
          select c.city, c.latitude, c.longitude, s.revenue, s.orders, (${located}) as located, s.customer_id is not null as bought
          from customers c left join sales s on s.customer_id = c.id
          where ${inRegion('c', region)} and (s.customer_id is not null or (${located}))
        )
        select city, avg(latitude)::float8 as latitude, avg(longitude)::float8 as longitude,
               coalesce(sum(revenue), 0)::float8 as revenue, coalesce(sum(orders), 0)::int as orders,
               (count(*) filter (where located))::int as customers, (count(*) filter (where bought))::int as buyers
        from cust
        group by city
        order by 4 desc, city nulls last`,
  );
  return result;
}
