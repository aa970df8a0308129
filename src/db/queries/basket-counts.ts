import { sql, type SQL } from 'drizzle-orm';
import { minCountFor } from '../../analytics/apriori.js';
import { coverWindow } from '../../analytics/day-blocks.js';
import { PairCounter } from '../../analytics/pair-counter.js';
import type { Database } from '../client.js';
import { ALL_REGIONS } from '../schema/rollups.js';
import { orderBaskets, type ProductCatalog } from './baskets.js';
import type { LineFilter } from '../sql/line-filter.js';
import { lineDays } from '../rollups/refresh-days.js';
import { rollupsMatch } from '../rollups/rollup-checks.js';
import { rows } from '../sql/run.js';

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

/** An int[] parameter, sent as one array literal. */
const intArrayParam = (ids: readonly number[]): SQL => sql`${`{${ids.join(',')}}`}::int[]`;

/** Options of {@link windowBasketCounts}. */
export interface WindowBasketOptions {
  /**
   * Pairs held by fewer than `minCountFor(minSupport, transactions)` orders may be left out (the
   * support threshold of the rules to be mined from them), and so may the rollup part of the counts
   * of items below it: item counts are exact for every item that reaches it, at most the true count
   * for the others.
   */
  minSupport?: number;
}

/**
 * Transactions, per-item and per-pair order counts over the filter's period (and customer regions), for two-item rules:
 * whole months and blocks from `basket_month_counts` / `basket_block_counts` (summed in SQL: one row per
 * pair leaves the database), the loose days at the window's edges (at most six at the start, nine at
 * the end, and none when the window reaches the first or last day of data) from order lines as
 * baskets. Only valid when {@link basketCountsServe} holds; undefined when the rollups are not built
 * for this time zone (see `rollupsMatch`).
 *
 * With `minSupport`, only pairs of frequent items are summed: a pair is in at most as many orders as
 * either of its items (the Apriori property), so an item below the threshold cannot be in a pair
 * that reaches it. The order count comes first, then the totals (the first cell of each item's row)
 * of the items whose all-history order count (`product_rollup`) can reach the threshold, then only
 * the frequent items' cells, and of each row only the slice between the first and last frequent item.
 * On a large catalogue most cells are pairs of rare items: Online Retail's all-history sum had 5.5 M
 * cells and 2.2 M pairs to group and send, seconds of SQL and of parsing.
 */
export async function windowBasketCounts(
  database: Database,
  f: LineFilter,
  catalog: ProductCatalog,
  opts: WindowBasketOptions = {},
): Promise<WindowBasketCounts | undefined> {
  if (!(await rollupsMatch(database, f.timeZone))) return undefined;
  // Loose days first: their orders count towards the totals that decide which items are frequent.
  const counter = new PairCounter(catalog.ids.length);
  const data = await lineDays(database, f.timeZone);
  const cover = data ? coverWindow({ from: f.from, to: f.to }, { from: data.first, to: data.last }) : { months: [], blocks: [], loose: [] };
  for (const range of cover.loose) {
    const baskets = await orderBaskets(database, { from: range.from, to: range.to, region: f.region, timeZone: f.timeZone }, catalog);
    for (const basket of baskets) counter.add(basket);
  }
  let transactions = counter.baskets;
  if (cover.months.length > 0 || cover.blocks.length > 0) {
    const region = f.region?.length ? sql`region in ${f.region}` : sql`region = ${ALL_REGIONS}`;
    const source = (items: SQL): SQL => {
      const parts = [];
      if (cover.months.length > 0) parts.push(sql`select item_a, items, baskets from basket_month_counts where month in ${cover.months} and ${region} and ${items}`);
      if (cover.blocks.length > 0) parts.push(sql`select item_a, items, baskets from basket_block_counts where block_start in ${cover.blocks} and ${region} and ${items}`);
      return sql.join(parts, sql` union all `);
    };
    const addSummed = (summed: { a: number; b: number; c: number }[]): void => {
      for (const { a, b, c } of summed) {
        if (a === 0) transactions += c;
        else {
          const ia = catalog.indexOf(a);
          const ib = catalog.indexOf(b);
          if (ia >= 0 && ib >= 0) counter.addCount(ia, ib, c);
        }
      }
    };
    if (opts.minSupport === undefined) {
      addSummed(
        await rows<{ a: number; b: number; c: number }>(
          database,
          sql`select x.item_a as a, u.b, sum(u.n)::int as c
              from (${source(sql`true`)}) x, unnest(x.items, x.baskets) as u(b, n)
              group by 1, 2`,
        ),
      );
    } else {
      // Orders first (the a = 0 rows, one key probe per period), then the threshold they set.
      const [orders] = await rows<{ c: number | null }>(
        database,
        sql`select sum(x.baskets[1])::int as c from (${source(sql`item_a = 0`)}) x`,
      );
      transactions += orders?.c ?? 0;
      const minCount = minCountFor(opts.minSupport, transactions);
      // Only items that can reach it are summed: an item is in no more of the window's orders than
      // of all orders (product_rollup.orders, refreshed with these rollups) plus the loose days' (read
      // from lines just now, so lines not yet refreshed count too). Summing every item's own cell read
      // every row of the window's periods: a gigabyte at 50,000 products, for a few hundred items.
      const looseMax = counter.baskets;
      const candidates = (
        await rows<{ id: number; orders: number }>(
          database,
          sql`select product_id as id, orders from product_rollup where orders >= ${minCount - looseMax}`,
        )
      )
        .map((r) => ({ item: catalog.indexOf(Number(r.id)), id: Number(r.id), orders: Number(r.orders) }))
        .filter((r) => r.item >= 0 && r.orders + counter.count(r.item, r.item) >= minCount)
        .map((r) => r.id);
      if (candidates.length > 0) {
        // A row's items ascend from item_a, so its own count, when it has one, is the first cell.
        addSummed(
          await rows<{ a: number; b: number; c: number }>(
            database,
            sql`select x.item_a as a, x.item_a as b, sum(x.baskets[1])::int as c
                from (${source(sql`item_a = any(${intArrayParam(candidates)})`)}) x where x.items[1] = x.item_a
                group by 1`,
          ),
        );
      }
      const frequent: number[] = [];
      for (let i = 0; i < catalog.ids.length; i++) if (counter.count(i, i) >= minCount) frequent.push(catalog.ids[i]!);
      if (frequent.length > 1) {
        const ids = intArrayParam(frequent);
        // Cells ascend by item too: only the slice from above max(item_a, first frequent item) up to
        // the last frequent item can hold a frequent pair (width_bucket is a binary search of a sorted
        // array: the number of its elements ≤ the value).
        const lowest = frequent[0]!;
        const highest = frequent[frequent.length - 1]!;
        addSummed(
          await rows<{ a: number; b: number; c: number }>(
            database,
            sql`select x.item_a as a, u.b, sum(u.n)::int as c
                from (select s.item_a, s.items, s.baskets,
                             width_bucket(greatest(s.item_a, ${lowest - 1}::int), s.items) + 1 as lo,
                             width_bucket(${highest}::int, s.items) as hi
                      from (${source(sql`item_a = any(${ids})`)}) s) x,
                     unnest(x.items[x.lo:x.hi], x.baskets[x.lo:x.hi]) as u(b, n)
                where u.b > x.item_a and u.b in (select unnest(${ids}))
                group by 1, 2`,
          ),
        );
      }
    }
  }
  const itemCounts = new Int32Array(catalog.ids.length);
  const pairs: WindowBasketCounts['pairs'] = [];
  counter.forEachCell((a, b, count) => {
    if (a === b) itemCounts[a] = count;
    else pairs.push({ a, b, count });
  });
  return { transactions, itemCounts, pairs };
}
