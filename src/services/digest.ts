import { createHash } from 'node:crypto';
import type { Database } from '../db/client.js';
import { dataDayRange } from '../db/queries/freshness.js';
import { yesterdayIn } from '../lib/dates.js';
import type { ReportFilters } from '../lib/report-filters.js';
import { type KpiReport } from '../reports/kpi/kpi-report.js';
import { kpiReport } from '../reports/kpi/kpi-module.js';
import { goalsReport } from '../reports/goals/goals-module.js';
import { goalLines } from '../reports/goals/goals-view.js';
import type { ReportEnvelope, ReportScope } from '../reports/report-module.js';
import { rfmReport } from '../reports/rfm/rfm-module.js';
import { buildContext, runReport } from '../reports/run-report.js';
import { type WhyDriver, type WhyReport } from '../reports/why/why-report.js';
import { whyReport } from '../reports/why/why-module.js';
import { ROLLUPS_BEHIND_TEXT, replicaLagText } from '../views/answer-meta.js';
import { expectedRange, type ExpectedRange } from './expected-range.js';

/** Movers up and down listed in the digest. */
export const DIGEST_MOVERS = 3;

export interface SegmentShift {
  segment: string;
  previous: number;
  current: number;
  delta: number;
}

/** The executive digest: one JSON-serializable object, rendered by src/slack/blocks/digest-message.ts. */
export interface Digest {
  /**
   * Last complete business day the digest covers: the given one, else yesterday in SALES_TZ, else the
   * data's last day when the data ends before yesterday (then also `dataEnds`).
   */
  asOf: string;
  /** Set when the digest's periods end on the data's last day because it is before yesterday. */
  dataEnds?: string;
  /**
   * One short line for the message when `dataEnds` is set ("Your data ends 1998-05-06, so the digest ends
   * there."), followed by the read replica's lag when it is noticeably behind and by the "being rebuilt"
   * sentence while an import is not yet in the rollups.
   */
  dataNote?: string;
  periodDays: number;
  periods: WhyReport['periods'];
  dataAsOf: string | null;
  filters: ReportFilters;
  kpi: KpiReport & ReportEnvelope;
  /** Revenue this period vs the one before, with the drivers. */
  revenue: {
    current: number;
    previous: number;
    delta: number;
    changeRatio: number | null;
    /** The range this period's revenue was expected in (ETS on the periods before); absent without enough history or with a date filter. */
    expected?: ExpectedRange;
  };
  /** Products that gained most and lost most revenue. */
  moversUp: WhyDriver[];
  moversDown: WhyDriver[];
  /** Customers per RFM segment at the end of this period vs the end of the previous one, biggest change first. */
  segmentShifts: SegmentShift[];
  /** The why report result, for the waterfall chart. */
  why: WhyReport & ReportEnvelope;
  /** The targets of the month and quarter holding `asOf`, one line each, best attained first (absent in older stored digests). */
  goals?: string[];
}

/** The period a digest compares, from its schedule: daily → 1 day, weekly → 7, monthly → 30. */
export function digestPeriodDays(cron: string): number {
  const [, , dom, , dow] = cron.trim().split(/\s+/);
  if (dom !== undefined && dom !== '*') return 30;
  if (dow !== undefined && /^[0-7]$/.test(dow)) return 7;
  return 1;
}

/**
 * Where the digest's data is: its end, when before yesterday, how far behind a read replica is, and whether
 * an import is not yet in the rollups its figures come from (a digest is read once, so it says so itself).
 */
function digestNote(dataEnds: string | undefined, replicaLagSeconds: number | undefined, rollupsBehind: boolean): { dataNote?: string } {
  const notes = [
    ...(dataEnds !== undefined ? [`Your data ends ${dataEnds}, so the digest ends there.`] : []),
    ...(replicaLagSeconds !== undefined ? [replicaLagText(replicaLagSeconds)] : []),
    ...(rollupsBehind ? [ROLLUPS_BEHIND_TEXT] : []),
  ];
  return notes.length > 0 ? { dataNote: notes.join(' ') } : {};
}

/** The expected revenue of the digest's period under its member filters and scope (fitted here, in the digest job). */
async function digestExpected(database: Database, filters: ReportFilters, scope: ReportScope, asOf: string, periodDays: number): Promise<ExpectedRange | undefined> {
  const ctx = await buildContext(database, { filters, scope, asOf });
  return expectedRange(database, { metric: 'revenue', periodDays, lines: ctx.lines, asOf });
}

/**
 * Builds the digest for the period of `periodDays` days ending on `asOf` (default yesterday): KPI cards,
 * revenue vs the previous period with the product movers (why report), and RFM segment shifts. Date
 * filters in `filters` replace the period; member filters and the scope apply to every part.
 */
export async function buildDigest(
  database: Database,
  opts: { filters: ReportFilters; scope: ReportScope; periodDays: number; asOf?: string; timeZone: string },
): Promise<Digest> {
  const yesterday = yesterdayIn(opts.timeZone);
  const range = opts.asOf === undefined ? await dataDayRange(database) : null;
  // Data ending before yesterday (an old export): compare the last days that have data, not empty ones.
  const dataEnds = range !== null && range.to < yesterday ? range.to : undefined;
  const asOf = opts.asOf ?? dataEnds ?? yesterday;
  const hasWindow = opts.filters.from !== undefined || opts.filters.last !== undefined || opts.filters.when !== undefined;
  const memberFilters: ReportFilters = { ...opts.filters };
  delete memberFilters.from;
  delete memberFilters.to;
  delete memberFilters.last;
  delete memberFilters.when;
  const [kpi, why, goals, expected] = await Promise.all([
    runReport(database, kpiReport, { filters: memberFilters, scope: opts.scope, asOf }),
    runReport(database, whyReport, {
      filters: opts.filters,
      scope: opts.scope,
      asOf,
      limit: 0,
      options: hasWindow ? {} : { period: opts.periodDays },
    }),
    runReport(database, goalsReport, { filters: memberFilters, scope: opts.scope, asOf }),
    // The digest's own period (runs of periodDays ending asOf); a date filter's window has no history of like periods.
    hasWindow ? Promise.resolve(undefined) : digestExpected(database, memberFilters, opts.scope, asOf, opts.periodDays),
  ]);
  const [rfmNow, rfmBefore] = await Promise.all([
    runReport(database, rfmReport, { filters: memberFilters, scope: opts.scope, asOf: why.periods.current.to, limit: 1 }),
    runReport(database, rfmReport, { filters: memberFilters, scope: opts.scope, asOf: why.periods.previous.to, limit: 1 }),
  ]);
  const before = new Map(rfmBefore.segments.map((s) => [s.segment as string, s.customers]));
  const now = new Map(rfmNow.segments.map((s) => [s.segment as string, s.customers]));
  const segmentShifts = [...new Set([...now.keys(), ...before.keys()])]
    .map((segment) => ({ segment, previous: before.get(segment) ?? 0, current: now.get(segment) ?? 0, delta: (now.get(segment) ?? 0) - (before.get(segment) ?? 0) }))
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || b.current - a.current || a.segment.localeCompare(b.segment));
  const products = why.drivers.filter((d) => d.dimension === 'product');
  return {
    asOf,
    ...(dataEnds !== undefined ? { dataEnds } : {}),
    ...digestNote(dataEnds, kpi.replicaLagSeconds, kpi.rollupsBehind === true || why.rollupsBehind === true),
    periodDays: opts.periodDays,
    periods: why.periods,
    dataAsOf: kpi.dataAsOf,
    filters: opts.filters,
    kpi,
    revenue: {
      current: why.current,
      previous: why.previous,
      delta: why.delta,
      changeRatio: why.previous !== 0 ? why.delta / why.previous : null,
      ...(expected ? { expected } : {}),
    },
    moversUp: products.filter((d) => d.delta > 0).sort((a, b) => b.delta - a.delta).slice(0, DIGEST_MOVERS),
    moversDown: products.filter((d) => d.delta < 0).sort((a, b) => a.delta - b.delta).slice(0, DIGEST_MOVERS),
    segmentShifts,
    why,
    goals: goalLines(goals),
  };
}

/**
 * A fingerprint of what a message says, for "send only when changed": the content, without the dates
 * that change every run.
 */
export function contentHash(content: unknown): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 32);
}
