import { env } from '../config/env.js';
import type { Database } from '../db/client.js';
import {
  finishRefreshRun,
  refreshCustomerRollup,
  refreshDailySales,
  refreshProductRollup,
  startRefreshRun,
} from '../db/queries/rollups.js';
import { inTransaction } from '../db/transaction.js';
import { childLogger } from '../lib/logger.js';
import { refreshSnapshots } from './reports/refresh-snapshots.js';

export interface RefreshOptions {
  /** Why the refresh runs ('import', 'nightly', 'manual'); kept in refresh_runs. */
  trigger: string;
  /** Earliest order time that changed (ISO); omitted = full rebuild. */
  since?: string | undefined;
}

export interface RefreshStats {
  customers: number;
  products: number;
  dailyRows: number;
  /** Milliseconds spent on each report snapshot. */
  snapshots: Record<string, number>;
  durationMs: number;
}

/**
 * Brings the analytics rollups up to date with the order lines, so reports never re-scan every line,
 * then recomputes the default views of the heavy reports from them. After an import only the rollups
 * that changed since the import's earliest order are rebuilt; snapshots are always recomputed whole.
 */
export async function refreshAnalytics(database: Database, opts: RefreshOptions): Promise<RefreshStats> {
  const started = performance.now();
  const scope = { since: opts.since, timeZone: env().SALES_TZ };
  const stats = await inTransaction(database, async (tx) => {
    const runId = await startRefreshRun(tx, opts.trigger);
    const customers = await refreshCustomerRollup(tx, scope);
    const products = await refreshProductRollup(tx, scope);
    const dailyRows = await refreshDailySales(tx, scope);
    const snapshots = await refreshSnapshots(tx);
    const durationMs = Math.round(performance.now() - started);
    await finishRefreshRun(tx, runId, { customers, products, dailyRows, durationMs });
    return { customers, products, dailyRows, snapshots, durationMs };
  });
  childLogger('refresh').debug({ trigger: opts.trigger, ...stats }, 'analytics rollups refreshed');
  return stats;
}
