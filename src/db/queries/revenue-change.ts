import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { inTransaction } from '../transaction.js';
import { customerDayServes, customerDayWhere } from './customer-day-source.js';
import { dailyServes, dailyWhere } from '../sql/daily-filter.js';
import { dailyFacts } from '../sql/daily-source.js';
import { dayStart, lineWhere, type LineFilter } from '../sql/line-filter.js';
import { one, rows } from '../sql/run.js';

/** Two consecutive periods of business days: previous = [previousFrom, currentFrom − 1], current = [currentFrom, to]. */
export interface TwoPeriods {
  previousFrom: string;
  currentFrom: string;
  to: string;
}

/** Revenue and units of one member of the product, salesman or category dimension in both periods. */
export interface DimensionPeriodsRow {
  dimension: 'product' | 'salesman' | 'category';
  /** Internal product id on product rows, else null. */
  id: number | null;
  /** Portal id of the product or salesman, or the category; null = none (lines without a salesman, products without a category). */
  member: string | null;
  /** Product or salesman name; null on category rows. */
  name: string | null;
  previousRevenue: number;
  previousQuantity: number;
  currentRevenue: number;
  currentQuantity: number;
}

/**
 * Revenue and units per product, per salesman (who sold the line) and per category in both periods,
 * each summed exactly in SQL (one pass, grouping sets), from `daily_sales` when it covers the filter
 * (else from the order lines aggregated per day in SQL).
 */
export async function dimensionPeriods(database: Database, f: LineFilter, p: TwoPeriods): Promise<DimensionPeriodsRow[]> {
  const cur = sql`b.day >= ${p.currentFrom}::date`;
  return rows<DimensionPeriodsRow>(
    database,
    sql`select case when grouping(p.id) = 0 then 'product' when grouping(s.id) = 0 then 'salesman' else 'category' end as dimension,
               p.id,
               case when grouping(p.id) = 0 then p.external_id when grouping(s.id) = 0 then s.external_id else p.category end as member,
               case when grouping(p.id) = 0 then p.name when grouping(s.id) = 0 then s.name end as name,
               coalesce(sum(b.revenue) filter (where not ${cur}), 0)::float8 as "previousRevenue",
               coalesce(sum(b.units) filter (where not ${cur}), 0)::float8 as "previousQuantity",
               coalesce(sum(b.revenue) filter (where ${cur}), 0)::float8 as "currentRevenue",
               coalesce(sum(b.units) filter (where ${cur}), 0)::float8 as "currentQuantity"
        from (${dailyFacts(f, p.previousFrom, p.to)}) b
        join products p on p.id = b.product_id
        left join salesmen s on s.id = b.salesman_id
        group by grouping sets ((p.id, p.external_id, p.name), (s.id, s.external_id, s.name), (p.category))`,
  );
}

export interface RegionPeriodsRow {
  /** The customer's region; null when unknown. */
  region: string | null;
  previous: number;
  current: number;
}

/**
 * Revenue per customer region in both periods, summed exactly in SQL: from `daily_sales` (keyed by the
 * buyer's current region, '' for none) when it covers the filter — as {@link dimensionPeriods} does, so
 * regions and products partition the same revenue — else order lines joined to their customers.
 */
export async function regionPeriods(database: Database, f: LineFilter, p: TwoPeriods): Promise<RegionPeriodsRow[]> {
  const window: LineFilter = { ...f, from: p.previousFrom, to: p.to };
  if (dailyServes(window)) {
    const cur = sql`d.day >= ${p.currentFrom}::date`;
    return rows<RegionPeriodsRow>(
      database,
      sql`select nullif(d.region, '') as region,
                 coalesce(sum(d.revenue) filter (where not ${cur}), 0)::float8 as previous,
                 coalesce(sum(d.revenue) filter (where ${cur}), 0)::float8 as current
          from daily_sales d where ${dailyWhere(window)}
          group by d.region`,
    );
  }
  const cur = sql`i.ordered_at >= ${dayStart(p.currentFrom, f.timeZone)}`;
  return rows<RegionPeriodsRow>(
    database,
    sql`select c.region,
               coalesce(sum(i.amount) filter (where not ${cur}), 0)::float8 as previous,
               coalesce(sum(i.amount) filter (where ${cur}), 0)::float8 as current
        from order_items i join customers c on c.id = i.customer_id
        where ${lineWhere(window)}
        group by c.region`,
  );
}

/**
 * Per customer of the two periods under the filter: `(customer_id, previous, current)` revenue, from
 * `customer_day` when it serves the filter, else from order lines aggregated over the two periods.
 */
function periodCustomers(f: LineFilter, p: TwoPeriods, servedByCustomerDay: boolean): SQL {
  const window: LineFilter = { ...f, from: p.previousFrom, to: p.to };
  if (servedByCustomerDay) {
    const cur = sql`cd.day >= ${p.currentFrom}::date`;
    return sql`select cd.customer_id, coalesce(sum(cd.revenue) filter (where not ${cur}), 0) as previous,
                      coalesce(sum(cd.revenue) filter (where ${cur}), 0) as current
               from customer_day cd where ${customerDayWhere(window)}
               group by cd.customer_id`;
  }
  const cur = sql`i.ordered_at >= ${dayStart(p.currentFrom, f.timeZone)}`;
  return sql`select i.customer_id, coalesce(sum(i.amount) filter (where not ${cur}), 0) as previous,
                    coalesce(sum(i.amount) filter (where ${cur}), 0) as current
             from order_items i
             where ${lineWhere(window)}
             group by i.customer_id`;
}

/**
 * True when summing `customer_day` before `day` per customer costs less than the per-customer rollup
 * minus the days since `day` (which sums those days and probes each of their customers for the last
 * earlier day, about twice the work per day): the days before are fewer than twice the days since.
 * Two index probes for the first and last day.
 */
async function historyBeforeIsSmaller(database: Database, day: string): Promise<boolean> {
  const r = await one<{ before: number | null; since: number | null }>(
    database,
    sql`select ${day}::date - (select min(day) from customer_day) as before, (select max(day) from customer_day) - ${day}::date + 1 as since`,
  );
  return r?.before != null && r.since != null && r.before < 2 * r.since;
}

/**
 * Customers who share a last order day and an order count before the current period — all an RFM
 * segment depends on — and the revenue of those of them who bought in the two periods. The row with
 * both null holds the periods' customers whose first order is in the current period.
 * Amounts in 1/10,000 of the currency unit: whole numbers (money has 4 decimals), so sums of them are
 * exact in a double up to 9·10¹¹ currency units and dividing once by 10,000 gives the nearest double
 * to the exact total, whatever the order rows are added in.
 */
export interface HistoryGroupRow {
  /** Last order day before the current period (business day as days since 1970-01-01). */
  lastOrderDay: number | null;
  /** Orders before the current period. */
  orders: number | null;
  /** Customers with this history (0 on the null row). */
  customers: number;
  /** Of them, customers with revenue in the two periods under the filter. */
  buyers: number;
  previousE4: number;
  currentE4: number;
}

/**
 * Every customer with an order before `currentFrom` (whatever the filter) and every customer of the two
 * periods (under the filter), grouped by their history ({@link HistoryGroupRow}) in one statement: the
 * groups are both the histograms the RFM breaks need and the revenue per segment, and no
 * per-customer row leaves the database. History comes without scanning it: the per-customer rollup
 * minus what was ordered since `currentFrom` (only those recent days or lines are aggregated); a
 * customer who ordered since then gets their last earlier order from an index probe on
 * (customer_id, day) or (customer_id, ordered_at); or, when the days before `currentFrom` are the
 * fewer (a period far back), customer_day before it summed per customer. Customers whose first order is on or after
 * `currentFrom` have no history. JIT compilation is off for the statement: the probes inflate the
 * planner's estimate, and compiling would cost more than running it.
 */
export async function historyGroups(database: Database, f: LineFilter, p: TwoPeriods): Promise<HistoryGroupRow[]> {
  const tz = f.timeZone;
  const day = p.currentFrom;
  const start = dayStart(day, tz);
  const [historyFromDays, periodsFromDays] = await Promise.all([
    customerDayServes(database, { timeZone: tz }),
    customerDayServes(database, { ...f, from: p.previousFrom, to: p.to }),
  ]);
  const direct = historyFromDays && (await historyBeforeIsSmaller(database, day));
  const history = direct
    ? sql`history as (
            select customer_id, max(day) - date '1970-01-01' as last_day, sum(orders)::int as orders
            from customer_day where day < ${day}::date group by customer_id)`
    : historyFromDays
    ? sql`recent as (
            select customer_id, sum(orders)::int as orders from customer_day where day >= ${day}::date group by customer_id),
          history as (
            select r.customer_id,
                   case when x.customer_id is null then (r.last_order_at at time zone ${tz})::date
                        else (select max(cd.day) from customer_day cd where cd.customer_id = r.customer_id and cd.day < ${day}::date)
                   end - date '1970-01-01' as last_day,
                   r.orders - coalesce(x.orders, 0) as orders
            from customer_rollup r left join recent x on x.customer_id = r.customer_id
            where r.first_order_at < ${start})`
    : sql`recent as (
            select i.customer_id, count(distinct i.order_id)::int as orders from order_items i where i.ordered_at >= ${start}
            group by i.customer_id),
          history as (
            select r.customer_id,
                   (case when x.customer_id is null then r.last_order_at
                         else (select max(i.ordered_at) from order_items i where i.customer_id = r.customer_id and i.ordered_at < ${start})
                    end at time zone ${tz})::date - date '1970-01-01' as last_day,
                   r.orders - coalesce(x.orders, 0) as orders
            from customer_rollup r left join recent x on x.customer_id = r.customer_id
            where r.first_order_at < ${start})`;
  const query = sql`with ${history}
    select h.last_day as "lastOrderDay", h.orders, count(h.customer_id)::float8 as customers, count(w.customer_id)::float8 as buyers,
           coalesce(round(sum(w.previous) * 10000), 0)::float8 as "previousE4",
           coalesce(round(sum(w.current) * 10000), 0)::float8 as "currentE4"
    from history h full join (${periodCustomers(f, p, periodsFromDays)}) w on w.customer_id = h.customer_id
    group by h.last_day, h.orders`;
  return inTransaction(database, async (tx) => {
    await tx.db.execute(sql`select set_config('jit', 'off', true)`);
    return rows<HistoryGroupRow>(tx, query);
  });
}
