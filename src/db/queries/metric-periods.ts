import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { dayStart, lineWhere, type LineFilter } from '../sql/line-filter.js';
import { rows } from '../sql/run.js';
import { customerDayServes, customerDayWhere } from './customer-day-source.js';
import type { TwoPeriods } from './revenue-change.js';

/** Revenue, distinct orders and distinct buying customers of one run of days. */
export interface MetricTotalsRow {
  /** 0 = the first `bucketDays` days from `from`, 1 = the next, … */
  bucket: number;
  revenue: number;
  orders: number;
  customers: number;
}

/** True when a salesman filter or the salesman scope applies: `customer_day_history` sums every salesman. */
const bySalesman = (f: LineFilter): boolean => Boolean(f.salesman?.length) || f.ownerSalesmanId !== undefined;

/**
 * Revenue, orders and active customers per consecutive run of `bucketDays` business days in [from, to]
 * under the filter (scope included), summed and counted in SQL. An order or a customer counts once per
 * bucket however many lines it has; under a category filter, orders and customers with a line of that
 * category. Buckets without a sale are absent.
 *
 * From the customer rollups when they serve the filter ({@link customerDayServes}: built in this time
 * zone, no category filter). An order has one customer, business day and salesman, so their `orders`
 * add up to distinct orders, and numeric revenue sums are exact:
 * - no salesman filter or scope: `customer_day_history`, one row per customer and buying day with the
 *   customer's previous buying day. A customer's row is their first of its bucket when that previous
 *   day is before the bucket's first day, so counting such rows counts distinct customers, no sort;
 * - a salesman filter or scope: `customer_day` (per salesman), customers counted distinct per bucket.
 * Under a category filter (no rollup keeps orders or customers per category and day) or before the
 * rollups are built in this zone, from the order lines ({@link metricBucketsFromLines}).
 */
export async function metricBuckets(database: Database, f: LineFilter, from: string, to: string, bucketDays: number): Promise<MetricTotalsRow[]> {
  const window: LineFilter = { ...f, from, to };
  if (!(await customerDayServes(database, window))) return metricBucketsFromLines(database, f, from, to, bucketDays);
  const bucket = sql`((cd.day - ${from}::date) / ${bucketDays}::int)`;
  const bucketStart = sql`(${from}::date + ${bucket} * ${bucketDays}::int)`;
  const [table, customers] = bySalesman(f)
    ? [sql`customer_day`, sql`count(distinct cd.customer_id)`]
    : [sql`customer_day_history`, sql`count(*) filter (where cd.previous_day is null or cd.previous_day < ${bucketStart})`];
  return rows<MetricTotalsRow>(
    database,
    sql`select ${bucket}::int as bucket, coalesce(sum(cd.revenue), 0)::float8 as revenue, sum(cd.orders)::int as orders,
               ${customers}::int as customers
        from ${table} cd
        where ${customerDayWhere(window)}
        group by 1 order by 1`,
  );
}

/**
 * {@link metricBuckets} from the order lines (bounded by the index on `ordered_at`): the answer when no
 * rollup can give it exactly, and the reference the rollup paths are tested against.
 */
export async function metricBucketsFromLines(database: Database, f: LineFilter, from: string, to: string, bucketDays: number): Promise<MetricTotalsRow[]> {
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
 * customers in the previous and the current period under the filter. Regions and customers partition
 * every figure; an order with lines of two categories or products counts for each of them. Members
 * without a line in either period are absent. Dimensions come in the order region, category, product,
 * customer.
 *
 * Regions and customers from `customer_day_history` (`customer_day` under a salesman filter or scope)
 * when the rollups serve the filter (see {@link customerDayServes}): one row per customer with its two
 * periods' sums (an order has one customer, day and salesman, so `orders` add up; a customer is active
 * in a period when it has a row there), regions summed from those. Categories and products always from the two periods' order lines: no rollup
 * keeps the customers per product and day, nor the orders per category (an order with two products of
 * one category counts once), so they cannot be added up exactly. When the rollups do not serve,
 * everything from the lines ({@link metricMembersFromLines}).
 */
export async function metricMembers(database: Database, f: LineFilter, p: TwoPeriods): Promise<MetricMemberRow[]> {
  const window: LineFilter = { ...f, from: p.previousFrom, to: p.to };
  if (!(await customerDayServes(database, window))) return metricMembersFromLines(database, f, p);
  const [byCustomer, byItem] = await Promise.all([regionAndCustomerMembers(database, window, p), categoryAndProductMembers(database, window, p)]);
  const of = (list: MetricMemberRow[], dimension: MetricDimension) => list.filter((m) => m.dimension === dimension);
  return [...of(byCustomer, 'region'), ...of(byItem, 'category'), ...of(byItem, 'product'), ...of(byCustomer, 'customer')];
}

/** Region and customer members from the customer rollups (see {@link metricMembers}); `window` spans both periods. */
function regionAndCustomerMembers(database: Database, window: LineFilter, p: TwoPeriods): Promise<MetricMemberRow[]> {
  const cur = sql`cd.day >= ${p.currentFrom}::date`;
  // Sums stay numeric until the last step, so regions add the customers' exact sums as the lines would.
  return rows<MetricMemberRow>(
    database,
    sql`with k as (
          select cd.customer_id,
                 coalesce(sum(cd.revenue) filter (where not ${cur}), 0) as pr, coalesce(sum(cd.revenue) filter (where ${cur}), 0) as cr,
                 coalesce(sum(cd.orders) filter (where not ${cur}), 0) as po, coalesce(sum(cd.orders) filter (where ${cur}), 0) as co,
                 (count(*) filter (where not ${cur}) > 0)::int as pc, (count(*) filter (where ${cur}) > 0)::int as cc
          from ${bySalesman(window) ? sql`customer_day` : sql`customer_day_history`} cd where ${customerDayWhere(window)}
          group by cd.customer_id
        )
        select 'region' as dimension, c.region as member, c.region as name,
               sum(k.pr)::float8 as "previousRevenue", sum(k.cr)::float8 as "currentRevenue",
               sum(k.po)::int as "previousOrders", sum(k.co)::int as "currentOrders",
               sum(k.pc)::int as "previousCustomers", sum(k.cc)::int as "currentCustomers"
        from k join customers c on c.id = k.customer_id
        group by c.region
        union all
        select 'customer', c.external_id, c.name, k.pr::float8, k.cr::float8, k.po::int, k.co::int, k.pc, k.cc
        from k join customers c on c.id = k.customer_id`,
  );
}

/**
 * Category and product members from the two periods' order lines (see {@link metricMembers}): one pass,
 * grouping sets on the ids alone, names joined to the sums.
 */
function categoryAndProductMembers(database: Database, window: LineFilter, p: TwoPeriods): Promise<MetricMemberRow[]> {
  const cur = sql`i.ordered_at >= ${dayStart(p.currentFrom, window.timeZone)}`;
  return rows<MetricMemberRow>(
    database,
    sql`with l as (
          select i.order_id, i.customer_id, i.product_id, i.amount, ${cur} as is_current
          from order_items i
          where ${lineWhere(window)}
        ),
        g as (
          select pr.category, l.product_id, grouping(pr.category) as no_category, ${PERIOD_FIGURES}
          from l join products pr on pr.id = l.product_id
          group by grouping sets ((pr.category), (l.product_id))
        )
        select 'category' as dimension, g.category as member, g.category as name, ${GROUP_FIGURES} from g where g.no_category = 0
        union all
        select 'product', pr.external_id, pr.name, ${GROUP_FIGURES} from g join products pr on pr.id = g.product_id where g.no_category = 1`,
  );
}

/** The six figures of a member, over rows `l` of lines with `is_current`. */
const PERIOD_FIGURES = sql.raw(`coalesce(sum(l.amount) filter (where not l.is_current), 0)::float8 as "previousRevenue",
                 coalesce(sum(l.amount) filter (where l.is_current), 0)::float8 as "currentRevenue",
                 count(distinct l.order_id) filter (where not l.is_current)::int as "previousOrders",
                 count(distinct l.order_id) filter (where l.is_current)::int as "currentOrders",
                 count(distinct l.customer_id) filter (where not l.is_current)::int as "previousCustomers",
                 count(distinct l.customer_id) filter (where l.is_current)::int as "currentCustomers"`);

/** The six figures as selected from the grouping `g`. */
const GROUP_FIGURES = sql.raw(`g."previousRevenue", g."currentRevenue", g."previousOrders", g."currentOrders", g."previousCustomers", g."currentCustomers"`);

/**
 * {@link metricMembers} from the order lines alone, in one pass over the two periods' lines (grouping
 * sets on the ids alone; names joined to the sums): the answer when the customer rollups cannot serve
 * the filter, and the reference the rollup path is tested against.
 */
export async function metricMembersFromLines(database: Database, f: LineFilter, p: TwoPeriods): Promise<MetricMemberRow[]> {
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
