import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { dayStart } from '../sql/line-filter.js';
import { one, rows } from '../sql/run.js';

/**
 * Version of the rollup set the refresh step writes. A database whose last finished refresh wrote an
 * older version (or none) gets a full rebuild whatever `since` says, so an upgrade never leaves new
 * rollups half-built, and reports never read a rollup before a refresh has filled it.
 */
export const ROLLUP_VERSION = 2;

/**
 * Business days `[from, to)` (SALES_TZ) whose order lines are re-aggregated; `to` absent = up to the
 * latest line. Every line-level rollup replaces exactly the rows of these days, so re-imports and
 * corrections stay exact as long as no line before `from` changed.
 */
export interface DayRange {
  from: string;
  to?: string | undefined;
}

/**
 * Sort / hash memory for the refresh transaction's big aggregations, index-build memory for the keys
 * a full rebuild recreates (an index sorted in memory in one pass is several times cheaper than one
 * merged from runs on disk), and no JIT (it costs more than it saves on these one-off statements).
 */
export async function tuneRefreshSession(database: Database): Promise<void> {
  await database.db.execute(
    sql`select set_config('work_mem', '512MB', true), set_config('maintenance_work_mem', '1GB', true), set_config('jit', 'off', true)`,
  );
}

/**
 * Runs `fn` with planner settings changed for the transaction, then restores them. For the statements
 * whose better plan the planner misses (it underestimates the groups of a rebuild's aggregations by an
 * order of magnitude, so it hashes and spills what is cheaper sorted).
 */
async function withSettings<T>(database: Database, settings: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const prev: [string, string][] = [];
  const set = (name: string, value: string) => database.db.execute(sql`select set_config(${name}, ${value}, true)`);
  try {
    for (const [name, value] of Object.entries(settings)) {
      prev.push([name, (await one<{ v: string }>(database, sql`select current_setting(${name}) as v`))!.v]);
      await set(name, value);
    }
    return await fn();
  } finally {
    for (const [name, value] of prev) await set(name, value);
  }
}

/**
 * The rollup version and SALES_TZ the latest finished refresh wrote (version 0 when there is none or it
 * predates versions): an incremental refresh on top of anything else would mix layouts or time zones.
 */
export async function lastRollupState(database: Database): Promise<{ version: number; timeZone: string | null }> {
  const r = await one<{ v: number | null; tz: string | null }>(
    database,
    sql`select (stats->>'rollupVersion')::int as v, stats->>'timeZone' as tz
        from refresh_runs where finished_at is not null order by id desc limit 1`,
  );
  return { version: r?.v ?? 0, timeZone: r?.tz ?? null };
}

/**
 * The big line-level rollups built from the staged orders, rebuilt without keys or indexes (see
 * {@link dropRollupIndexes}). `customer_product` is rebuilt the same way but on its own (see
 * {@link rebuildCustomerProducts}).
 */
export const BULK_TABLES = ['daily_sales', 'customer_day'];
/** The per-customer rollup, rebuilt from `customer_day` after it the same way. */
export const CUSTOMER_TABLES = ['customer_rollup'];
/** The smaller ones, emptied with delete so readers keep their view until the rebuild commits. */
const SMALL_TABLES = ['product_day', 'hourly_sales', 'basket_block_counts', 'basket_month_counts'];

const tableList = (tables: readonly string[]): SQL => sql.join(tables.map((t) => sql.identifier(t)), sql`, `);

/** Empties the line-level rollups (but `customer_product`) and `customer_rollup` before a full rebuild. */
export async function clearLineRollups(database: Database): Promise<void> {
  // The big ones are locked for the rebuild anyway (their indexes are dropped), so truncate: no dead rows.
  await database.db.execute(sql`truncate ${tableList([...BULK_TABLES, ...CUSTOMER_TABLES])}`);
  for (const table of SMALL_TABLES) await database.db.execute(sql`delete from ${sql.identifier(table)}`);
}

/** Fresh planner statistics after a full rebuild: for every line-level rollup, or for `tables`. */
export async function analyzeLineRollups(database: Database, tables: readonly string[] = [...BULK_TABLES, ...SMALL_TABLES]): Promise<void> {
  await database.db.execute(sql`analyze ${tableList(tables)}`);
}

/** First and last business day with an order line, YYYY-MM-DD (two index probes), or undefined. */
export async function lineDays(database: Database, timeZone: string): Promise<{ first: string; last: string } | undefined> {
  const r = await one<{ first: string | null; last: string | null }>(
    database,
    sql`select to_char((select min(ordered_at) from order_items) at time zone ${timeZone}, 'YYYY-MM-DD') as first,
               to_char((select max(ordered_at) from order_items) at time zone ${timeZone}, 'YYYY-MM-DD') as last`,
  );
  return r?.first && r.last ? { first: r.first, last: r.last } : undefined;
}

/** The business day of an instant (ISO) in `timeZone`. */
export async function businessDayOf(database: Database, instant: string, timeZone: string): Promise<string> {
  const r = await one<{ day: string }>(database, sql`select to_char(${instant}::timestamptz at time zone ${timeZone}, 'YYYY-MM-DD') as day`);
  return r!.day;
}

function lineRange(range: DayRange, timeZone: string): SQL {
  const lower = sql`i.ordered_at >= ${dayStart(range.from, timeZone)}`;
  return range.to === undefined ? lower : sql`${lower} and i.ordered_at < ${dayStart(range.to, timeZone)}`;
}

function dayRange(column: SQL, range: DayRange): SQL {
  const lower = sql`${column} >= ${range.from}::date`;
  return range.to === undefined ? lower : sql`${lower} and ${column} < ${range.to}::date`;
}

/** Runs an insert and returns the rows it wrote, from the command tag (a `returning` CTE costs a row each). */
async function count(database: Database, query: SQL): Promise<number> {
  const r = (await database.db.execute(query)) as unknown as { count?: number | null; affectedRows?: number };
  return Number(r.count ?? r.affectedRows ?? 0);
}

/**
 * How a line-level rollup replaces a range: `fresh` when the range is known to be empty (a full
 * rebuild cleared the table), so the delete is skipped.
 */
export interface ReplaceOptions {
  fresh: boolean;
}

/**
 * Replaces `daily_sales` rows of the range (day × salesman × product × the customer's current region;
 * orders are distinct orders) from the range's order lines and their orders staged in `refresh_orders`
 * (see {@link stageOrders}, which must run first): a line has its order's time, customer and salesman,
 * so the day, salesman and region come from the staged order, not from hashing every customer again.
 * With `trackProducts`, the change of each product's totals is added to the session's
 * `refresh_product_delta` temp table (see {@link refreshProductRollup}).
 */
export async function replaceDailySales(
  database: Database,
  range: DayRange,
  timeZone: string,
  opts: ReplaceOptions & { trackProducts: boolean },
): Promise<number> {
  if (opts.trackProducts) {
    await database.db.execute(sql`
      with old as (delete from daily_sales d where ${dayRange(sql`d.day`, range)} returning product_id, orders, units, revenue)
      insert into refresh_product_delta (product_id, orders, units, revenue)
      select product_id, -sum(orders), -sum(units), -sum(revenue) from old group by product_id`);
  } else if (!opts.fresh) {
    await database.db.execute(sql`delete from daily_sales d where ${dayRange(sql`d.day`, range)}`);
  }
  const insert = sql`insert into daily_sales (day, salesman_id, product_id, region, orders, units, revenue)
    select o.day, o.salesman_id, i.product_id, o.region, count(distinct i.order_id)::int, sum(i.quantity), sum(i.amount)
    from order_items i join refresh_orders o on o.order_id = i.order_id
    where ${lineRange(range, timeZone)}
    group by 1, 2, 3, 4`;
  if (!opts.trackProducts) return count(database, insert);
  const r = await one<{ n: number }>(
    database,
    sql`with ins as (${insert} returning product_id, orders, units, revenue),
        delta as (insert into refresh_product_delta (product_id, orders, units, revenue)
                  select product_id, sum(orders), sum(units), sum(revenue) from ins group by product_id returning 1)
        select (select count(*)::int from ins) as n, (select count(*) from delta) as d`,
  );
  return r?.n ?? 0;
}

/**
 * Fills the session temp table `refresh_orders` with one row per order of the range: time, business
 * day, customer, the customer's region, salesman (0 = none), net revenue and distinct products. The
 * other line-level rollups are aggregated from it (daily_sales joins it to the lines for the
 * order-level columns), so the range's lines are grouped and their customers looked up once for all;
 * it may start earlier than their own ranges (basket blocks start on a block's first day), they filter.
 */
export async function stageOrders(database: Database, range: DayRange, timeZone: string, opts: ReplaceOptions): Promise<number> {
  await database.db.execute(sql`
    create temp table if not exists refresh_orders (
      order_id bigint not null, ordered_at timestamptz not null, day date not null, customer_id int not null,
      salesman_id int not null, region text not null, revenue numeric not null, items int[] not null
    ) on commit drop`);
  await database.db.execute(sql`truncate refresh_orders`);
  // A rebuild's chunk has orders of most customers: one hash of them all. A few days of new orders
  // have a few: one key probe each (the planner would hash every customer for them too).
  const region = opts.fresh ? sql`c.region` : sql`(select c.region from customers c where c.id = o.customer_id)`;
  return count(
    database,
    sql`insert into refresh_orders
        select o.order_id, o.ordered_at, (o.ordered_at at time zone ${timeZone})::date, o.customer_id, coalesce(o.salesman_id, 0),
               coalesce(${region}, ''), o.revenue, o.items
        from (
          select i.order_id, min(i.ordered_at) as ordered_at, min(i.customer_id) as customer_id, min(i.salesman_id) as salesman_id,
                 sum(i.amount) as revenue, array_agg(distinct i.product_id order by i.product_id) as items
          from order_items i where ${lineRange(range, timeZone)}
          group by i.order_id
        ) o${opts.fresh ? sql` left join customers c on c.id = o.customer_id` : sql``}`,
  );
}

/** Replaces `hourly_sales` rows of the range (day × hour in SALES_TZ × salesman × region) from `refresh_orders`. */
export async function replaceHourlySales(database: Database, range: DayRange, timeZone: string, opts: ReplaceOptions): Promise<number> {
  if (!opts.fresh) await database.db.execute(sql`delete from hourly_sales h where ${dayRange(sql`h.day`, range)}`);
  return count(
    database,
    sql`insert into hourly_sales (day, hour, salesman_id, region, orders, revenue)
        select o.day, extract(hour from o.ordered_at at time zone ${timeZone})::int, o.salesman_id, o.region, count(*)::int, sum(o.revenue)
        from refresh_orders o where o.day >= ${range.from}::date
        group by 1, 2, 3, 4`,
  );
}

/**
 * Replaces `customer_day` rows of the range from `refresh_orders`. Sorted, not hashed: nearly every
 * order is a group of its own, and a hash table of that many numeric sums costs more than the sort.
 */
export async function replaceCustomerDays(database: Database, range: DayRange, opts: ReplaceOptions): Promise<number> {
  if (!opts.fresh) await database.db.execute(sql`delete from customer_day c where ${dayRange(sql`c.day`, range)}`);
  const insert = sql`insert into customer_day (customer_id, day, salesman_id, orders, revenue, first_order_at, last_order_at)
    select o.customer_id, o.day, o.salesman_id, count(*)::int, sum(o.revenue), min(o.ordered_at), max(o.ordered_at)
    from refresh_orders o where o.day >= ${range.from}::date
    group by 1, 2, 3`;
  return withSettings(database, { enable_hashagg: 'off' }, () => count(database, insert));
}

/**
 * Drops the keys and indexes of the big line-level rollups before a full rebuild and returns the
 * statements that recreate them from their own definitions: building an index once is several times
 * cheaper than maintaining it row by row. Dropping takes the tables' exclusive lock until the refresh
 * commits, so readers of those tables wait for a full rebuild (never for an incremental one).
 */
export async function dropRollupIndexes(database: Database, tables: readonly string[]): Promise<string[]> {
  const keys = await rows<{ tbl: string; name: string; def: string }>(
    database,
    sql`select c.relname as tbl, k.conname as name, pg_get_constraintdef(k.oid) as def
        from pg_constraint k join pg_class c on c.oid = k.conrelid
        where k.contype = 'p' and c.relname in ${tables} and c.relnamespace = current_schema()::regnamespace`,
  );
  const indexes = await rows<{ name: string; def: string }>(
    database,
    sql`select indexname as name, indexdef as def from pg_indexes
        where schemaname = current_schema() and tablename in ${tables}
          and indexname not in (select conname from pg_constraint)`,
  );
  for (const i of indexes) await database.db.execute(sql`drop index ${sql.identifier(i.name)}`);
  for (const k of keys) await database.db.execute(sql`alter table ${sql.identifier(k.tbl)} drop constraint ${sql.identifier(k.name)}`);
  return [
    ...keys.map((k) => `alter table "${k.tbl}" add constraint "${k.name}" ${k.def}`),
    ...indexes.map((i) => i.def),
  ];
}

export async function createRollupIndexes(database: Database, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await database.db.execute(sql.raw(statement));
}

/**
 * Replaces `product_day` rows from `daily_sales` (summed over salesmen and regions): the days of the
 * range, or (without one, after a full rebuild of daily_sales) all of them in one pass.
 */
export async function replaceProductDays(database: Database, range: DayRange | undefined): Promise<number> {
  if (range) await database.db.execute(sql`delete from product_day p where ${dayRange(sql`p.day`, range)}`);
  return count(
    database,
    sql`insert into product_day (day, product_id, units, revenue)
        select d.day, d.product_id, sum(d.units), sum(d.revenue) from daily_sales d where ${range ? dayRange(sql`d.day`, range) : sql`true`}
        group by 1, 2`,
  );
}

/**
 * Brings `customer_product` up to date from a day (see {@link rebuildCustomerProducts} for all of it):
 * pairs first bought on or after it are the only ones lines from that day on can change, so they
 * are deleted (they belong to the customers in `refresh_customers`, see {@link stageCustomers}, found
 * through the key) and re-added from the orders staged in `refresh_orders` (see {@link stageOrders}),
 * keeping any pair the customer had already bought before.
 */
export async function refreshCustomerProducts(database: Database, from: string): Promise<number> {
  await database.db.execute(sql`
    delete from customer_product where customer_id = any(${REFRESH_CUSTOMERS}) and first_day >= ${from}::date`);
  return count(
    database,
    sql`insert into customer_product (customer_id, product_id, first_day)
        select o.customer_id, p.product_id, min(o.day)
        from refresh_orders o, unnest(o.items) as p(product_id)
        where o.day >= ${from}::date
        group by 1, 2
        on conflict (customer_id, product_id) do nothing`,
  );
}

/**
 * Rebuilds all of `customer_product` from the order lines: emptied, its key dropped, refilled in one
 * sorted pass over every line with the earliest line of each pair kept (about one pair per line, so
 * sorting beats a hash table that size; the pair is sorted as one 64-bit key, customer then product,
 * which is the table's key order for ids ≥ 0, so the rows go in in key order, which makes the key's
 * index cheap to build and a customer's pairs adjacent), the key rebuilt and the table analyzed.
 * Reads nothing but `order_items`, so it may run in a transaction of its own beside the rest of a
 * full rebuild (the table stays locked until that transaction ends). Returns the pairs written.
 */
export async function rebuildCustomerProducts(database: Database, timeZone: string): Promise<number> {
  await database.db.execute(sql`truncate customer_product`);
  const indexes = await dropRollupIndexes(database, ['customer_product']);
  const pair = sql`(i.customer_id::int8 << 32 | i.product_id::int8)`;
  const n = await count(
    database,
    sql`insert into customer_product (customer_id, product_id, first_day)
        select f.customer_id, f.product_id, (f.ordered_at at time zone ${timeZone})::date
        from (select distinct on (${pair}) i.customer_id, i.product_id, i.ordered_at
              from order_items i order by ${pair}, i.ordered_at) f`,
  );
  await createRollupIndexes(database, indexes);
  await analyzeLineRollups(database, ['customer_product']);
  return n;
}

/**
 * Per-customer rollup columns from `customer_day` rows `cd` of the customers in `who` (an int array, or
 * every customer). Buying days and gaps follow `customerPurchaseStats`. One sorted pass: the
 * customer's days in order, each buying day's gap to the buying day before it (the latest earlier
 * buying day: days are distinct), then one group per customer. Columns of buying days are null for a
 * customer without one.
 */
function customerRollupSelect(who: SQL | undefined): SQL {
  const scope = who === undefined ? sql`true` : sql`cd.customer_id = any(${who})`;
  const buying = sql`revenue >= 0`;
  return sql`with days as (
        select customer_id, day, sum(orders)::int as orders, sum(revenue) as revenue,
               min(first_order_at) as first_order_at, max(last_order_at) as last_order_at
        from customer_day cd where ${scope}
        group by customer_id, day
      ),
      gaps as (
        select d.*, case when d.${buying} then d.day - max(d.day) filter (where d.${buying})
                      over (partition by d.customer_id order by d.day rows between unbounded preceding and 1 preceding) end as gap
        from days d
      )
      select customer_id, min(first_order_at), max(last_order_at), sum(orders)::int, count(*)::int, sum(revenue),
             min(day) filter (where ${buying}), max(day) filter (where ${buying}),
             nullif(count(*) filter (where ${buying}), 0)::int, (sum(orders) filter (where ${buying}))::int,
             case when bool_or(${buying}) then coalesce(sum(revenue) filter (where gap is not null), 0) end,
             percentile_cont(0.5) within group (order by gap) filter (where gap is not null),
             percentile_cont(0.9) within group (order by gap) filter (where gap is not null),
             now()
      from gaps group by customer_id`;
}

const CUSTOMER_ROLLUP_COLUMNS = sql`(customer_id, first_order_at, last_order_at, orders, purchase_days, revenue,
  buying_first_day, buying_last_day, buying_days, buying_orders, repeat_revenue, gap_p50_days, gap_p90_days, refreshed_at)`;

/**
 * The customers of `refresh_customers` as one array: `key = any(…)` probes the key's index once per
 * customer, where a join may merge the whole index with them (the big rollups are in key order).
 */
const REFRESH_CUSTOMERS = sql`array(select customer_id from refresh_customers)`;

/**
 * Fills the temp table `refresh_customers` with the customers whose rollups lines from `from` on can
 * change: those with a day on or after `from` now (customer_day is already replaced) or before the
 * change (their old last order, in customer_rollup, is on or after it). Every pair of customer_product
 * first bought on or after `from` is one of theirs.
 */
export async function stageCustomers(database: Database, from: string, timeZone: string): Promise<void> {
  await database.db.execute(sql`
    create temp table refresh_customers on commit drop as
    select customer_id from customer_day where day >= ${from}::date
    union
    select customer_id from customer_rollup where last_order_at >= ${dayStart(from, timeZone)}`);
}

/**
 * Rebuilds `customer_rollup` from `customer_day`: every customer (into the table a full rebuild
 * emptied), or (with `from`) the customers in `refresh_customers` (see {@link stageCustomers}), which it
 * drops. Returns the number of customers written.
 */
export async function refreshCustomerRollup(database: Database, from: string | undefined): Promise<number> {
  if (from === undefined) {
    // Emptied by clearLineRollups, keys dropped (see dropRollupIndexes). One sort of customer_day: a
    // hash of every customer's days would spill and the window needs them in order anyway, and its key
    // order is not its row order (it is filled a chunk of days at a time), so no index scan.
    return withSettings(database, { enable_hashagg: 'off', enable_indexscan: 'off' }, () =>
      count(database, sql`insert into customer_rollup ${CUSTOMER_ROLLUP_COLUMNS} ${customerRollupSelect(undefined)}`),
    );
  }
  await database.db.execute(sql`delete from customer_rollup where customer_id = any(${REFRESH_CUSTOMERS})`);
  const n = await count(database, sql`insert into customer_rollup ${CUSTOMER_ROLLUP_COLUMNS} ${customerRollupSelect(REFRESH_CUSTOMERS)}`);
  await database.db.execute(sql`drop table refresh_customers`);
  return n;
}

/** Session temp table collecting per-product changes of `daily_sales` during an incremental refresh. */
export async function startProductDelta(database: Database): Promise<void> {
  await database.db.execute(sql`
    create temp table refresh_product_delta (product_id int not null, orders bigint not null, units numeric not null, revenue numeric not null)
    on commit drop`);
}

/**
 * `product_rollup` from `daily_sales`: all of it, or (after {@link startProductDelta} and tracked
 * replacements) only the products whose daily rows changed, by adding the change to their totals. The
 * last sale time is one index probe per product on order lines. Products left with no lines are removed.
 */
export async function refreshProductRollup(database: Database, mode: 'full' | 'delta'): Promise<number> {
  const lastSold = sql`(select max(i.ordered_at) from order_items i where i.product_id = t.product_id)`;
  if (mode === 'full') {
    await database.db.execute(sql`delete from product_rollup`);
    return count(
      database,
      sql`insert into product_rollup (product_id, last_sold_at, orders, units, revenue, refreshed_at)
          select t.product_id, ${lastSold}, t.orders, t.units, t.revenue, now()
          from (select product_id, sum(orders)::int as orders, sum(units) as units, sum(revenue) as revenue
                from daily_sales group by product_id) t`,
    );
  }
  const r = await one<{ n: number }>(
    database,
    sql`with t as (
          select d.product_id, coalesce(p.orders, 0) + sum(d.orders) as orders, coalesce(p.units, 0) + sum(d.units) as units,
                 coalesce(p.revenue, 0) + sum(d.revenue) as revenue
          from refresh_product_delta d left join product_rollup p on p.product_id = d.product_id
          group by d.product_id, p.orders, p.units, p.revenue
        ),
        gone as (delete from product_rollup p using t where p.product_id = t.product_id and ${lastSold} is null returning 1),
        up as (
          insert into product_rollup (product_id, last_sold_at, orders, units, revenue, refreshed_at)
          select t.product_id, ${lastSold}, t.orders::int, t.units, t.revenue, now() from t where ${lastSold} is not null
          on conflict (product_id) do update set
            last_sold_at = excluded.last_sold_at, orders = excluded.orders, units = excluded.units,
            revenue = excluded.revenue, refreshed_at = excluded.refreshed_at
          returning 1
        )
        select (select count(*)::int from up) as n, (select count(*) from gone) as g`,
  );
  await database.db.execute(sql`drop table refresh_product_delta`);
  return r?.n ?? 0;
}

/** Opens a refresh run; its stats name the rollup version and time zone being written (see {@link rollupsMatch}). */
export async function startRefreshRun(database: Database, trigger: string, timeZone: string): Promise<number> {
  const stats = JSON.stringify({ rollupVersion: ROLLUP_VERSION, timeZone });
  const r = await one<{ id: number }>(database, sql`insert into refresh_runs (trigger, stats) values (${trigger}, ${stats}::jsonb) returning id`);
  return r!.id;
}

/**
 * True when the rollups hold this version's layout in `timeZone`: the newest visible refresh run (a
 * run and its rollups commit together, and inside a refresh its own run is the newest) wrote them.
 * Otherwise (no refresh yet, an upgrade not yet refreshed, SALES_TZ changed since) reports must read
 * order lines. One primary-key probe.
 */
export async function rollupsMatch(database: Database, timeZone: string): Promise<boolean> {
  const r = await one<{ v: number | null; tz: string | null }>(
    database,
    sql`select (stats->>'rollupVersion')::int as v, stats->>'timeZone' as tz from refresh_runs order by id desc limit 1`,
  );
  return r?.v === ROLLUP_VERSION && r.tz === timeZone;
}

export async function finishRefreshRun(database: Database, id: number, stats: Record<string, number>, timeZone: string): Promise<void> {
  await database.db.execute(
    sql`update refresh_runs set finished_at = now(), stats = ${JSON.stringify({ ...stats, timeZone })}::jsonb where id = ${id}`,
  );
}

/** Months (first days, YYYY-MM-DD) from the month of `from` to the month of `last`, for chunked rebuilds. */
export async function monthStarts(database: Database, from: string, last: string): Promise<string[]> {
  const r = await rows<{ m: string }>(
    database,
    sql`select to_char(g, 'YYYY-MM-DD') as m
        from generate_series(date_trunc('month', ${from}::date::timestamp), date_trunc('month', ${last}::date::timestamp), interval '1 month') g`,
  );
  return r.map((x) => x.m);
}
