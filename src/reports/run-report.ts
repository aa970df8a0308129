import { env } from '../config/env.js';
import type { Database } from '../db/client.js';
import { dataDayRange, hasOrdersIn, latestOrderAt } from '../db/queries/freshness.js';
import { replicaLagToReport } from '../db/queries/replica-lag.js';
import { readRollupsBehind } from '../db/rollups/rollups-behind.js';
import { salesmanName } from '../db/queries/salesman-name.js';
import { todayIn } from '../lib/dates.js';
import { AppError } from '../lib/errors.js';
import { resolvePeriod } from '../lib/report-filters.js';
import { ownBookLabel } from '../views/answer-meta.js';
import { anchorDay, dataIsCurrent, dataNoteText } from './data-window.js';
import { resolveFilters } from './resolve-filters.js';
import { DEFAULT_LIMIT, type ReportContext, type ReportEnvelope, type ReportModule, type ReportRequest } from './report-module.js';


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
  // The one place report code reads configuration: everything below gets it from the context.
  const { SALES_TZ: timeZone, SALES_WORKDAYS: workdays } = env();
  const today = todayIn(timeZone);
  if (request.asOf !== undefined) checkAsOf(request.asOf);
  const scope = request.scope ?? { kind: 'all' };
  const filters = await resolveFilters(database, request.filters, { scope, ...request.asker });
  const [dataRange, dataAsOf] = await Promise.all([dataDayRange(database), latestOrderAt(database)]);
  const { asOf, dataEnds } = anchorDay(today, dataRange, request.asOf, workdays);
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
    workdays,
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
 * Where the data is, for the envelope: the days the report reads, whether they hold any order (under
 * the request's filters and scope), and the one sentence every renderer shows about it.
 */
async function dataWhereabouts(
  ctx: ReportContext<object>,
  definition: ReportModule,
): Promise<Pick<ReportEnvelope, 'emptyWindow' | 'dataNote'>> {
  const window = definition.window ? definition.window(ctx) : ctx.period;
  const empty = ctx.dataRange !== null && window !== null && !(await hasOrdersIn(ctx.database, { ...ctx.lines, from: window.from, to: window.to }));
  const filtered = [ctx.filters.region, ctx.filters.salesman, ctx.filters.category, ctx.filters.customer].some((v) => v?.length) || ctx.scope.kind === 'salesman';
  const current = window !== null && window.to >= ctx.today && dataIsCurrent(ctx.today, ctx.dataRange, ctx.workdays);
  const dataNote = dataNoteText({ dataRange: ctx.dataRange, window, empty, filtered, dataEnds: ctx.dataEnds, current });
  return { ...(empty && window ? { emptyWindow: window } : {}), ...(dataNote ? { dataNote } : {}) };
}

/** "your customers (Nancy Davolio)" for an answer scoped to a salesman's own book. */
async function scopeLabel(ctx: ReportContext<object>): Promise<string | undefined> {
  if (ctx.scope.kind !== 'salesman') return undefined;
  return ownBookLabel(await salesmanName(ctx.database, ctx.scope.salesmanId));
}

/**
 * The context `module` runs in: `ctx` with its options checked by the module's zod schema. The option
 * parsers already converted the words; this catches options built elsewhere (API, stored subscriptions).
 */
export function contextFor<Options extends object>(module: ReportModule<Options, object>, ctx: ReportContext): ReportContext<Options> {
  const parsed = module.optionsSchema.safeParse(ctx.options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('USAGE', `${module.name}: option ${issue?.path.join('.') || ''} ${issue?.message ?? 'is not valid'}.`.replace('  ', ' '));
  }
  // The same context object when nothing changed: models are cached per context (clv and churn share a fit).
  const same = Object.keys(ctx.options).length === Object.keys(parsed.data).length && Object.entries(parsed.data).every(([k, v]) => ctx.options[k] === v);
  return same ? (ctx as ReportContext<Options>) : { ...ctx, options: parsed.data };
}

/** Runs one report and wraps its body in the common envelope (freshness, period, filters, source). */
export async function runReport<Options extends object, Result extends object>(
  database: Database,
  module: ReportModule<Options, Result>,
  request: ReportRequest,
): Promise<Result & ReportEnvelope> {
  const ctx = contextFor(module, await buildContext(database, request));
  const [{ source, snapshotAt, ...body }, where, scoped, lag, behind] = await Promise.all([
    module.run(ctx),
    dataWhereabouts(ctx, module as ReportModule<object, object>),
    scopeLabel(ctx),
    replicaLagToReport(database),
    readRollupsBehind(database),
  ]);
  const envelope: ReportEnvelope = {
    report: module.name,
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
    ...(lag !== undefined ? { replicaLagSeconds: Math.round(lag) } : {}),
    ...(behind ? { rollupsBehind: true as const } : {}),
  };
  return { ...envelope, ...(body as unknown as Result) };
}
