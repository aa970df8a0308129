import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { businessDay, dailyServes, dailyWhere, weekBack } from '../sql/daily-filter.js';
import { lineWhere, type LineFilter } from '../sql/line-filter.js';
import { productDayServes, productDayWhere } from './product-day-source.js';
import { one, rows } from '../sql/run.js';

export interface ProductWeeklyRow {
  /** Portal id (products.external_id). */
  productId: string;
  name: string;
  category: string | null;
  /** Net revenue in the window (refunds subtract). */
  revenue: number;
  /** Net units in the window. */
  units: number;
  /** Units of each week that had a line, in no particular order; weeks without lines are left out. */
  weeklyUnits: number[];
}

/**
 * Revenue and weekly units per product over a closed window, weeks counted back from `f.to` (see
 * `weekBack`). Every active, non-placeholder product of the category filter is listed, unsold ones
 * with 0; products sold in the window are listed even when inactive. Served by `product_day` without a
 * salesman / region / customer filter or scope, else by `daily_sales` unless the filter names customers,
 * then by order lines (still aggregated in SQL: one row per product and week).
 */
export async function productWeeklySales(database: Database, f: LineFilter & { from: string; to: string }): Promise<ProductWeeklyRow[]> {
  const weekly = (await productDayServes(database, f))
    ? sql`select d.product_id, ${weekBack(f.to, sql`d.day`)} as wk, sum(d.units) as units, sum(d.revenue) as revenue
          from product_day d where ${productDayWhere(f)} group by 1, 2`
    : dailyServes(f)
    ? sql`select d.product_id, ${weekBack(f.to, sql`d.day`)} as wk, sum(d.units) as units, sum(d.revenue) as revenue
          from daily_sales d where ${dailyWhere(f)} group by 1, 2`
    : sql`select i.product_id, ${weekBack(f.to, businessDay(sql`i.ordered_at`, f.timeZone))} as wk,
                 sum(i.quantity) as units, sum(i.amount) as revenue
          from order_items i where ${lineWhere(f)} group by 1, 2`;
  const category = f.category?.length ? sql`pr.category in ${f.category}` : sql`true`;
  const result = await rows<ProductWeeklyRow & { weeklyUnits: unknown }>(
    database,
    sql`with w as (${weekly}),
        p as (select product_id, sum(revenue)::float8 as revenue, sum(units)::float8 as units,
                     array_agg(units::float8) as weekly
              from w group by product_id)
        select pr.external_id as "productId", pr.name, pr.category,
               coalesce(p.revenue, 0)::float8 as revenue, coalesce(p.units, 0)::float8 as units,
               coalesce(p.weekly, '{}'::float8[]) as "weeklyUnits"
        from products pr left join p on p.product_id = pr.id
        where (p.product_id is not null or (pr.active and not pr.is_placeholder)) and ${category}`,
  );
  return result.map((r) => ({ ...r, weeklyUnits: toNumbers(r.weeklyUnits) }));
}

/** Arrays arrive parsed from postgres.js and PGlite; a text literal "{1,2}" is accepted for safety. */
function toNumbers(v: unknown): number[] {
  if (Array.isArray(v)) return v.map(Number);
  if (typeof v === 'string') return v.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
  return [];
}

/** First business day with a sale (from the daily rollup), null when there are no sales. */
export async function firstSaleDay(database: Database): Promise<string | null> {
  const r = await one<{ day: string | null }>(database, sql`select to_char(min(day), 'YYYY-MM-DD') as day from daily_sales`);
  return r?.day ?? null;
}
