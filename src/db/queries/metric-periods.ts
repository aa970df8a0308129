import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { lineWhere, type LineFilter } from '../sql/line-filter.js';
import { rows } from '../sql/run.js';
import type { TwoPeriods } from './revenue-change.js';

/** Revenue, distinct orders and distinct buying customers of one run of days. */
export interface MetricTotalsRow {
  /** 0 = the first `bucketDays` days from `from`, 1 = the next, … */
  bucket: number;
  revenue: number;
  orders: number;
  customers: number;
}

/**
 * Revenue, orders and active customers per consecutive run of `bucketDays` business days in [from, to]
 * under the filter (scope included), summed and counted in SQL. An order or a customer counts once per
 * bucket however many lines it has; under a category filter, orders and customers with a line of that
 * category. Buckets without a sale are absent. Read from the order lines (distinct counts cannot be
 * added up from the day rollups), bounded by the index on `ordered_at`.
 */
export async function metricBuckets(database: Database, f: LineFilter, from: string, to: string, bucketDays: number): Promise<MetricTotalsRow[]> {
  const day = sql`(i.ordered_at at time zone ${f.timeZone})::date`;
  return rows<MetricTotalsRow>(
    database,
    sql`select ((${day} - ${from}::date) / ${bucketDays}::int)::int as bucket,
               coalesce(sum(i.amount), 0)::float8 as revenue,
               count(distinct i.order_id)::int as orders,
               count(distinct i.customer_id)::int as customers
        from order_items i
        where ${lineWhere({ ...f, from, to })}
        group by 1 order by 1`,
  );
}

export const METRIC_DIMENSIONS = ['region', 'category', 'product', 'customer'] as const;
export type MetricDimension = (typeof METRIC_DIMENSIONS)[number];

/** One member of a dimension with its revenue, orders and customers in both periods. */
export interface MetricMemberRow {
  dimension: MetricDimension;
  /** Region or category name, or the portal id of a product or customer; null = none (no region / category). */
  member: string | null;
  /** Product or customer name; the member itself for regions and categories. */
  name: string | null;
  previousRevenue: number;
  currentRevenue: number;
  previousOrders: number;
  currentOrders: number;
  previousCustomers: number;
  currentCustomers: number;
}

/**
 * Per region (the customer's), category, product and customer: revenue, distinct orders and distinct
 * customers in the previous and the current period under the filter, in one pass over the two periods'
 * order lines (grouping sets on the ids alone; names joined to the sums). Regions and customers
 * partition every figure; an order with lines of two categories or products counts for each of them.
 * Members without a line in either period are absent.
 */
export async function metricMembers(database: Database, f: LineFilter, p: TwoPeriods): Promise<MetricMemberRow[]> {
  const cur = sql`i.ordered_at >= (${p.currentFrom}::date::timestamp at time zone ${f.timeZone})`;
  const figures = sql.raw(`g."previousRevenue", g."currentRevenue", g."previousOrders", g."currentOrders", g."previousCustomers", g."currentCustomers"`);
  return rows<MetricMemberRow>(
    database,
    sql`with l as (
          select i.order_id, i.customer_id, i.product_id, i.amount, c.region, ${cur} as is_current
          from order_items i join customers c on c.id = i.customer_id
          where ${lineWhere({ ...f, from: p.previousFrom, to: p.to })}
        ),
        g as (
          select l.region, pr.category, l.product_id, l.customer_id,
                 grouping(l.region) as no_region, grouping(pr.category) as no_category, grouping(l.product_id) as no_product,
                 coalesce(sum(l.amount) filter (where not l.is_current), 0)::float8 as "previousRevenue",
                 coalesce(sum(l.amount) filter (where l.is_current), 0)::float8 as "currentRevenue",
                 count(distinct l.order_id) filter (where not l.is_current)::int as "previousOrders",
                 count(distinct l.order_id) filter (where l.is_current)::int as "currentOrders",
                 count(distinct l.customer_id) filter (where not l.is_current)::int as "previousCustomers",
                 count(distinct l.customer_id) filter (where l.is_current)::int as "currentCustomers"
          from l join products pr on pr.id = l.product_id
          group by grouping sets ((l.region), (pr.category), (l.product_id), (l.customer_id))
        )
        select 'region' as dimension, g.region as member, g.region as name, ${figures} from g where g.no_region = 0
        union all
        select 'category', g.category, g.category, ${figures} from g where g.no_category = 0
        union all
        select 'product', pr.external_id, pr.name, ${figures} from g join products pr on pr.id = g.product_id where g.no_product = 0
        union all
        select 'customer', c.external_id, c.name, ${figures} from g join customers c on c.id = g.customer_id
        where g.no_region = 1 and g.no_category = 1 and g.no_product = 1`,
  );
}
