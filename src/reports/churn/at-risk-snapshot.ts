import type { Database } from '../../db/client.js';
import { readSnapshot, writeSnapshot } from '../../db/queries/report-snapshots.js';
import type { ReportFilters } from '../../lib/report-filters.js';
import { churnReport } from './churn-module.js';
import type { ChurnCustomer } from './churn-report.js';
import type { ReportContext, ReportScope } from '../report-module.js';
import { buildContext } from '../run-report.js';

/**
 * The churn alerts' own snapshot: every customer at risk in the default population (everyone, no
 * filters), stored beside the churn report's default view under this key.
 *
 * Why not the default view itself: it keeps the top DEFAULT_LIMIT rows (what `/sales churn` shows), and an
 * alert announces every customer newly at risk, so it needs the whole list. The fit (BG/NBD's P(alive))
 * depends on the population it is fitted on, so only an alert about that same population (no filters,
 * an owner who sees everyone) can take it; any other alert runs live, exactly as before.
 */
export const AT_RISK_VIEW = 'alert-at-risk';

/** What an alert case needs of an at-risk customer (see churnCases). */
export type AtRiskCustomer = Pick<ChurnCustomer, 'customerId' | 'name' | 'salesmanId' | 'salesmanName' | 'rhythm' | 'valueAtRisk' | 'lastOrderDay'>;

interface AtRiskBody {
  customers: AtRiskCustomer[];
}

const trimmed = (c: ChurnCustomer): AtRiskCustomer => ({
  customerId: c.customerId,
  name: c.name,
  salesmanId: c.salesmanId,
  salesmanName: c.salesmanName,
  rhythm: c.rhythm,
  valueAtRisk: c.valueAtRisk,
  lastOrderDay: c.lastOrderDay,
});

/** Every at-risk customer of the request, computed now (limit 0 is never a default view, so no snapshot is read). */
async function liveAtRisk(ctx: ReportContext): Promise<ChurnCustomer[]> {
  return (await churnReport.run(ctx)).customers;
}

/** The default population: what the stored list was computed for (the default view's rule, without its limit). */
function isDefaultPopulation(ctx: ReportContext, request: { asOf?: string | undefined }): boolean {
  return request.asOf === undefined && Object.keys(ctx.filters).length === 0 && Object.keys(ctx.options).length === 0 && ctx.scope.kind === 'all';
}

/**
 * Computes and stores the at-risk list of the default population (one model fit); called by the refresh
 * job when churn or at-risk subscriptions are active, so their runs until the next data change read it.
 */
export async function storeAtRiskSnapshot(database: Database): Promise<number> {
  const started = performance.now();
  const ctx = await buildContext(database, { filters: {}, limit: 0 });
  const customers = (await liveAtRisk(ctx)).map(trimmed);
  await writeSnapshot(database, {
    report: churnReport.name,
    paramsKey: AT_RISK_VIEW,
    asOf: ctx.asOf,
    dataAsOf: ctx.dataAsOf,
    result: { customers } satisfies AtRiskBody,
    durationMs: Math.round(performance.now() - started),
  });
  return customers.length;
}

/**
 * Every customer at risk for an alert, highest value at risk first: from the stored list when the alert
 * is about the default population and the list was computed for the same as-of day from the same data
 * (as report snapshots are judged fresh), else live, refitting the model.
 */
export async function atRiskCustomers(
  database: Database,
  request: { filters: ReportFilters; scope: ReportScope; asOf?: string | undefined },
): Promise<{ customers: AtRiskCustomer[]; source: 'snapshot' | 'live' }> {
  const ctx = await buildContext(database, { filters: request.filters, scope: request.scope, limit: 0, asOf: request.asOf });
  if (isDefaultPopulation(ctx, request)) {
    const s = await readSnapshot(database, churnReport.name, AT_RISK_VIEW);
    if (s && s.asOf === ctx.asOf && s.dataAsOf === ctx.dataAsOf) return { customers: (s.result as AtRiskBody).customers, source: 'snapshot' };
  }
  return { customers: await liveAtRisk(ctx), source: 'live' };
}
