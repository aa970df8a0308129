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

/** Options of {@link windowBasketCounts}. */
export interface WindowBasketOptions {
  /**
   * Pairs held by fewer than `minCountFor(minSupport, transactions)` orders may be left out (the
   * support threshold of the rules to be mined from them). Item counts are always complete.
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
 * that reaches it. Item totals come first (the first cell of each item's row), then only the frequent
 * items' cells are summed. On a large catalogue most cells are pairs of rare items: Online Retail's
 * all-history sum had 5.5 M cells and 2.2 M pairs to group and send, seconds of SQL and of parsing.
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
      // A row's items ascend from item_a, so its own count, when it has one, is the first cell; the
      // a = 0 row's only cell is the order count.
      addSummed(
        await rows<{ a: number; b: number; c: number }>(
          database,
          sql`select x.item_a as a, x.item_a as b, sum(x.baskets[1])::int as c
              from (${source(sql`true`)}) x where x.items[1] = x.item_a
              group by 1`,
        ),
      );
      const minCount = minCountFor(opts.minSupport, transactions);
      const frequent: number[] = [];
      for (let i = 0; i < catalog.ids.length; i++) if (counter.count(i, i) >= minCount) frequent.push(catalog.ids[i]!);
      if (frequent.length > 1) {
        const ids = sql`${`{${frequent.join(',')}}`}::int[]`;
        addSummed(
          await rows<{ a: number; b: number; c: number }>(
            database,
            sql`select x.item_a as a, u.b, sum(u.n)::int as c
                from (${source(sql`item_a = any(${ids})`)}) x, unnest(x.items, x.baskets) as u(b, n)
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
