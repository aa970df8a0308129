import type { Database } from '../db/client.js';
import { blockStartOf, dayNumberOf, isoDayOf } from '../analytics/day-blocks.js';
import { replaceBasketCounts } from '../db/rollups/basket-rollup.js';
import { rebuildCustomerProducts, refreshCustomerProducts } from '../db/rollups/customer-products.js';
import { rebuildCustomerHistory, refreshCustomerHistory } from '../db/rollups/customer-history.js';
import { refreshCustomerRollup } from '../db/rollups/customer-rollup.js';
import type { DayRange } from '../db/rollups/day-range.js';
import { fillDailyAndProductDays, replaceCustomerDays, replaceDailySales, replaceHourlySales, replaceProductDays } from '../db/rollups/line-rollups.js';
import { refreshProductRollup } from '../db/rollups/product-rollup.js';
import { replaceProductWeeks } from '../db/rollups/product-week-rollup.js';
import { analyzeChangedTables, analyzeLineRollups, BULK_TABLES, clearLineRollups, CUSTOMER_TABLES, DIMENSION_TABLES, tableChangeBaseline } from '../db/rollups/rebuild-tables.js';
import { ORDER_ROLLUP_TABLES, rebuildOrderRollups } from '../db/rollups/order-rollups-rebuild.js';
import { businessDayOf, lineDays, monthStarts } from '../db/rollups/refresh-days.js';
import { finishRefreshRun, startRefreshRun } from '../db/rollups/refresh-runs.js';
import { tuneRefreshSession } from '../db/rollups/refresh-session.js';
import { stageCustomers, stageOrders, startProductDelta } from '../db/rollups/refresh-staging.js';
import { lastRollupState, ROLLUP_VERSION } from '../db/rollups/rollup-checks.js';
import { clearRollupsBehind, readRollupsBehind, serializeRefreshes, type RollupsBehind } from '../db/rollups/rollups-behind.js';
import { createRollupIndexes, dropRollupIndexes } from '../db/rollups/rollup-indexes.js';
import { inTransaction } from '../db/transaction.js';
import { childLogger } from '../lib/logger.js';
import { refreshSnapshots, warmSnapshotThreads } from '../reports/refresh-snapshots.js';

/**
 * Months of order lines a full rebuild aggregates at a time: small enough for every aggregation's
 * working set to stay in memory (about 2.5M lines sort in the refresh's work_mem), large enough that
 * per-statement costs (such as hashing the customers for their regions) are paid a few times, not
 * once a month.
 */
const MONTHS_PER_CHUNK = 6;

export interface RefreshOptions {
  /** Why the refresh runs ('import', 'nightly', 'manual'); kept in refresh_runs. */
  trigger: string;
  /** Earliest order time that changed (ISO); omitted = full rebuild. */
  since?: string | undefined;
  /**
   * No order line and no customer region changed (a scheduled run for a new as-of day, an import of
   * products, salesmen, leads or activities): only the snapshots are recomputed, unless the rollups
   * were built by another version or time zone, which forces a full rebuild.
   */
  snapshotsOnly?: boolean;
  /** SALES_TZ: business days and hours of the rollups (a changed zone forces a full rebuild). */
  timeZone: string;
  /**
   * Commit the rollups and return without recomputing the snapshots: the caller has them recomputed
   * elsewhere (`sales-bot import` with Redis queues a snapshots-only refresh for the worker, see the
   * snapshot-refresh job). Until they are stored, a default view finds its snapshot is for older data
   * and runs live: answers stay right, heavy default views are slower meanwhile. At 2M customers the
   * snapshots are most of a refresh after one more day (each reads every customer or product-week).
   */
  deferSnapshots?: boolean;
}

export interface RefreshStats {
  /** True when every rollup was rebuilt from all order lines. */
  full: boolean;
  customers: number;
  products: number;
  dailyRows: number;
  hourlyRows: number;
  customerDays: number;
  customerProducts: number;
  basketRows: number;
  /** Milliseconds spent on each report snapshot (none when deferred). */
  snapshots: Record<string, number>;
  /** The snapshots were left to the caller (`deferSnapshots`). */
  snapshotsDeferred: boolean;
  /** Milliseconds spent on each step (rollups, then snapshots). */
  stepsMs: Record<string, number>;
  durationMs: number;
}

interface Counts {
  dailyRows: number;
  hourlyRows: number;
  customerDays: number;
  customerProducts: number;
  basketRows: number;
}

/**
 * The range a refresh must cover given its request and the import mark it found: the earlier of the
 * two starts, full when either asks for everything; a mark turns a snapshots-only run into a refresh.
 */
export function coverBehind(
  opts: Pick<RefreshOptions, 'since' | 'snapshotsOnly'>,
  behind: RollupsBehind | undefined,
): { since: string | undefined; snapshotsOnly: boolean } {
  const snapshotsOnly = opts.snapshotsOnly === true;
  if (!behind) return { since: opts.since, snapshotsOnly };
  const requestedFull = opts.since === undefined && !snapshotsOnly;
  if (requestedFull || behind.since === null) return { since: undefined, snapshotsOnly: false };
  if (snapshotsOnly || opts.since === undefined) return { since: behind.since, snapshotsOnly: false };
  return { since: Date.parse(behind.since) < Date.parse(opts.since) ? behind.since : opts.since, snapshotsOnly: false };
}

/**
 * Brings the analytics rollups up to date with the order lines, so reports never re-scan every line,
 * in one transaction (readers see the old rollups until it commits), then recomputes the default views
 * of the heavy reports from the committed rollups (see {@link refreshSnapshots}: their SQL can then
 * run on several backends at once). Until those are stored, a default request finds its snapshot is
 * for older data and runs live; if they fail, the rollups stay and the next refresh retries them.
 * `database` must be a pool, not a transaction: the work spreads over several of its connections.
 *
 * - The changed lines are grouped once into a per-order staging (time, business day, customer region,
 *   salesman, items). Day-level rollups replace the business days from the day of `since` on from it:
 *   daily_sales (day × salesman × product × region, the lines joined to their staged orders) and
 *   product_day from that (a full rebuild groups both in one pass); hourly_sales, customer_day and the basket co-occurrence counts (blocks from
 *   the start of the block holding that day, months re-summed).
 * - customer_product drops the pairs first bought on or after that day and re-adds them.
 * - customer_rollup is rebuilt from customer_day for the customers those days touch, now or before;
 *   product_rollup is adjusted by the change of its products' daily rows.
 * - Planner statistics: a full rebuild analyses every rollup and the dimension tables; an incremental
 *   refresh the tables it (or an import) changed by more than a tenth (see `analyzeChangedTables`).
 *
 * A full rebuild (no `since`, a `since` no later than the first line's day, a first run, a new
 * ROLLUP_VERSION or a changed SALES_TZ) goes half a year at a time, which keeps every aggregation's
 * working set in memory; customer_product (one sorted pass over all lines) and the rollups of staged
 * orders alone (hourly_sales, customer_day, customer_rollup and the basket counts, see
 * `rebuildOrderRollups`) are rebuilt on PostgreSQL each in a transaction of its own beside the rest
 * (daily_sales, product_day, product_week, product_rollup). The line-level rollups and customer_rollup are truncated,
 * and their keys and indexes dropped and rebuilt once they are filled (those tables are locked until
 * the refresh commits).
 */
export async function refreshAnalytics(database: Database, opts: RefreshOptions): Promise<RefreshStats> {
  const started = performance.now();
  const timeZone = opts.timeZone;
  const deferSnapshots = opts.deferSnapshots === true;
  if (!deferSnapshots) warmSnapshotThreads(database);
  const stats = await inTransaction(database, async (tx) => {
    const stepsMs: Record<string, number> = {};
    const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      const v = await fn();
      stepsMs[name] = (stepsMs[name] ?? 0) + Math.round(performance.now() - t0);
      return v;
    };
    await tuneRefreshSession(tx);
    // One refresh at a time (serve and worker may both start a repair): the second then reads the mark
    // the first cleared, instead of rebuilding the same tables beside it.
    await serializeRefreshes(tx);
    // An import's "rollups behind" mark (one whose refresh never committed, or this run's own import):
    // the range widens to cover it, and it is cleared below in this transaction.
    const behind = await readRollupsBehind(tx);
    const { since, snapshotsOnly } = coverBehind(opts, behind);
    const last = await lastRollupState(tx);
    const runId = await startRefreshRun(tx, opts.trigger, timeZone);
    const stale = last.version !== ROLLUP_VERSION || last.timeZone !== timeZone;
    // The business day from which an incremental refresh would re-aggregate; when every line is on or
    // after it (the first import of sales into an empty database, a re-import of all history), the
    // full rebuild does the same work in half-year chunks without keys to maintain, at a fraction of the cost.
    const from = since === undefined || snapshotsOnly ? undefined : await businessDayOf(tx, since, timeZone);
    const days = await lineDays(tx, timeZone);
    const full = stale || (since === undefined && !snapshotsOnly) || (from !== undefined && days !== undefined && from <= days.first);
    const counts: Counts = { dailyRows: 0, hourlyRows: 0, customerDays: 0, customerProducts: 0, basketRows: 0 };
    // `from` is where the day-level rollups start; orders are staged from the start of its basket
    // block, which the block counts need whole.
    // `orderRollups`: also the rollups of staged orders alone (hourly, customer days, baskets), unless a
    // side transaction rebuilds those (see rebuildOrderRollups).
    const lineLevel = async (range: DayRange, fresh: boolean, orderRollups = true): Promise<void> => {
      const staged = { ...range, from: isoDayOf(blockStartOf(dayNumberOf(range.from))) };
      await step('stageOrders', () => stageOrders(tx, staged, timeZone, { fresh, keysOnly: !orderRollups }));
      // A rebuild fills product_day in the same pass; an incremental refresh re-sums its days from daily_sales.
      if (fresh) counts.dailyRows += await step('daily', () => fillDailyAndProductDays(tx, range, timeZone));
      else {
        counts.dailyRows += await step('daily', () => replaceDailySales(tx, range, timeZone, { fresh, trackProducts: true }));
        await step('productDays', () => replaceProductDays(tx, range));
      }
      // product_week follows product_day, the weeks of the range.
      if (!fresh) await step('productWeeks', () => replaceProductWeeks(tx, range));
      if (!orderRollups) return;
      counts.hourlyRows += await step('hourly', () => replaceHourlySales(tx, range, timeZone, { fresh }));
      counts.customerDays += await step('customerDays', () => replaceCustomerDays(tx, range, { fresh }));
      counts.basketRows += await step('baskets', () => replaceBasketCounts(tx, staged, { fresh }));
    };
    let customers = 0;
    let products = 0;
    if (snapshotsOnly && !stale) {
      // Rollups are current: nothing to rebuild.
    } else if (full) {
      const chunks = (days ? await monthStarts(tx, days.first, days.last) : []).filter((_, i) => i % MONTHS_PER_CHUNK === 0);
      // customer_product (one sorted pass over every line) and the rollups of staged orders (hourly,
      // customer days and customer_rollup, the basket pairs of every order, counted in Node) read
      // nothing the rest writes. On PostgreSQL each is rebuilt in a transaction of its own on a
      // connection of its own, side by side with the rest (which keeps one backend, one core, busy). Those commit on their own, which is safe: the tables they write are
      // then right for the committed lines whatever becomes of this one, and a later incremental
      // refresh corrects the rows of any line that changes meanwhile. Timed apart ('…Side', and the
      // order rollups' steps as 'side.…'): the steps named after them here are only the wait for them.
      const beside = <T>(name: string, fn: (side: Database) => Promise<T>): Promise<T> | undefined => {
        if (database.kind !== 'postgres') return undefined;
        const p = inTransaction(database, async (side) => {
          const t0 = performance.now();
          await tuneRefreshSession(side);
          const v = await fn(side);
          stepsMs[`${name}Side`] = Math.round(performance.now() - t0);
          return v;
        });
        // Awaited below; until then a failure must not surface as an unhandled rejection.
        p.catch(() => {});
        return p;
      };
      const pairs = beside('customerProducts', (side) => rebuildCustomerProducts(side, timeZone));
      const orderSide = beside('orderRollups', (side) => rebuildOrderRollups(side, chunks, timeZone, (name, fn) => step(`side.${name}`, fn)));
      // Without a side transaction (the embedded database) this one rebuilds everything.
      const tables = orderSide ? BULK_TABLES.filter((t) => !ORDER_ROLLUP_TABLES.includes(t)) : BULK_TABLES;
      await step('clear', () => clearLineRollups(tx, orderSide ? tables : [...tables, ...CUSTOMER_TABLES]));
      const indexes = await step('indexes', () => dropRollupIndexes(tx, tables));
      const customerIndexes = orderSide ? [] : await step('indexes', () => dropRollupIndexes(tx, CUSTOMER_TABLES));
      for (let i = 0; i < chunks.length; i++) await lineLevel({ from: chunks[i]!, to: chunks[i + 1] }, true, !orderSide);
      // product_week from the rebuilt product_day (filled with daily_sales), all weeks (before its key is rebuilt).
      await step('productWeeks', () => replaceProductWeeks(tx, undefined));
      await step('indexes', () => createRollupIndexes(tx, indexes));
      await step('analyze', () => analyzeLineRollups(tx, tables));
      if (!orderSide) {
        customers = await step('customers', () => refreshCustomerRollup(tx, undefined));
        await step('customerHistory', () => rebuildCustomerHistory(tx));
        await step('indexes', () => createRollupIndexes(tx, customerIndexes));
        await step('analyze', () => analyzeLineRollups(tx, CUSTOMER_TABLES));
      }
      products = await step('products', () => refreshProductRollup(tx, 'full'));
      await step('analyze', () => analyzeLineRollups(tx, ['product_rollup', ...DIMENSION_TABLES]));
      counts.customerProducts = await step('customerProducts', () => pairs ?? rebuildCustomerProducts(tx, timeZone));
      if (orderSide) {
        const side = await step('orderRollups', () => orderSide);
        counts.hourlyRows = side.hourlyRows;
        counts.customerDays = side.customerDays;
        counts.basketRows = side.basketRows;
        customers = side.customers;
      }
    } else {
      const baseline = await tableChangeBaseline(tx);
      await startProductDelta(tx);
      await lineLevel({ from: from! }, false);
      await step('customers', () => stageCustomers(tx, from!, timeZone));
      counts.customerProducts = await step('customerProducts', () => refreshCustomerProducts(tx, from!));
      customers = await step('customers', () => refreshCustomerRollup(tx, from!));
      await step('customerHistory', () => refreshCustomerHistory(tx, from!));
      products = await step('products', () => refreshProductRollup(tx, 'delta'));
      await step('analyze', () => analyzeChangedTables(tx, baseline));
    }
    const rollupsMs = Math.round(performance.now() - started);
    if (behind) await clearRollupsBehind(tx, behind.generation);
    await finishRefreshRun(tx, runId, { full: full ? 1 : 0, customers, products, ...counts, rollupsMs, rollupVersion: ROLLUP_VERSION }, timeZone);
    return { full, customers, products, ...counts, stepsMs };
  });
  let snapshots: Record<string, number> = {};
  if (!deferSnapshots) {
    const t0 = performance.now();
    snapshots = await refreshSnapshots(database);
    stats.stepsMs.snapshots = Math.round(performance.now() - t0);
  }
  const result: RefreshStats = { ...stats, snapshots, snapshotsDeferred: deferSnapshots, durationMs: Math.round(performance.now() - started) };
  childLogger('refresh').debug({ trigger: opts.trigger, ...result }, 'analytics rollups refreshed');
  return result;
}
