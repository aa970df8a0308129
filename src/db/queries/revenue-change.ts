import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { customerDayFacts, customerDayServes } from './customer-day-source.js';
import { dailyFacts } from './daily-source.js';
import { dayStart, lineWhere, type LineFilter } from './line-filter.js';
import { rows } from './run.js';

/** Two consecutive periods of business days: previous = [previousFrom, currentFrom − 1], current = [currentFrom, to]. */
export interface TwoPeriods {
  previousFrom: string;
  currentFrom: string;
  to: string;
}

export interface ProductSalesmanPeriodsRow {
  /** Internal product id. */
  id: number;
  productId: string;
  productName: string;
  category: string | null;
  /** Portal id of the salesman; null when the lines have none. */
  salesmanId: string | null;
  salesmanName: string | null;
  previousRevenue: number;
  previousQuantity: number;
  currentRevenue: number;
  currentQuantity: number;
}

/**
 * Revenue and units per (product, salesman) in both periods, from `daily_sales` when it covers the
 * filter (else from the order lines aggregated per day in SQL).
 */
export async function productSalesmanPeriods(database: Database, f: LineFilter, p: TwoPeriods): Promise<ProductSalesmanPeriodsRow[]> {
  const cur = sql`b.day >= ${p.currentFrom}::date`;
  return rows<ProductSalesmanPeriodsRow>(
    database,
    sql`select p.id, p.external_id as "productId", p.name as "productName", p.category,
               s.external_id as "salesmanId", s.name as "salesmanName",
               coalesce(sum(b.revenue) filter (where not ${cur}), 0)::float8 as "previousRevenue",
               coalesce(sum(b.units) filter (where not ${cur}), 0)::float8 as "previousQuantity",
               coalesce(sum(b.revenue) filter (where ${cur}), 0)::float8 as "currentRevenue",
               coalesce(sum(b.units) filter (where ${cur}), 0)::float8 as "currentQuantity"
        from (${dailyFacts(f, p.previousFrom, p.to)}) b
        join products p on p.id = b.product_id
        left join salesmen s on s.id = b.salesman_id
        group by p.id, s.id`,
  );
}

export interface CustomerPeriodsRow {
  customerId: string;
  region: string | null;
  previous: number;
  current: number;
}

/**
 * Revenue per customer in both periods: from `customer_day` when it serves the filter, else order lines
 * aggregated in SQL over the two periods only.
 */
export async function customerPeriods(database: Database, f: LineFilter, p: TwoPeriods): Promise<CustomerPeriodsRow[]> {
  const window: LineFilter = { ...f, from: p.previousFrom, to: p.to };
  if (await customerDayServes(database, window)) {
    const cur = sql`cd.day >= ${p.currentFrom}::date`;
    return rows<CustomerPeriodsRow>(
      database,
      sql`select c.external_id as "customerId", c.region,
                 coalesce(sum(cd.revenue) filter (where not ${cur}), 0)::float8 as previous,
                 coalesce(sum(cd.revenue) filter (where ${cur}), 0)::float8 as current
          from (${customerDayFacts(window)}) cd join customers c on c.id = cd.customer_id
          group by c.id`,
    );
  }
  const cur = sql`i.ordered_at >= ${dayStart(p.currentFrom, f.timeZone)}`;
  return rows<CustomerPeriodsRow>(
    database,
    sql`select c.external_id as "customerId", c.region,
               coalesce(sum(i.amount) filter (where not ${cur}), 0)::float8 as previous,
               coalesce(sum(i.amount) filter (where ${cur}), 0)::float8 as current
        from order_items i join customers c on c.id = i.customer_id
        where ${lineWhere({ ...f, from: p.previousFrom, to: p.to })}
        group by c.id`,
  );
}

export interface CustomerHistoryRow {
  customerId: string;
  /** Last order day before `day` (business time zone). */
  lastOrderDay: string;
  orders: number;
  revenue: number;
}

/**
 * Every customer's RFM inputs over all orders strictly before business day `day`, without scanning
 * history: the per-customer rollup minus what was ordered since `day` (only those recent lines are
 * aggregated); the last order before `day` of a customer who ordered since comes from an index probe
 * on (customer_id, ordered_at). Customers whose first order is on or after `day` are absent.
 */
export async function customerHistoryBefore(database: Database, day: string, timeZone: string): Promise<CustomerHistoryRow[]> {
  const start = dayStart(day, timeZone);
  // The same subtraction on customer days: the recent days are fewer rows than their lines, and the
  // last day before `day` is a probe of customer_day's (customer_id, day) key.
  if (await customerDayServes(database, { timeZone })) {
    return rows<CustomerHistoryRow>(
      database,
      sql`with recent as (
            select customer_id, sum(orders)::int as orders, sum(revenue) as revenue
            from customer_day where day >= ${day}::date group by customer_id)
          select c.external_id as "customerId",
                 to_char(case when x.customer_id is null then (r.last_order_at at time zone ${timeZone})::date
                              else (select max(cd.day) from customer_day cd where cd.customer_id = r.customer_id and cd.day < ${day}::date) end,
                         'YYYY-MM-DD') as "lastOrderDay",
                 (r.orders - coalesce(x.orders, 0))::int as orders,
                 (r.revenue - coalesce(x.revenue, 0))::float8 as revenue
          from customer_rollup r
          join customers c on c.id = r.customer_id
          left join recent x on x.customer_id = r.customer_id
          where r.first_order_at < ${start}`,
    );
  }
  return rows<CustomerHistoryRow>(
    database,
    sql`with recent as (
          select i.customer_id, count(distinct i.order_id)::int as orders, sum(i.amount) as revenue
          from order_items i where i.ordered_at >= ${start}
          group by i.customer_id)
        select c.external_id as "customerId",
               to_char(case when x.customer_id is null then r.last_order_at
                            else (select max(i.ordered_at) from order_items i
                                  where i.customer_id = r.customer_id and i.ordered_at < ${start}) end
                       at time zone ${timeZone}, 'YYYY-MM-DD') as "lastOrderDay",
               (r.orders - coalesce(x.orders, 0))::int as orders,
               (r.revenue - coalesce(x.revenue, 0))::float8 as revenue
        from customer_rollup r
        join customers c on c.id = r.customer_id
        left join recent x on x.customer_id = r.customer_id
        where r.first_order_at < ${start}`,
  );
}
