import { dayNumber, isoDay } from '../analytics/calendar-day.js';
import { followedMetricFigures, type FollowedMetricFigures, type MemberTotals, type PeriodTotals } from '../analytics/followed-metric.js';
import type { Database } from '../db/client.js';
import { followsOfDigest, type FollowRow } from '../db/queries/follows.js';
import { dataDayRange } from '../db/queries/freshness.js';
import { metricBuckets, metricMembers } from '../db/queries/metric-periods.js';
import { salesmanName } from '../db/queries/salesman-name.js';
import { yesterdayIn } from '../lib/dates.js';
import { CADENCE_DAYS, type FollowCadence, type MetricName } from '../lib/metric-names.js';
import { parseFilterMap } from '../lib/report-filters.js';
import { buildContext } from '../reports/run-report.js';
import { ownBookLabel } from '../views/answer-meta.js';
import { expectedRange, type ExpectedRange } from './expected-range.js';
import type { Actor } from './slack-identity.js';

/** Periods in each metric's trend (the current one last). */
export const FOLLOW_TREND_PERIODS = 8;
/** Drivers and detractors named per metric. */
export const FOLLOW_DRIVERS = 2;

/** One followed metric in a digest. */
export interface FollowDigestLine extends FollowedMetricFigures {
  followId: number;
  metric: MetricName;
  filters: Record<string, string>;
  /** The band the value was expected in; undefined when there is no expectation (see expected-range.ts). */
  expected: ExpectedRange | undefined;
}

/** A person's digest of the metrics they follow at one cadence: JSON-serializable, rendered by slack/blocks. */
export interface FollowDigest {
  cadence: FollowCadence;
  periodDays: number;
  /** Last business day covered (yesterday in SALES_TZ, or the data's last day when it ends before). */
  asOf: string;
  /** Set when the data ends before yesterday. */
  dataEnds?: string;
  /** First and last day of each trend period, oldest first; the last one is the current period. */
  periods: { from: string; to: string }[];
  /** "your customers (Nancy Davolio)" when the owner sees only their own book. */
  scopeLabel?: string;
  lines: FollowDigestLine[];
}

function totals(r: { revenue: number; orders: number; customers: number }): PeriodTotals {
  return { revenue: Number(r.revenue), orders: Number(r.orders), customers: Number(r.customers) };
}

async function lineOf(database: Database, owner: Actor, f: FollowRow, asOf: string, days: number): Promise<FollowDigestLine> {
  const ctx = await buildContext(database, {
    filters: parseFilterMap(f.filters),
    scope: owner.scope,
    asker: { me: owner.salesman?.externalId ?? null, role: owner.role },
    asOf,
  });
  const lines = { ...ctx.lines, from: undefined, to: undefined };
  const end = dayNumber(asOf);
  const first = isoDay(end - FOLLOW_TREND_PERIODS * days + 1);
  const [buckets, members] = await Promise.all([
    metricBuckets(database, lines, first, asOf, days),
    metricMembers(database, lines, { previousFrom: isoDay(end - 2 * days + 1), currentFrom: isoDay(end - days + 1), to: asOf }),
  ]);
  const memberTotals: MemberTotals[] = members.map((m) => ({
    dimension: m.dimension,
    member: m.member ?? '(none)',
    name: m.name ?? m.member ?? '(none)',
    previous: { revenue: Number(m.previousRevenue), orders: Number(m.previousOrders), customers: Number(m.previousCustomers) },
    current: { revenue: Number(m.currentRevenue), orders: Number(m.currentOrders), customers: Number(m.currentCustomers) },
  }));
  const figures = followedMetricFigures(f.metric, new Map(buckets.map((b) => [Number(b.bucket), totals(b)])), FOLLOW_TREND_PERIODS, memberTotals, FOLLOW_DRIVERS);
  // Fitted in the digest job (a worker), never on the Slack event loop.
  const expected = await expectedRange(database, { metric: f.metric, periodDays: days, lines, asOf });
  return { followId: f.id, metric: f.metric, filters: f.filters, expected, ...figures };
}

/**
 * The follow digest of one follow subscription, built as its owner: every follow's metric under its
 * filters and the owner's current scope (a salesman sees only his own book, whatever he followed), for
 * the period of the cadence ending on `asOf` (default: yesterday in `timeZone`, SALES_TZ), compared with
 * the period before, with the trend of the last {@link FOLLOW_TREND_PERIODS} periods and the drivers.
 */
export async function buildFollowDigest(
  database: Database,
  opts: { subscriptionId: number; cadence: FollowCadence; owner: Actor; timeZone: string; asOf?: string },
): Promise<FollowDigest> {
  const days = CADENCE_DAYS[opts.cadence];
  const yesterday = yesterdayIn(opts.timeZone);
  const range = opts.asOf === undefined ? await dataDayRange(database) : null;
  const dataEnds = range !== null && range.to < yesterday ? range.to : undefined;
  const asOf = opts.asOf ?? dataEnds ?? yesterday;
  const follows = await followsOfDigest(database, opts.subscriptionId);
  const lines: FollowDigestLine[] = [];
  // One after another: each line is a few aggregate queries; a digest follows a handful of metrics.
  for (const f of follows) lines.push(await lineOf(database, opts.owner, f, asOf, days));
  const end = dayNumber(asOf);
  const periods = Array.from({ length: FOLLOW_TREND_PERIODS }, (_, k) => {
    const last = end - (FOLLOW_TREND_PERIODS - 1 - k) * days;
    return { from: isoDay(last - days + 1), to: isoDay(last) };
  });
  const scopeLabel = opts.owner.scope.kind === 'salesman' ? ownBookLabel(await salesmanName(database, opts.owner.scope.salesmanId)) : undefined;
  return {
    cadence: opts.cadence,
    periodDays: days,
    asOf,
    ...(dataEnds !== undefined ? { dataEnds } : {}),
    periods,
    ...(scopeLabel ? { scopeLabel } : {}),
    lines,
  };
}
