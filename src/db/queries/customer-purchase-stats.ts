import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { customerDayFacts, customerDayServes, customerRollupServes, customerRollupServesUntouched, rollupCustomerWhere } from './customer-day-source.js';
import { dayEnd, lineWhere, type LineFilter } from '../sql/line-filter.js';
import { numberColumns } from '../sql/number-columns.js';
import { rows } from '../sql/run.js';

/**
 * One customer's purchase history folded into the inputs of BG/NBD, Gamma-Gamma and the churn rule.
 * Days are calendar days in the business time zone.
 */
export interface CustomerPurchaseStatsRow {
  customerId: string;
  name: string;
  /** Owner (customers.salesman_id) as the portal's id and name; null when unassigned. */
  salesmanId: string | null;
  salesmanName: string | null;
  /** YYYY-MM-DD of the first and last purchase day. */
  firstDay: string;
  lastDay: string;
  /** Distinct purchase days (days with a net total ≥ 0; see {@link customerPurchaseStats}). */
  purchaseDays: number;
  /** Distinct orders on those days. */
  orders: number;
  /** last − first purchase day, and as-of − first / − last purchase day, in calendar days. */
  spanDays: number;
  ageDays: number;
  daysSinceLast: number;
  /** Sum of the repeat purchase days' totals (every purchase day but the first) and their count. */
  repeatRevenue: number;
  repeatDays: number;
  /** Net revenue of every line in the window, refund days included. */
  revenue: number;
  /** Median and 90th percentile (type 7, `percentile_cont`) of the gaps between purchase days; null with one day. */
  gapP50Days: number | null;
  gapP90Days: number | null;
}

/**
 * A sub-select of one row per customer with a purchase: `(customer_id, first_day, last_day,
 * purchase_days, orders, repeat_revenue, revenue, gap_p50, gap_p90)`, the facts of
 * {@link CustomerPurchaseStatsRow} before names and as-of differences. Reads the per-customer rollup when
 * it is the whole answer, the rollup plus the days of customers with a later order for an earlier end
 * day (as-of), else day totals from `customer_day` or the order lines.
 */
async function perCustomerFacts(database: Database, f: LineFilter): Promise<SQL> {
  const fromRollup = (where: SQL): SQL => sql`select r.customer_id, r.buying_first_day as first_day, r.buying_last_day as last_day,
                      r.buying_days as purchase_days, r.buying_orders as orders,
                      r.repeat_revenue, r.revenue, r.gap_p50_days as gap_p50, r.gap_p90_days as gap_p90
               from customer_rollup r
               where r.buying_days is not null and ${rollupCustomerWhere(f)} and ${where}`;
  // All history to the latest order: the per-customer rollup holds these very statistics.
  if (await customerRollupServes(database, f)) return fromRollup(sql`true`);
  // An earlier end day (as-of): customers without an order after it keep their rollup row as it is;
  // only those with a later order (found through the rollup's last-order index) are recomputed from
  // their days. A month back that is a tenth of the customers instead of all of them.
  if (f.to && (await customerRollupServesUntouched(database, f))) {
    const cut = dayEnd(f.to, f.timeZone);
    // Customers who had bought by then (the others have no day to recompute) under the region and
    // customer filters: as few key probes as possible when the end day is early.
    const later = sql`select r.customer_id from customer_rollup r
                      where r.last_order_at >= ${cut} and r.first_order_at < ${cut} and ${rollupCustomerWhere(f)}`;
    const dayTotals = sql`select cd.customer_id, cd.day, cd.revenue as total, cd.orders from (${customerDayFacts(f, later)}) cd`;
    return sql`${fromRollup(sql`r.last_order_at < ${cut}`)}
               union all
               select * from (${factsFromDays(dayTotals)}) recomputed`;
  }
  // Customer-level filters over any window: day totals from customer_day instead of the lines.
  const dayTotals = (await customerDayServes(database, f))
    ? sql`select cd.customer_id, cd.day, cd.revenue as total, cd.orders from (${customerDayFacts(f)}) cd`
    : sql`select i.customer_id, (i.ordered_at at time zone ${f.timeZone})::date as day,
                 sum(i.amount) as total, count(distinct i.order_id) as orders
          from order_items i
          where ${lineWhere(f)}
          group by 1, 2`;
  return factsFromDays(dayTotals);
}

/**
 * The facts of {@link perCustomerFacts} from per-(customer, day) totals `(customer_id, day, total,
 * orders)`: buying days are those with a net total ≥ 0, gaps run between consecutive buying days.
 */
function factsFromDays(dayTotals: SQL): SQL {
  // One sort by customer and day: each buying day's gap to the latest earlier buying day (a window over
  // every day, so refund days stay in for the net revenue), then one group per customer, as the
  // per-customer rollup is built (customer-rollup.ts); a second pass over the days for the net revenue
  // cost as much again.
  const buying = sql`total >= 0`;
  return sql`select customer_id,
                    min(day) filter (where ${buying}) as first_day, max(day) filter (where ${buying}) as last_day,
                    (count(*) filter (where ${buying}))::int as purchase_days, (sum(orders) filter (where ${buying}))::int as orders,
                    coalesce(sum(total) filter (where gap is not null), 0) as repeat_revenue,
                    sum(total) as revenue,
                    percentile_cont(0.5) within group (order by gap) as gap_p50,
                    percentile_cont(0.9) within group (order by gap) as gap_p90
             from (select d.customer_id, d.day, d.total, d.orders,
                          case when d.${buying} then d.day - max(d.day) filter (where d.${buying})
                            over (partition by d.customer_id order by d.day rows between unbounded preceding and 1 preceding) end as gap
                   from (${dayTotals}) d) g
             group by customer_id
             having bool_or(${buying})`;
}

/**
 * Per-customer purchase statistics, aggregated in Postgres so Node receives one row per customer (not one
 * per purchase day) however long the history. Row objects with names: for a few customers (the drill);
 * a report over every customer reads {@link customerPurchaseColumns}.
 *
 * Lines are merged per customer and business day. A day whose net total is negative (only returns) is
 * not a purchase: it does not count as a transaction, in recency or in the gaps, though its amount still
 * lowers `revenue`. Zero-value days count (free or fully discounted orders are still visits).
 * Gaps come from `lag()` over each customer's purchase days; `percentile_cont` interpolates linearly
 * between order statistics at position p·(n−1), i.e. R's type-7 quantile.
 *
 * Filters apply to lines; the caller passes `to` = the as-of day so later orders are ignored.
 */
export async function customerPurchaseStats(
  database: Database,
  f: LineFilter,
  asOf: string,
): Promise<CustomerPurchaseStatsRow[]> {
  return rows<CustomerPurchaseStatsRow>(
    database,
    sql`select c.external_id as "customerId", c.name,
               s.external_id as "salesmanId", s.name as "salesmanName",
               to_char(p.first_day, 'YYYY-MM-DD') as "firstDay",
               to_char(p.last_day, 'YYYY-MM-DD') as "lastDay",
               p.purchase_days as "purchaseDays", p.orders,
               (p.last_day - p.first_day) as "spanDays",
               (${asOf}::date - p.first_day) as "ageDays",
               (${asOf}::date - p.last_day) as "daysSinceLast",
               p.repeat_revenue::float8 as "repeatRevenue",
               (p.purchase_days - 1) as "repeatDays",
               p.revenue::float8 as revenue,
               p.gap_p50 as "gapP50Days", p.gap_p90 as "gapP90Days"
        from (${await perCustomerFacts(database, f)}) p
        join customers c on c.id = p.customer_id
        left join salesmen s on s.id = c.salesman_id
        order by c.external_id`,
  );
}

/**
 * The numbers of {@link CustomerPurchaseStatsRow} for every customer, column-wise, keyed by customers.id
 * (names come later, from `customerLabels`, for the customers a report lists). Same definitions; money
 * and gaps are exactly the doubles the row query returns. Rows ascending by customers.id, so sums over
 * them come out the same however Postgres produced the rows (rollup or order lines, parallel or not).
 */
export interface CustomerPurchaseColumns {
  length: number;
  /** customers.id */
  id: Float64Array;
  purchaseDays: Float64Array;
  orders: Float64Array;
  spanDays: Float64Array;
  ageDays: Float64Array;
  daysSinceLast: Float64Array;
  repeatRevenue: Float64Array;
  revenue: Float64Array;
  /** NaN where the row query gives null (one purchase day). */
  gapP50Days: Float64Array;
  gapP90Days: Float64Array;
}

/** Columns of {@link customerPurchaseColumns}'s query, in order; spanDays is derived. */
const FIELDS = ['id', 'purchaseDays', 'orders', 'ageDays', 'daysSinceLast', 'repeatRevenue', 'revenue', 'gapP50Days', 'gapP90Days'] as const;

/**
 * Per-customer purchase statistics of every customer in the filter (see {@link customerPurchaseStats})
 * as typed columns (see {@link numberColumns}), for models that score a million customers.
 */
export async function customerPurchaseColumns(database: Database, f: LineFilter, asOf: string): Promise<CustomerPurchaseColumns> {
  const parsed = await numberColumns(
    database,
    sql`select p.customer_id as id, p.purchase_days as "purchaseDays", p.orders,
               ${asOf}::date - p.first_day as "ageDays", ${asOf}::date - p.last_day as "daysSinceLast",
               p.repeat_revenue as "repeatRevenue", p.revenue, p.gap_p50 as "gapP50Days", p.gap_p90 as "gapP90Days"
        from (${await perCustomerFacts(database, f)}) p`,
    FIELDS,
  );
  const col = (name: (typeof FIELDS)[number]): Float64Array => parsed.columns[name];
  const ageDays = col('ageDays');
  const daysSinceLast = col('daysSinceLast');
  const spanDays = new Float64Array(parsed.length);
  for (let i = 0; i < parsed.length; i++) spanDays[i] = (ageDays[i] as number) - (daysSinceLast[i] as number);
  return {
    length: parsed.length,
    id: col('id'),
    purchaseDays: col('purchaseDays'),
    orders: col('orders'),
    spanDays,
    ageDays,
    daysSinceLast,
    repeatRevenue: col('repeatRevenue'),
    revenue: col('revenue'),
    gapP50Days: col('gapP50Days'),
    gapP90Days: col('gapP90Days'),
  };
}

