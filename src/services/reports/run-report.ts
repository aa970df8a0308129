import { env } from '../../config/env.js';
import type { Database } from '../../db/client.js';
import { latestOrderAt } from '../../db/queries/freshness.js';
import { todayIn } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { resolvePeriod } from '../../lib/report-filters.js';
import { resolveFilters } from './resolve-filters.js';
import { DEFAULT_LIMIT, type ReportContext, type ReportDefinition, type ReportEnvelope, type ReportRequest } from './report-types.js';

export { DEFAULT_LIMIT };


function checkAsOf(asOf: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`))) {
    throw new AppError('USAGE', `--as-of "${asOf}" is not a date; write it as YYYY-MM-DD.`);
  }
}

/** Resolves a request into everything a report needs: dates, SQL filters, scope and freshness. */
export async function buildContext(database: Database, request: ReportRequest): Promise<ReportContext> {
  const timeZone = env().SALES_TZ;
  const asOf = request.asOf ?? todayIn(timeZone);
  checkAsOf(asOf);
  const scope = request.scope ?? { kind: 'all' };
  const filters = await resolveFilters(database, request.filters, { scope, ...request.asker });
  const period = resolvePeriod(filters, asOf);
  const options = request.options ?? {};
  return {
    database,
    filters,
    asOf,
    period,
    lines: {
      ...period,
      region: filters.region,
      salesman: filters.salesman,
      category: filters.category,
      customer: filters.customer,
      ownerSalesmanId: scope.kind === 'salesman' ? scope.salesmanId : undefined,
      timeZone,
    },
    limit: request.limit ?? DEFAULT_LIMIT,
    options,
    timeZone,
    dataAsOf: await latestOrderAt(database),
    isDefault:
      request.asOf === undefined &&
      (request.limit === undefined || request.limit === DEFAULT_LIMIT) &&
      Object.keys(filters).length === 0 &&
      Object.keys(options).length === 0 &&
      scope.kind === 'all',
    scope,
  };
}

/** True when every order up to the as-of day is in the window, so rollups can answer. */
export function windowReachesData(ctx: ReportContext): boolean {
  return ctx.dataAsOf === null || ctx.period.to >= ctx.dataAsOf.slice(0, 10);
}

/** Cuts a sorted list to the request's limit (0 = everything). */
export function capped<T>(list: readonly T[], limit: number): T[] {
  return limit > 0 ? list.slice(0, limit) : [...list];
}

/** Runs one report and wraps its body in the common envelope (freshness, period, filters, source). */
export async function runReport<Body extends object>(
  database: Database,
  definition: ReportDefinition<Body>,
  request: ReportRequest,
): Promise<Body & ReportEnvelope> {
  const ctx = await buildContext(database, request);
  const { source, snapshotAt, ...body } = await definition.run(ctx);
  const envelope: ReportEnvelope = {
    report: definition.name,
    asOf: ctx.asOf,
    dataAsOf: ctx.dataAsOf,
    period: ctx.period,
    filters: ctx.filters,
    source: source ?? 'live',
    ...(snapshotAt ? { snapshotAt } : {}),
  };
  return { ...envelope, ...(body as Body) };
}
