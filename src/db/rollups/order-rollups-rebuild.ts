import type { Database } from '../client.js';
import { replaceBasketCounts } from './basket-rollup.js';
import { rebuildCustomerHistory } from './customer-history.js';
import { refreshCustomerRollup } from './customer-rollup.js';
import { replaceCustomerDays, replaceHourlySales } from './line-rollups.js';
import { analyzeLineRollups, BASKET_TABLES, clearLineRollups, CUSTOMER_TABLES } from './rebuild-tables.js';
import { stageOrders } from './refresh-staging.js';
import { createRollupIndexes, dropRollupIndexes } from './rollup-indexes.js';

/**
 * The rollups a full rebuild aggregates from staged orders alone (their items, revenue, time, customer
 * and region; never from single lines): hourly_sales, customer_day and the basket counts, then
 * customer_rollup and the customer history (customer_day_history, customer_history_month) from customer_day. See {@link rebuildOrderRollups}.
 */
export const ORDER_ROLLUP_TABLES = ['hourly_sales', 'customer_day', ...BASKET_TABLES];

/** Times one step (see `refreshAnalytics`: per-step milliseconds). */
export type StepTimer = <T>(name: string, fn: () => Promise<T>) => Promise<T>;

export interface OrderRollupCounts {
  hourlyRows: number;
  customerDays: number;
  basketRows: number;
  customers: number;
}

/**
 * Rebuilds {@link ORDER_ROLLUP_TABLES} and customer_rollup from all order lines, `chunks` (month starts,
 * ascending, the first the first line's month) at a time: tables truncated and their keys dropped, each
 * chunk's orders staged once (see `stageOrders`) and every one of these rollups aggregated from that
 * staging, keys rebuilt, tables analysed. A full rebuild on PostgreSQL runs it in a transaction of its
 * own on a connection of its own, beside daily_sales and the product rollups (which need single lines):
 * it reads nothing they write, the basket counting in Node and the writes in Postgres then share the
 * machine's cores with them instead of taking turns, and the two halves take about as long on the wide
 * shape (with these rollups in the main transaction it ran alone for half of the rebuild).
 */
export async function rebuildOrderRollups(database: Database, chunks: readonly string[], timeZone: string, step: StepTimer): Promise<OrderRollupCounts> {
  await clearLineRollups(database, [...ORDER_ROLLUP_TABLES, ...CUSTOMER_TABLES]);
  const indexes = await step('indexes', () => dropRollupIndexes(database, ORDER_ROLLUP_TABLES));
  const customerIndexes = await step('indexes', () => dropRollupIndexes(database, CUSTOMER_TABLES));
  const counts: OrderRollupCounts = { hourlyRows: 0, customerDays: 0, basketRows: 0, customers: 0 };
  for (let i = 0; i < chunks.length; i++) {
    const range = { from: chunks[i]!, to: chunks[i + 1] };
    await step('stageOrders', () => stageOrders(database, range, timeZone, { fresh: true }));
    counts.hourlyRows += await step('hourly', () => replaceHourlySales(database, range, timeZone, { fresh: true }));
    counts.customerDays += await step('customerDays', () => replaceCustomerDays(database, range, { fresh: true }));
    counts.basketRows += await step('baskets', () => replaceBasketCounts(database, range, { fresh: true }));
  }
  await step('indexes', () => createRollupIndexes(database, indexes));
  await step('analyze', () => analyzeLineRollups(database, ORDER_ROLLUP_TABLES));
  counts.customers = await step('customers', () => refreshCustomerRollup(database, undefined));
  // Reads customer_day, which only this transaction can see until it commits.
  await step('customerHistory', () => rebuildCustomerHistory(database));
  await step('indexes', () => createRollupIndexes(database, customerIndexes));
  await step('analyze', () => analyzeLineRollups(database, CUSTOMER_TABLES));
  return counts;
}
