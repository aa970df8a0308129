import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { lineWhere, type LineFilter } from '../sql/line-filter.js';
import { rows } from '../sql/run.js';

/** Revenue, distinct orders and distinct customers of one slice (overall or one member) in one period. */
export interface AnomalySeriesRow {
  /** `all`, `region`, `category` or `salesman`. */
  dimension: string;
  /** '' for `all`; the region or category name, or the salesman's portal id. */
  member: string;
  /** Salesman's name; the member otherwise. */
  name: string;
  /** First day of the period, `YYYY-MM-DD` (business time zone). */
  period: string;
  revenue: number;
  orders: number;
  customers: number;
}

/**
 * Per day (working days only, `workdays` ISO 1–7) or ISO week, in [from, to] under the filter (scope
 * included): revenue, distinct orders and distinct customers overall and per region (the customer's),
 * category and salesman, in one pass (grouping sets). Periods without a sale are absent; lines without
 * a region, category or salesman count only overall. One row per slice and period leaves the database.
 */
export async function anomalySeries(database: Database, f: LineFilter, grain: 'day' | 'week', from: string, to: string, workdays: readonly number[]): Promise<AnomalySeriesRow[]> {
  const day = sql`(i.ordered_at at time zone ${f.timeZone})::date`;
  const working = grain === 'day' ? sql`and extract(isodow from ${day})::int in (${sql.join(workdays.map((d) => sql`${d}`), sql`, `)})` : sql``;
  return rows<AnomalySeriesRow>(
    database,
    sql`with l as (
          select date_trunc(${grain}, ${day}::timestamp)::date as p, i.order_id, i.customer_id, i.amount,
                 c.region, pr.category, s.external_id as salesman, s.name as salesman_name
          from order_items i
          join customers c on c.id = i.customer_id
          join products pr on pr.id = i.product_id
          left join salesmen s on s.id = i.salesman_id
          where ${lineWhere({ ...f, from, to })} ${working}
        ),
        g as (
          select l.p, l.region, l.category, l.salesman, max(l.salesman_name) as salesman_name,
                 grouping(l.region) as nr, grouping(l.category) as nc, grouping(l.salesman) as ns,
                 sum(l.amount)::float8 as revenue, count(distinct l.order_id)::int as orders, count(distinct l.customer_id)::int as customers
          from l group by grouping sets ((l.p), (l.p, l.region), (l.p, l.category), (l.p, l.salesman))
        )
        select case when nr = 0 then 'region' when nc = 0 then 'category' when ns = 0 then 'salesman' else 'all' end as dimension,
               coalesce(case when nr = 0 then region when nc = 0 then category when ns = 0 then salesman end, '') as member,
               coalesce(case when nr = 0 then region when nc = 0 then category when ns = 0 then salesman_name end, '') as name,
               to_char(p, 'YYYY-MM-DD') as period, revenue, orders, customers
        from g
        where (nr = 0 and region is not null) or (nc = 0 and category is not null) or (ns = 0 and salesman is not null) or (nr = 1 and nc = 1 and ns = 1)
        order by 1, 2, 4`,
  );
}

/** One slice of a salesman's own book in one period (see {@link salesmanAnomalySeries}). */
export interface SalesmanSeriesRow {
  /** Internal id of the salesman whose book it is. */
  salesmanId: number;
  /** `all` (his whole book), `region` or `category` (his lines in it). */
  dimension: string;
  /** '' for `all`; the region or category name. */
  member: string;
  period: string;
  revenue: number;
  orders: number;
  customers: number;
}

/**
 * Per active salesman (not placeholders) with lines under the filter: his whole book per day (working
 * days only) or ISO week in [from, to], and his biggest regions and categories: those holding at least
 * `minShare` and less than `maxShare` of his revenue over the window, at most `perDimension` of each, largest
 * first. A region or category holding (nearly) all his book would repeat his whole book, and a small one is
 * mostly noise; the choice is made here so only the kept slices' rows leave the database. One pass
 * (grouping sets per salesman), like {@link anomalySeries}.
 */
export async function salesmanAnomalySeries(
  database: Database,
  f: LineFilter,
  grain: 'day' | 'week',
  from: string,
  to: string,
  workdays: readonly number[],
  keep: { minShare: number; maxShare: number; perDimension: number },
): Promise<SalesmanSeriesRow[]> {
  const day = sql`(i.ordered_at at time zone ${f.timeZone})::date`;
  const working = grain === 'day' ? sql`and extract(isodow from ${day})::int in (${sql.join(workdays.map((d) => sql`${d}`), sql`, `)})` : sql``;
  const r = await rows<SalesmanSeriesRow>(
    database,
    sql`with l as (
          select date_trunc(${grain}, ${day}::timestamp)::date as p, i.order_id, i.customer_id, i.amount, i.salesman_id, c.region, pr.category
          from order_items i
          join customers c on c.id = i.customer_id
          join products pr on pr.id = i.product_id
          join salesmen sm on sm.id = i.salesman_id and sm.active and not sm.is_placeholder
          where ${lineWhere({ ...f, from, to })} ${working}
        ),
        g as (
          select l.salesman_id, l.p,
                 case when grouping(l.region) = 0 then 'region' when grouping(l.category) = 0 then 'category' else 'all' end as dimension,
                 coalesce(case when grouping(l.region) = 0 then l.region when grouping(l.category) = 0 then l.category end, '') as member,
                 (grouping(l.region) = 0 and l.region is null) or (grouping(l.category) = 0 and l.category is null) as unnamed,
                 sum(l.amount)::float8 as revenue, count(distinct l.order_id)::int as orders, count(distinct l.customer_id)::int as customers
          from l group by grouping sets ((l.salesman_id, l.p), (l.salesman_id, l.p, l.region), (l.salesman_id, l.p, l.category))
        ),
        slices as (
          select salesman_id, dimension, member, bool_or(unnamed) as unnamed, sum(revenue) as total from g group by 1, 2, 3
        ),
        shares as (
          select s.*, s.total / nullif(max(s.total) filter (where s.dimension = 'all') over (partition by s.salesman_id), 0) as share from slices s
        ),
        eligible as (
          select salesman_id, dimension, member,
                 row_number() over (partition by salesman_id, dimension order by total desc, member) as rk
          from shares
          where dimension = 'all' or (not unnamed and share >= ${keep.minShare} and share < ${keep.maxShare})
        )
        select g.salesman_id as "salesmanId", g.dimension, g.member, to_char(g.p, 'YYYY-MM-DD') as period, g.revenue, g.orders, g.customers
        from g join eligible e on e.salesman_id = g.salesman_id and e.dimension = g.dimension and e.member = g.member
        where e.dimension = 'all' or e.rk <= ${keep.perDimension}
        order by 1, 2, 3, 4`,
  );
  return r.map((x) => ({ ...x, salesmanId: Number(x.salesmanId) }));
}
