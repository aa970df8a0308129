import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { customerDayFacts, customerDayServes, customerRollupServes, rollupCustomerWhere } from './customer-day-source.js';
import { hasMemberFilter, lineWhere, type LineFilter } from './line-filter.js';
import { rows } from './run.js';

export interface CustomerAggregateRow {
  customerId: string;
  name: string;
  /** YYYY-MM-DD in the business time zone. */
  firstOrderDay: string;
  lastOrderDay: string;
  orders: number;
  /** Distinct business days with an order. */
  purchaseDays: number;
  revenue: number;
}

/**
 * One row per customer with orders in the window. Without member filters and with the window reaching
 * the latest data, the per-customer rollup answers without touching order lines.
 */
export async function customerAggregates(
  database: Database,
  f: LineFilter,
  opts: { rollupCoversWindow: boolean },
): Promise<CustomerAggregateRow[]> {
  const tz = f.timeZone;
  if (opts.rollupCoversWindow && !hasMemberFilter(f) && !f.from) {
    return rows<CustomerAggregateRow>(
      database,
      sql`select c.external_id as "customerId", c.name,
                 to_char(r.first_order_at at time zone ${tz}, 'YYYY-MM-DD') as "firstOrderDay",
                 to_char(r.last_order_at at time zone ${tz}, 'YYYY-MM-DD') as "lastOrderDay",
                 r.orders, r.purchase_days as "purchaseDays", r.revenue::float8 as revenue
          from customer_rollup r join customers c on c.id = r.customer_id`,
    );
  }
  // All history with region / customer filters: the rollup, narrowed to those customers.
  if (opts.rollupCoversWindow && (await customerRollupServes(database, f))) {
    return rows<CustomerAggregateRow>(
      database,
      sql`select c.external_id as "customerId", c.name,
                 to_char(r.first_order_at at time zone ${tz}, 'YYYY-MM-DD') as "firstOrderDay",
                 to_char(r.last_order_at at time zone ${tz}, 'YYYY-MM-DD') as "lastOrderDay",
                 r.orders, r.purchase_days as "purchaseDays", r.revenue::float8 as revenue
          from customer_rollup r join customers c on c.id = r.customer_id
          where ${rollupCustomerWhere(f)}`,
    );
  }
  // Any window, customer or salesman filters: per-customer days, not lines.
  if (await customerDayServes(database, f)) {
    return rows<CustomerAggregateRow>(
      database,
      sql`select c.external_id as "customerId", c.name,
                 to_char(min(cd.day), 'YYYY-MM-DD') as "firstOrderDay", to_char(max(cd.day), 'YYYY-MM-DD') as "lastOrderDay",
                 sum(cd.orders)::int as orders, count(*)::int as "purchaseDays", sum(cd.revenue)::float8 as revenue
          from (${customerDayFacts(f)}) cd join customers c on c.id = cd.customer_id
          group by c.id`,
    );
  }
  return rows<CustomerAggregateRow>(
    database,
    sql`select c.external_id as "customerId", c.name,
               to_char(min(i.ordered_at) at time zone ${tz}, 'YYYY-MM-DD') as "firstOrderDay",
               to_char(max(i.ordered_at) at time zone ${tz}, 'YYYY-MM-DD') as "lastOrderDay",
               count(distinct i.order_id)::int as orders,
               count(distinct (i.ordered_at at time zone ${tz})::date)::int as "purchaseDays",
               sum(i.amount)::float8 as revenue
        from order_items i join customers c on c.id = i.customer_id
        where ${lineWhere(f)}
        group by c.id`,
  );
}
