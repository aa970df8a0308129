import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { one, rowsWritten } from '../sql/run.js';

/**
 * `product_rollup` from `daily_sales`: all of it, or (after `startProductDelta` in refresh-staging.ts and tracked
 * replacements) only the products whose daily rows changed, by adding the change to their totals. The
 * last sale time is one index probe per product on order lines. Products left with no lines are removed.
 */
export async function refreshProductRollup(database: Database, mode: 'full' | 'delta'): Promise<number> {
  const lastSold = sql`(select max(i.ordered_at) from order_items i where i.product_id = t.product_id)`;
  if (mode === 'full') {
    await database.db.execute(sql`delete from product_rollup`);
    return rowsWritten(
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
