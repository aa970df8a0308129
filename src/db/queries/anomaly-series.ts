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
