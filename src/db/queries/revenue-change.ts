import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { inTransaction } from '../transaction.js';
import { customerDayServes, customerDayWhere } from './customer-day-source.js';
import { productDayServes } from './product-day-source.js';
import { dailyServes, dailyWhere } from '../sql/daily-filter.js';
import { dailyFacts } from '../sql/daily-source.js';
import { dayStart, lineWhere, type LineFilter } from '../sql/line-filter.js';
import { rows } from '../sql/run.js';
import { stateEvents } from '../rollups/customer-history.js';

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
 * each summed exactly in SQL; salesman rows carry revenue only (units 0: the report uses units per
 * product, for price/volume/mix). With no member filter (a period alone: {@link dayRollupsServe})
 * products come from `product_day` and salesmen from `hourly_sales`, which keep the same exact sums
 * as `daily_sales` in fewer rows (on the wide shape a 180-day window is 89k + 66k rows instead of
 * 180k rows grouped twice, ~3× faster). Otherwise from `daily_sales` when it covers the filter (else
 * from the order lines aggregated per day in SQL): one pass groups the facts by product id and by
 * salesman id (grouping sets on the ids alone: narrow hash keys). Names and categories are joined to
 * those few thousand sums, and categories are sums of their products' exact sums.
 */
export async function dimensionPeriods(database: Database, f: LineFilter, p: TwoPeriods): Promise<DimensionPeriodsRow[]> {
  const cur = sql`b.day >= ${p.currentFrom}::date`;
  const figures = (x: string) =>
    sql.raw(`coalesce(${x}."previousRevenue", 0)::float8 as "previousRevenue", coalesce(${x}."previousQuantity", 0)::float8 as "previousQuantity",
             coalesce(${x}."currentRevenue", 0)::float8 as "currentRevenue", coalesce(${x}."currentQuantity", 0)::float8 as "currentQuantity"`);
  const window: LineFilter = { ...f, from: p.previousFrom, to: p.to };
  if (await dayRollupsServe(database, window)) {
    const hourCur = sql`h.day >= ${p.currentFrom}::date`;
    return rows<DimensionPeriodsRow>(
      database,
      sql`with products_g as (
            select g.*, p.external_id, p.name, p.category
            from (select b.product_id,
                         sum(b.revenue) filter (where not ${cur}) as "previousRevenue", sum(b.units) filter (where not ${cur}) as "previousQuantity",
                         sum(b.revenue) filter (where ${cur}) as "currentRevenue", sum(b.units) filter (where ${cur}) as "currentQuantity"
                  from product_day b where b.day between ${p.previousFrom}::date and ${p.to}::date
                  group by b.product_id) g
            join products p on p.id = g.product_id
          )
          select 'product' as dimension, x.product_id as id, x.external_id as member, x.name, ${figures('x')} from products_g x
          union all
          select 'salesman', null, s.external_id, s.name,
                 coalesce(x."previousRevenue", 0)::float8, 0::float8, coalesce(x."currentRevenue", 0)::float8, 0::float8
          from (select h.salesman_id, sum(h.revenue) filter (where not ${hourCur}) as "previousRevenue", sum(h.revenue) filter (where ${hourCur}) as "currentRevenue"
                from hourly_sales h where h.day between ${p.previousFrom}::date and ${p.to}::date
                group by h.salesman_id) x
          left join salesmen s on s.id = x.salesman_id
          union all
          select 'category', null, x.category, null, ${figures('x')}
          from (select category, sum("previousRevenue") as "previousRevenue", sum("previousQuantity") as "previousQuantity",
                       sum("currentRevenue") as "currentRevenue", sum("currentQuantity") as "currentQuantity"
                from products_g group by category) x`,
    );
  }
  return rows<DimensionPeriodsRow>(
    database,
    sql`with g as (
          select b.product_id, b.salesman_id, grouping(b.product_id) = 0 as by_product,
                 sum(b.revenue) filter (where not ${cur}) as "previousRevenue", sum(b.units) filter (where not ${cur}) as "previousQuantity",
                 sum(b.revenue) filter (where ${cur}) as "currentRevenue", sum(b.units) filter (where ${cur}) as "currentQuantity"
          from (${dailyFacts(f, p.previousFrom, p.to)}) b
          group by grouping sets ((b.product_id), (b.salesman_id))
        ),
        products_g as (select g.*, p.external_id, p.name, p.category from g join products p on p.id = g.product_id where g.by_product)
        select 'product' as dimension, x.product_id as id, x.external_id as member, x.name, ${figures('x')} from products_g x
        union all
        select 'salesman', null, s.external_id, s.name,
               coalesce(x."previousRevenue", 0)::float8, 0::float8, coalesce(x."currentRevenue", 0)::float8, 0::float8
        from g x left join salesmen s on s.id = x.salesman_id where not x.by_product
        union all
        select 'category', null, x.category, null, ${figures('x')}
        from (select category, sum("previousRevenue") as "previousRevenue", sum("previousQuantity") as "previousQuantity",
                     sum("currentRevenue") as "currentRevenue", sum("currentQuantity") as "currentQuantity"
              from products_g group by category) x`,
  );
}

/**
 * True when the day rollups without members answer for the window: `product_day` (per product) and
 * `hourly_sales` (per salesman and region) are built for this zone and the filter is a period alone.
 * A category filter is left to `daily_sales` (hourly_sales has no product); region, salesman, scope and
 * customer filters too (product_day has none of them).
 */
async function dayRollupsServe(database: Database, f: LineFilter): Promise<boolean> {
  return !f.category?.length && (await productDayServes(database, f));
}

export interface RegionPeriodsRow {
  /** The customer's region; null when unknown. */
  region: string | null;
  previous: number;
  current: number;
}

/**
 * Revenue per customer region in both periods, summed exactly in SQL: from `hourly_sales` with no member
 * filter, else from `daily_sales` when it covers the filter (both keyed by the buyer's region when the
 * order was rolled up, '' for none, and grouped from the same staged orders, so their sums are equal) —
 * as {@link dimensionPeriods} does, so regions and products partition the same revenue — else order
 * lines joined to their customers.
 */
export async function regionPeriods(database: Database, f: LineFilter, p: TwoPeriods): Promise<RegionPeriodsRow[]> {
  const window: LineFilter = { ...f, from: p.previousFrom, to: p.to };
  if (await dayRollupsServe(database, window)) {
    const cur = sql`h.day >= ${p.currentFrom}::date`;
    return rows<RegionPeriodsRow>(
      database,
      sql`select nullif(h.region, '') as region,
                 coalesce(sum(h.revenue) filter (where not ${cur}), 0)::float8 as previous,
                 coalesce(sum(h.revenue) filter (where ${cur}), 0)::float8 as current
          from hourly_sales h where h.day between ${p.previousFrom}::date and ${p.to}::date
          group by h.region`,
    );
  }
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
 * What an RFM segment as of the day before the current period depends on, for every customer with an
 * order before `currentFrom` (whatever the filter): the histograms of their last order day and of their
 * order count (which give the RFM breaks), and the customers of the two periods (under the filter)
 * grouped by that state with their revenue. No per-customer row leaves the database.
 * Amounts in 1/10,000 of the currency unit: whole numbers (money has 4 decimals), so sums of them are
 * exact in a double up to 9·10¹¹ currency units and dividing once by 10,000 gives the nearest double
 * to the exact total, whatever the order rows are added in.
 */
export interface CustomerHistory {
  /** Customers per last order day before the current period (business day as days since 1970-01-01). */
  recency: HistogramRow[];
  /** Customers per number of orders before the current period. */
  frequency: HistogramRow[];
  /** The periods' customers with revenue under the filter, per state; both null = first order in the current period. */
  buyers: BuyerGroupRow[];
}

export interface HistogramRow {
  value: number;
  customers: number;
}

export interface BuyerGroupRow {
  lastOrderDay: number | null;
  orders: number | null;
  buyers: number;
  previousE4: number;
  currentE4: number;
}

const EPOCH = sql.raw(`date '1970-01-01'`);

/** Buyers grouped by state, from per-customer rows `s (last_day, orders, previous, current)`. */
const byState = (s: SQL): SQL =>
  sql`select s.last_day as "lastOrderDay", s.orders, count(*)::float8 as buyers,
             coalesce(round(sum(s.previous) * 10000), 0)::float8 as "previousE4",
             coalesce(round(sum(s.current) * 10000), 0)::float8 as "currentE4"
      from (${s}) s group by 1, 2`;

/**
 * Runs a per-customer aggregation with JIT compilation off (estimates of joined per-customer aggregates
 * come out far too high, and compiling would cost more than running the statement) and `work_mem` 64MB
 * for the statement: the hash table of one group of numeric sums per customer of a 180-day window
 * (44k customers on the wide shape) needs about 14MB and spilled to disk in 5 batches at the default
 * 4MB (142 ms instead of ~60 ms); larger populations still spill gracefully past 64MB.
 */
const withoutJit = <T extends object>(database: Database, query: SQL): Promise<T[]> =>
  inTransaction(database, async (tx) => {
    await tx.db.execute(sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`);
    return rows<T>(tx, query);
  });

/**
 * {@link CustomerHistory} in two statements over the window's rows, with no customer's history read
 * when the rollups serve: the histograms are `customer_history_month` summed over the months before
 * `currentFrom`'s month plus the moves of that month's days before it (`customer_day_history`); each
 * period customer's state is on their last `customer_day_history` row before `currentFrom` or, when
 * they have none in the previous period, their first row of the current one (its previous day and
 * earlier orders). The periods' revenue comes from the same rows unless a salesman filter or scope
 * applies (then from `customer_day`) or a category filter (order lines). Without the rollups (not yet
 * built for this version or zone), everything from order lines.
 */
export async function customerHistory(database: Database, f: LineFilter, p: TwoPeriods): Promise<CustomerHistory> {
  const [fromRollups, periodsFromDays] = await Promise.all([
    customerDayServes(database, { timeZone: f.timeZone }),
    customerDayServes(database, { ...f, from: p.previousFrom, to: p.to }),
  ]);
  if (!fromRollups) return historyOfGroups(await historyGroups(database, f, p));
  const day = sql`${p.currentFrom}::date`;
  const month = sql`${p.currentFrom.slice(0, 7) + '-01'}::date`;
  const window: LineFilter = { ...f, from: p.previousFrom, to: p.to };
  // Per customer of the window: the state before the current period (a customer with no earlier
  // order has neither a day before it nor, on their first row, a previous day: last_day null).
  const state = sql`greatest(max(cd.day) filter (where cd.day < ${day}), max(cd.previous_day) filter (where cd.previous_day < ${day})) - ${EPOCH} as last_day,
                    coalesce(max(cd.orders_before + cd.orders) filter (where cd.day < ${day}), min(cd.orders_before)) as orders`;
  const sameRows = periodsFromDays && !f.salesman?.length && f.ownerSalesmanId === undefined;
  const buyers = sameRows
    ? sql`select ${state}, coalesce(sum(cd.revenue) filter (where cd.day < ${day}), 0) as previous,
                 coalesce(sum(cd.revenue) filter (where cd.day >= ${day}), 0) as current
          from customer_day_history cd where ${customerDayWhere(window)}
          group by cd.customer_id`
    : sql`select h.last_day, h.orders, w.previous, w.current
          from (${periodCustomers(f, p, periodsFromDays)}) w
          left join (select cd.customer_id, ${state} from customer_day_history cd
                     where cd.day >= ${p.previousFrom}::date and cd.day <= ${p.to}::date group by cd.customer_id) h on h.customer_id = w.customer_id`;
  const [histograms, groups] = await Promise.all([
    rows<{ kind: number; value: number; customers: number }>(
      database,
      sql`select kind, value, sum(n)::float8 as customers
          from (select kind, value, customers as n from customer_history_month where month < ${month}
                union all
                select kind, value, n from (${stateEvents(sql`h.day >= ${month} and h.day < ${day}`)}) e) x
          group by kind, value having sum(n) <> 0`,
    ),
    withoutJit<BuyerGroupRow>(database, byState(buyers)),
  ]);
  const of = (kind: number) => histograms.filter((h) => h.kind === kind).map(({ value, customers }) => ({ value, customers }));
  return { recency: of(0), frequency: of(1), buyers: groups.map((b) => ({ ...b, orders: b.lastOrderDay === null ? null : b.orders })) };
}

/** {@link CustomerHistory} from groups of customers sharing a history ({@link HistoryGroupRow}). */
function historyOfGroups(groups: readonly HistoryGroupRow[]): CustomerHistory {
  const recency = new Map<number, number>();
  const frequency = new Map<number, number>();
  for (const g of groups) {
    if (g.lastOrderDay === null || g.orders === null) continue;
    recency.set(g.lastOrderDay, (recency.get(g.lastOrderDay) ?? 0) + g.customers);
    frequency.set(g.orders, (frequency.get(g.orders) ?? 0) + g.customers);
  }
  const histogram = (m: Map<number, number>) => [...m].map(([value, customers]) => ({ value, customers }));
  return {
    recency: histogram(recency),
    frequency: histogram(frequency),
    buyers: groups
      .filter((g) => g.buyers > 0)
      .map(({ lastOrderDay, orders, buyers, previousE4, currentE4 }) => ({ lastOrderDay, orders, buyers, previousE4, currentE4 })),
  };
}

/**
 * Customers who share a last order day and an order count before the current period, and the
 * revenue of those of them who bought in the two periods. The row with both null holds the periods'
 * customers whose first order is in the current period. Amounts as in {@link CustomerHistory}.
 */
interface HistoryGroupRow {
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
 * periods (under the filter), grouped by their history ({@link HistoryGroupRow}) in one statement from
 * order lines, for when the rollups do not serve: the per-customer rollup minus what was ordered since
 * `currentFrom` (only those lines are aggregated); a customer who ordered since then gets their last
 * earlier order from an index probe on (customer_id, ordered_at). Customers whose first order is on or
 * after `currentFrom` have no history. JIT compilation is off for the statement (see {@link withoutJit}).
 */
async function historyGroups(database: Database, f: LineFilter, p: TwoPeriods): Promise<HistoryGroupRow[]> {
  const tz = f.timeZone;
  const start = dayStart(p.currentFrom, tz);
  const query = sql`with recent as (
            select i.customer_id, count(distinct i.order_id)::int as orders from order_items i where i.ordered_at >= ${start}
            group by i.customer_id),
          history as (
            select r.customer_id,
                   (case when x.customer_id is null then r.last_order_at
                         else (select max(i.ordered_at) from order_items i where i.customer_id = r.customer_id and i.ordered_at < ${start})
                    end at time zone ${tz})::date - date '1970-01-01' as last_day,
                   r.orders - coalesce(x.orders, 0) as orders
            from customer_rollup r left join recent x on x.customer_id = r.customer_id
            where r.first_order_at < ${start})
    select h.last_day as "lastOrderDay", h.orders, count(h.customer_id)::float8 as customers, count(w.customer_id)::float8 as buyers,
           coalesce(round(sum(w.previous) * 10000), 0)::float8 as "previousE4",
           coalesce(round(sum(w.current) * 10000), 0)::float8 as "currentE4"
    from history h full join (${periodCustomers(f, p, false)}) w on w.customer_id = h.customer_id
    group by h.last_day, h.orders`;
  return withoutJit<HistoryGroupRow>(database, query);
}
