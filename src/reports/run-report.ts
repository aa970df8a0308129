import { env } from '../config/env.js';
import type { Database } from '../db/client.js';
import { dataDayRange, hasOrdersIn, latestOrderAt } from '../db/queries/freshness.js';
import { salesmanName } from '../db/queries/salesman-name.js';
import { todayIn } from '../lib/dates.js';
import { AppError } from '../lib/errors.js';
import { resolvePeriod } from '../lib/report-filters.js';
import { ownBookLabel } from '../views/answer-meta.js';
import { anchorDay, dataIsCurrent, dataNoteText } from './data-window.js';
import { resolveFilters } from './resolve-filters.js';
import { DEFAULT_LIMIT, type ReportContext, type ReportDefinition, type ReportEnvelope, type ReportRequest } from './report-module.js';

export { DEFAULT_LIMIT };


function checkAsOf(asOf: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`))) {
    throw new AppError('USAGE', `--as-of "${asOf}" is not a date; write it as YYYY-MM-DD.`);
  }
}

/**
 * Resolves a request into everything a report needs: dates, SQL filters, scope and freshness.
 *
 * Dates: the as-of day is the request's, else today, else the data's last day when the data ends
 * before today (see `anchorDay`); `last:` and every report's default window end on it. An explicit
 * `to:` is resolved against today, so it means what it says even past the end of the data.
 */
export async function buildContext(database: Database, request: ReportRequest): Promise<ReportContext> {
  const timeZone = env().SALES_TZ;
  const today = todayIn(timeZone);
  if (request.asOf !== undefined) checkAsOf(request.asOf);
  const scope = request.scope ?? { kind: 'all' };
  const filters = await resolveFilters(database, request.filters, { scope, ...request.asker });
  const [dataRange, dataAsOf] = await Promise.all([dataDayRange(database), latestOrderAt(database)]);
  const { asOf, dataEnds } = anchorDay(today, dataRange, request.asOf, env().SALES_WORKDAYS);
  const period = resolvePeriod(filters, dataEnds !== undefined && filters.to !== undefined ? today : asOf);
  const options = request.options ?? {};
  return {
    database,
    filters,
    asOf,
    today,
    dataRange,
    ...(dataEnds !== undefined ? { dataEnds } : {}),
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
    dataAsOf,
    isDefault:
      request.asOf === undefined &&
      (request.limit === undefined || request.limit === DEFAULT_LIMIT) &&
      Object.keys(filters).length === 0 &&
      Object.keys(options).length === 0 &&
      scope.kind === 'all',
    scope,
  };
}

/**
 * True when no order lies after the window, so rollups over all history can answer. Compares business
 * days (SALES_TZ) with the data's last business day, not with the UTC date of the latest order.
 */
export function windowReachesData(ctx: ReportContext): boolean {
  return ctx.dataRange === null || ctx.period.to >= ctx.dataRange.to;
}

/** Cuts a sorted list to the request's limit (0 = everything). */
export function capped<T>(list: readonly T[], limit: number): T[] {
  return limit > 0 ? list.slice(0, limit) : [...list];
}

/**
 * Where the data is, for the envelope: the days the report reads, whether they hold any order (under
 * the request's filters and scope), and the one sentence every renderer shows about it.
 */
async function dataWhereabouts(
  ctx: ReportContext,
  definition: ReportDefinition<object>,
): Promise<Pick<ReportEnvelope, 'emptyWindow' | 'dataNote'>> {
  const window = definition.window ? definition.window(ctx) : ctx.period;
  const empty = ctx.dataRange !== null && window !== null && !(await hasOrdersIn(ctx.database, { ...ctx.lines, from: window.from, to: window.to }));
  const filtered = [ctx.filters.region, ctx.filters.salesman, ctx.filters.category, ctx.filters.customer].some((v) => v?.length) || ctx.scope.kind === 'salesman';
  const current = window !== null && window.to >= ctx.today && dataIsCurrent(ctx.today, ctx.dataRange, env().SALES_WORKDAYS);
  const dataNote = dataNoteText({ dataRange: ctx.dataRange, window, empty, filtered, dataEnds: ctx.dataEnds, current });
  return { ...(empty && window ? { emptyWindow: window } : {}), ...(dataNote ? { dataNote } : {}) };
}

/** "your customers (Nancy Davolio)" for an answer scoped to a salesman's own book. */
async function scopeLabel(ctx: ReportContext): Promise<string | undefined> {
  if (ctx.scope.kind !== 'salesman') return undefined;
  return ownBookLabel(await salesmanName(ctx.database, ctx.scope.salesmanId));
}

/** Runs one report and wraps its body in the common envelope (freshness, period, filters, source). */
export async function runReport<Body extends object>(
  database: Database,
  definition: ReportDefinition<Body>,
  request: ReportRequest,
): Promise<Body & ReportEnvelope> {
  const ctx = await buildContext(database, request);
  const [{ source, snapshotAt, ...body }, where, scoped] = await Promise.all([
    definition.run(ctx),
    dataWhereabouts(ctx, definition as ReportDefinition<object>),
    scopeLabel(ctx),
  ]);
  const envelope: ReportEnvelope = {
    report: definition.name,
    asOf: ctx.asOf,
    dataAsOf: ctx.dataAsOf,
    timeZone: ctx.timeZone,
    dataRange: ctx.dataRange,
    ...(ctx.dataEnds !== undefined ? { dataEnds: ctx.dataEnds } : {}),
    ...where,
    ...(scoped ? { scopeLabel: scoped } : {}),
    period: ctx.period,
    filters: ctx.filters,
    source: source ?? 'live',
    ...(snapshotAt ? { snapshotAt } : {}),
  };
  return { ...envelope, ...(body as Body) };
}
