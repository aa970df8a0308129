import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { customerDayFacts, customerDayServes, customerRollupServes, rollupCustomerWhere } from './customer-day-source.js';
import { hasMemberFilter, lineWhere, type LineFilter } from '../sql/line-filter.js';
import { numberColumns, type NumberColumns } from '../sql/number-columns.js';

/**
 * Per-customer aggregates, column-wise (entry i of every column is one customer):
 * - `id`: customers.id (label the few customers a report lists with `customerLabels`);
 * - `lastOrderDay`: business day (time zone of the filter) of the last order, as days since 1970-01-01;
 * - `orders`: distinct orders; `revenue`: net revenue.
 */
export type CustomerAggregateColumns = NumberColumns<'id' | 'lastOrderDay' | 'orders' | 'revenue'>;

const COLUMNS = ['id', 'lastOrderDay', 'orders', 'revenue'] as const;

/**
 * One entry per customer with orders in the window, as numbers only (see {@link CustomerAggregateColumns}).
 * Without member filters and with the window reaching the latest data, the per-customer rollup answers
 * without touching order lines; region / customer filters narrow the rollup; all history up to an
 * earlier day is the rollup minus the later days of `customer_day`; other windows and salesman
 * filters read `customer_day`; a category filter reads the order lines.
 */
export async function customerAggregateColumns(
  database: Database,
  f: LineFilter,
  opts: { rollupCoversWindow: boolean },
): Promise<CustomerAggregateColumns> {
  const tz = f.timeZone;
  // (customer_rollup holds only customers with orders, and orders keep their customer: no join needed)
  const fromRollup = sql`select r.customer_id as id, (r.last_order_at at time zone ${tz})::date - date '1970-01-01' as "lastOrderDay",
                                r.orders, r.revenue::float8 as revenue
                         from customer_rollup r`;
  if (opts.rollupCoversWindow && !hasMemberFilter(f) && !f.from) return numberColumns(database, fromRollup, COLUMNS);
  // All history with region / customer filters: the rollup, narrowed to those customers.
  if (opts.rollupCoversWindow && (await customerRollupServes(database, f))) {
    return numberColumns(database, sql`${fromRollup} where ${rollupCustomerWhere(f)}`, COLUMNS);
  }
  // All history up to a past day (an as-of day before the data's end): the rollup minus the days after
  // it, so only those recent days are aggregated, not every customer's days. A customer with days
  // after it gets the last earlier day by an index probe on (customer_id, day); customers left with no
  // order had none by then. Exact: numeric sums, converted once.
  if (!f.from && f.to && !f.salesman?.length && f.ownerSalesmanId === undefined && (await customerDayServes(database, f))) {
    return numberColumns(
      database,
      sql`select r.customer_id as id,
                 case when x.customer_id is null then (r.last_order_at at time zone ${tz})::date
                      else (select max(cd.day) from customer_day cd where cd.customer_id = r.customer_id and cd.day <= ${f.to}::date)
                 end - date '1970-01-01' as "lastOrderDay",
                 r.orders - coalesce(x.orders, 0)::int as orders, (r.revenue - coalesce(x.revenue, 0))::float8 as revenue
          from customer_rollup r
          left join (select customer_id, sum(orders) as orders, sum(revenue) as revenue from customer_day
                     where day > ${f.to}::date group by customer_id) x on x.customer_id = r.customer_id
          where r.orders > coalesce(x.orders, 0) and ${rollupCustomerWhere(f)}`,
      COLUMNS,
    );
  }
  // Any window, customer or salesman filters: per-customer days, not lines.
  if (await customerDayServes(database, f)) {
    return numberColumns(
      database,
      sql`select cd.customer_id as id, max(cd.day) - date '1970-01-01' as "lastOrderDay",
                 sum(cd.orders)::int as orders, sum(cd.revenue)::float8 as revenue
          from (${customerDayFacts(f)}) cd
          group by cd.customer_id`,
      COLUMNS,
    );
  }
  return numberColumns(
    database,
    sql`select i.customer_id as id, (max(i.ordered_at) at time zone ${tz})::date - date '1970-01-01' as "lastOrderDay",
               count(distinct i.order_id)::int as orders, sum(i.amount)::float8 as revenue
        from order_items i
        where ${lineWhere(f)}
        group by i.customer_id`,
    COLUMNS,
  );
}
