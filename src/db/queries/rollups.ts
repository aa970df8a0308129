import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { one } from './run.js';

/**
 * Rollups are rebuilt for everything touched since `since` (the earliest order time an import wrote),
 * or for everything when `since` is absent. A customer or product touched by a new line gets its whole
 * history re-aggregated through its (id, ordered_at) index, so re-imports and corrections stay exact.
 */
export interface RollupScope {
  since?: string | undefined;
  timeZone: string;
}

function touched(column: SQL, since: string | undefined): SQL {
  return since === undefined
    ? sql`select distinct ${column} from order_items`
    : sql`select distinct ${column} from order_items where ordered_at >= ${since}::timestamptz`;
}

export async function refreshCustomerRollup(database: Database, scope: RollupScope): Promise<number> {
  const result = await one<{ n: number }>(
    database,
    sql`with affected as (${touched(sql`customer_id`, scope.since)}),
      agg as (
        select i.customer_id,
               min(i.ordered_at) as first_order_at,
               max(i.ordered_at) as last_order_at,
               count(distinct i.order_id)::int as orders,
               count(distinct (i.ordered_at at time zone ${scope.timeZone})::date)::int as purchase_days,
               sum(i.amount) as revenue
        from order_items i join affected a on a.customer_id = i.customer_id
        group by i.customer_id
      ),
      up as (
        insert into customer_rollup (customer_id, first_order_at, last_order_at, orders, purchase_days, revenue, refreshed_at)
        select customer_id, first_order_at, last_order_at, orders, purchase_days, revenue, now() from agg
        on conflict (customer_id) do update set
          first_order_at = excluded.first_order_at, last_order_at = excluded.last_order_at,
          orders = excluded.orders, purchase_days = excluded.purchase_days,
          revenue = excluded.revenue, refreshed_at = excluded.refreshed_at
        returning 1
      )
      select count(*)::int as n from up`,
  );
  return result?.n ?? 0;
}

export async function refreshProductRollup(database: Database, scope: RollupScope): Promise<number> {
  const result = await one<{ n: number }>(
    database,
    sql`with affected as (${touched(sql`product_id`, scope.since)}),
      agg as (
        select i.product_id,
               max(i.ordered_at) as last_sold_at,
               count(distinct i.order_id)::int as orders,
               sum(i.quantity) as units,
               sum(i.amount) as revenue
        from order_items i join affected a on a.product_id = i.product_id
        group by i.product_id
      ),
      up as (
        insert into product_rollup (product_id, last_sold_at, orders, units, revenue, refreshed_at)
        select product_id, last_sold_at, orders, units, revenue, now() from agg
        on conflict (product_id) do update set
          last_sold_at = excluded.last_sold_at, orders = excluded.orders, units = excluded.units,
          revenue = excluded.revenue, refreshed_at = excluded.refreshed_at
        returning 1
      )
      select count(*)::int as n from up`,
  );
  return result?.n ?? 0;
}

/** Business days (in SALES_TZ) from the day of `since` on are replaced as a whole. */
export async function refreshDailySales(database: Database, scope: RollupScope): Promise<number> {
  const tz = scope.timeZone;
  const fromDay =
    scope.since === undefined ? sql`'-infinity'::date` : sql`(${scope.since}::timestamptz at time zone ${tz})::date`;
  await database.db.execute(sql`delete from daily_sales where day >= ${fromDay}`);
  const lower =
    scope.since === undefined ? sql`true` : sql`i.ordered_at >= (${fromDay}::timestamp at time zone ${tz})`;
  const result = await one<{ n: number }>(
    database,
    sql`with ins as (
        insert into daily_sales (day, salesman_id, product_id, orders, units, revenue)
        select (i.ordered_at at time zone ${tz})::date, coalesce(i.salesman_id, 0), i.product_id,
               count(distinct i.order_id)::int, sum(i.quantity), sum(i.amount)
        from order_items i
        where ${lower}
        group by 1, 2, 3
        returning 1
      )
      select count(*)::int as n from ins`,
  );
  return result?.n ?? 0;
}

export async function startRefreshRun(database: Database, trigger: string): Promise<number> {
  const r = await one<{ id: number }>(database, sql`insert into refresh_runs (trigger) values (${trigger}) returning id`);
  return r!.id;
}

export async function finishRefreshRun(database: Database, id: number, stats: Record<string, number>): Promise<void> {
  await database.db.execute(
    sql`update refresh_runs set finished_at = now(), stats = ${JSON.stringify(stats)}::jsonb where id = ${id}`,
  );
}
