import { sql } from 'drizzle-orm';
import { coverWindow } from '../../analytics/day-blocks.js';
import { PairCounter } from '../../analytics/pair-counter.js';
import type { Database } from '../client.js';
import { ALL_REGIONS } from '../schema/rollups.js';
import { orderBaskets, type ProductCatalog } from './baskets.js';
import type { LineFilter } from './line-filter.js';
import { lineDays, rollupsMatch } from './rollups.js';
import { rows } from './run.js';

/** Co-occurrence counts over a window, with dense item indices (see `productCatalog`). */
export interface WindowBasketCounts {
  transactions: number;
  itemCounts: Int32Array;
  /** Unordered pairs a < b (dense indices) with the orders holding both. */
  pairs: { a: number; b: number; count: number }[];
}

/**
 * True when the basket rollups can answer for this filter: they keep business days, the customer's
 * region and products, so a period (from / to / last / as-of) and a region filter are served; a
 * customer, salesman or category filter or a role scope is not: those stream baskets from order lines.
 */
export function basketCountsServe(f: LineFilter): boolean {
  return !(f.customer?.length || f.salesman?.length || f.category?.length || f.ownerSalesmanId !== undefined);
}

/**
 * Transactions, per-item and per-pair order counts over the filter's period (and customer regions), for two-item rules:
 * whole months and blocks from `basket_month_counts` / `basket_block_counts` (summed in SQL: one row per
 * pair leaves the database), the loose days at the window's edges (at most six at the start, nine at
 * the end, and none when the window reaches the first or last day of data) from order lines as
 * baskets. Only valid when {@link basketCountsServe} holds; undefined when the rollups are not built
 * for this time zone (see `rollupsMatch`).
 */
export async function windowBasketCounts(database: Database, f: LineFilter, catalog: ProductCatalog): Promise<WindowBasketCounts | undefined> {
  if (!(await rollupsMatch(database, f.timeZone))) return undefined;
  const counter = new PairCounter(catalog.ids.length);
  const data = await lineDays(database, f.timeZone);
  const cover = data ? coverWindow({ from: f.from, to: f.to }, { from: data.first, to: data.last }) : { months: [], blocks: [], loose: [] };
  let transactions = 0;
  if (cover.months.length > 0 || cover.blocks.length > 0) {
    const region = f.region?.length ? sql`region in ${f.region}` : sql`region = ${ALL_REGIONS}`;
    const parts = [];
    if (cover.months.length > 0) parts.push(sql`select item_a, items, baskets from basket_month_counts where month in ${cover.months} and ${region}`);
    if (cover.blocks.length > 0) parts.push(sql`select item_a, items, baskets from basket_block_counts where block_start in ${cover.blocks} and ${region}`);
    const summed = await rows<{ a: number; b: number; c: number }>(
      database,
      sql`select x.item_a as a, u.b, sum(u.n)::int as c
          from (${sql.join(parts, sql` union all `)}) x, unnest(x.items, x.baskets) as u(b, n)
          group by 1, 2`,
    );
    for (const { a, b, c } of summed) {
      if (a === 0) transactions += c;
      else {
        const ia = catalog.indexOf(a);
        const ib = catalog.indexOf(b);
        if (ia >= 0 && ib >= 0) counter.addCount(ia, ib, c);
      }
    }
  }
  for (const range of cover.loose) {
    const baskets = await orderBaskets(database, { from: range.from, to: range.to, region: f.region, timeZone: f.timeZone }, catalog);
    for (const basket of baskets) counter.add(basket);
  }
  transactions += counter.baskets;
  const itemCounts = new Int32Array(catalog.ids.length);
  const pairs: WindowBasketCounts['pairs'] = [];
  for (const [a, b, count] of counter.cells()) {
    if (a === b) itemCounts[a] = count;
    else pairs.push({ a, b, count });
  }
  return { transactions, itemCounts, pairs };
}
