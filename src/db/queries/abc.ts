import { sql, type SQL } from 'drizzle-orm';
import { dayNumber, isoDay } from '../../analytics/calendar-day.js';
import type { Database } from '../client.js';
import { businessDay, dailyServes, dailyWhere, weekBack } from '../sql/daily-filter.js';
import { lineWhere, type LineFilter } from '../sql/line-filter.js';
import { productDayServes } from './product-day-source.js';
import { WEEK_EPOCH } from '../rollups/product-week-rollup.js';
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
  /** Units of the weeks with non-zero net units, ascending; other weeks (0 units) are left out. */
  weeklyUnits: number[];
}

/**
 * Revenue and weekly units per product over a closed window, weeks counted back from `f.to` (see
 * `weekBack`). Every active, non-placeholder product of the category filter is listed, unsold ones
 * with 0; products sold in the window are listed even when inactive. Served by `product_week` without
 * a salesman / region / customer filter or scope, else by `daily_sales` unless the filter names
 * customers, then by order lines (still aggregated in SQL: one row per product and week).
 */
export async function productWeeklySales(database: Database, f: LineFilter & { from: string; to: string }): Promise<ProductWeeklyRow[]> {
  // product_week is rebuilt with product_day (same refresh, same days): it serves when product_day does.
  const perProduct = (await productDayServes(database, f))
    ? productWeekTotals(f)
    : sql`select product_id, sum(revenue)::float8 as revenue, sum(units)::float8 as units, array_agg(units::float8) as weekly
          from (${
            dailyServes(f)
              ? sql`select d.product_id, ${weekBack(f.to, sql`d.day`)} as wk, sum(d.units) as units, sum(d.revenue) as revenue
                    from daily_sales d where ${dailyWhere(f)} group by 1, 2`
              : sql`select i.product_id, ${weekBack(f.to, businessDay(sql`i.ordered_at`, f.timeZone))} as wk,
                           sum(i.quantity) as units, sum(i.amount) as revenue
                    from order_items i where ${lineWhere(f)} group by 1, 2`
          }) w group by product_id`;
  const category = f.category?.length ? sql`pr.category in ${f.category}` : sql`true`;
  const result = await rows<ProductWeeklyRow & { weeklyUnits: unknown }>(
    database,
    sql`with p as (${perProduct})
        select pr.external_id as "productId", pr.name, pr.category,
               coalesce(p.revenue, 0)::float8 as revenue, coalesce(p.units, 0)::float8 as units,
               coalesce(p.weekly, '{}'::float8[]) as "weeklyUnits"
        from products pr left join p on p.product_id = pr.id
        where (p.product_id is not null or (pr.active and not pr.is_placeholder)) and ${category}`,
  );
  return result.map((r) => ({ ...r, weeklyUnits: weekValues(r.weeklyUnits) }));
}

const mod7 = (n: number): number => ((n % 7) + 7) % 7;

/** Sum of `<prefix>_through_<i>` columns' days lo … hi of a week (0 = Monday), as a difference of two columns. */
function daysSum(prefix: 'units' | 'revenue', lo: number, hi: number): SQL {
  if (hi < lo) return sql`0::numeric`;
  const through = sql.identifier(`${prefix}_through_${hi}`);
  return lo === 0 ? sql`${through}` : sql`(${through} - ${sql.identifier(`${prefix}_through_${lo - 1}`)})`;
}

/**
 * `(product_id, revenue, units, weekly)` over [f.from, f.to] from `product_week`, with weeks counted
 * back from `f.to`. Such a week is the end of one calendar week (its days from weekday `s` on) and the
 * start of the next (days before `s`): with `head` = units of a calendar week's days before `s` and
 * `total` its units (both only over days in the window: the first and last calendar weeks may be cut),
 * each row gives `total − head` plus the next row's `head` when the next row is the next week, and
 * its own `head` alone when the previous week has no row. Every bound is a constant of the request,
 * so each figure is one column or a difference of two. The rows come in key order, so the window
 * function and the per-product aggregation need no hash. Weeks with no units come out as 0 and are
 * dropped with the others (`weekValues`).
 */
function productWeekTotals(f: LineFilter & { from: string; to: string }): SQL {
  const first = dayNumber(f.from);
  const last = dayNumber(f.to);
  const epoch = dayNumber(WEEK_EPOCH);
  const s = mod7(last + 1 - epoch);
  const firstWeek = first - mod7(first - epoch);
  const lastWeek = last - mod7(last - epoch);
  /** head, total and revenue of a calendar week whose days lo … hi are in the window. */
  const figures = (lo: number, hi: number) => ({
    head: daysSum('units', lo, Math.min(s - 1, hi)),
    total: daysSum('units', lo, hi),
    revenue: daysSum('revenue', lo, hi),
  });
  const inner = figures(0, 6);
  const head = figures(first - firstWeek, firstWeek === lastWeek ? last - lastWeek : 6);
  const tail = figures(0, last - lastWeek);
  const pick = (k: 'head' | 'total' | 'revenue') =>
    sql`case week_start when ${isoDay(firstWeek)}::date then ${head[k]} when ${isoDay(lastWeek)}::date then ${tail[k]} else ${inner[k]} end`;
  const category = f.category?.length ? sql`and product_id in (select id from products where category in ${f.category})` : sql``;
  return sql`select product_id, sum(revenue)::float8 as revenue, sum(total)::float8 as units,
                    array_agg((total - head + case when next_week = week_start + 7 then next_head else 0 end)::float8) ||
                    coalesce(array_agg(head::float8) filter (where prev_week is distinct from week_start - 7 and head <> 0), '{}') as weekly
             from (select product_id, week_start, head, total, revenue,
                          lead(week_start) over o as next_week, lead(head) over o as next_head, lag(week_start) over o as prev_week
                   from (select product_id, week_start, ${pick('head')} as head, ${pick('total')} as total, ${pick('revenue')} as revenue
                         from product_week
                         where week_start between ${isoDay(firstWeek)}::date and ${isoDay(lastWeek)}::date ${category}) r
                   window o as (partition by product_id order by week_start)) x
             group by product_id`;
}

/**
 * Weekly units as numbers, zero weeks dropped and ascending: the sources differ in which zero weeks
 * they list and in what order (zero weeks are padded back by the week count, see `abcXyz`), and a
 * fixed order makes the float sums of the dispersion the same whichever source served.
 */
function weekValues(v: unknown): number[] {
  return toNumbers(v)
    .filter((u) => u !== 0)
    .sort((a, b) => a - b);
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
