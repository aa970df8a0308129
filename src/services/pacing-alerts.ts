import type { Database } from '../db/client.js';
import { salesmanIdsByExternal } from '../db/queries/salesman-ids.js';
import type { ReportFilters } from '../lib/report-filters.js';
import { goalsReport } from '../reports/goals/goals-module.js';
import type { GoalRow } from '../reports/goals/goals-report.js';
import type { ReportScope } from '../reports/report-module.js';
import { runReport } from '../reports/run-report.js';
import { churnCases, type AlertCase, type ChurnCaseDetails } from './alerts.js';
import { crossSellCasesBySalesman, type CrossSellCaseDetails } from './crosssell-suggestions.js';

/** Overdue customers and cross-sell ideas a pacing alert names (the rest: `/sales churn`, `/sales crosssell`). */
export const PACING_OVERDUE_SHOWN = 5;
export const PACING_CROSSSELL_SHOWN = 3;
/**
 * Key of the cases of region, category and company targets in {@link pacingCasesBySalesman}'s map: they
 * belong to no salesman, so they go to a person (`me`, an @manager), never in the per-salesman fan-out.
 * Internal salesman ids are serial, from 1.
 */
export const TEAM_TARGETS = 0;

/** One target behind its pace, as the alert shows it (kept in alert_state.details). */
export interface PacingCaseDetails {
  [key: string]: unknown;
  /** "Nancy Davolio (S1)", "Region North", "Company". */
  label: string;
  period: string;
  periodTo: string;
  metric: GoalRow['metric'];
  target: number;
  actual: number;
  projected: number;
  projectedLower: number;
  projectedUpper: number;
  /** target − projected (> 0). */
  gap: number;
  workingDaysLeft: number;
  workingDaysTotal: number;
  /** (target − actual)⁺ per remaining working day. */
  neededPerWorkingDay: number | null;
  overdue: { name: string; customerExternalId: string; rhythm: string }[];
  moreOverdue: number;
  crossSell: { customerName: string; productName: string; because: string[] }[];
  /** Ordering of cases: the gap as a share of the target. */
  rank: number;
}

/**
 * A target is behind when its projected end of period (goals report: the forecast, or the stand-in)
 * is below the target and less than a third of its working days are left (and at least one is): late
 * enough that the projection means something, early enough to act. A target without a projection, or
 * a zero target, is never behind.
 */
export function isBehind(g: GoalRow): boolean {
  const w = g.workingDays;
  return g.target > 0 && g.projected !== null && g.projected.point < g.target && w.left > 0 && w.left * 3 < w.total;
}

const overdueOf = (all: readonly AlertCase<ChurnCaseDetails>[]) => {
  const cases = [...all].sort((a, b) => b.details.valueAtRisk - a.details.valueAtRisk || a.subject.localeCompare(b.subject));
  return {
  overdue: cases.slice(0, PACING_OVERDUE_SHOWN).map((c) => ({ name: c.details.name, customerExternalId: c.details.customerExternalId, rhythm: c.details.rhythm })),
  moreOverdue: Math.max(0, cases.length - PACING_OVERDUE_SHOWN),
  };
};

/**
 * The targets behind pace in the given scope and filters (see {@link isBehind}), as alert cases keyed
 * by the internal id of the salesman they belong to ({@link TEAM_TARGETS} for region, category and
 * company targets). Each names the gap, the working days left, the customers whose usual orders are
 * overdue (the churn report, largest value at risk first: the salesman's own book, or the region's /
 * category's / everybody's) and, for a salesman, the best cross-sell ideas for his own customers. The
 * subject is the target (period, metric, scope): one alert per target and period, deduplicated through
 * alert_state like the other alerts (Snooze brings it back after 7 days, Handled silences it).
 */
export async function pacingCasesBySalesman(database: Database, opts: { filters: ReportFilters; scope: ReportScope }): Promise<Map<number, AlertCase<PacingCaseDetails>[]>> {
  const goals = await runReport(database, goalsReport, { filters: opts.filters, scope: opts.scope });
  const behind = goals.targets.filter(isBehind);
  const out = new Map<number, AlertCase<PacingCaseDetails>[]>();
  if (behind.length === 0) return out;
  const salesmen = behind.filter((g) => g.scope.kind === 'salesman');
  const ids = await salesmanIdsByExternal(database, [...new Set(salesmen.map((g) => g.scope.value))]);
  const everyone = await churnCases(database, { filters: opts.filters, scope: opts.scope });
  const ideas = salesmen.length > 0 ? await crossSellCasesBySalesman(database, { filters: opts.filters, scope: opts.scope, perSalesman: PACING_CROSSSELL_SHOWN }) : new Map<number, AlertCase<CrossSellCaseDetails>[]>();
  for (const g of behind) {
    const owner = g.scope.kind === 'salesman' ? ids.get(g.scope.value) : TEAM_TARGETS;
    if (owner === undefined) continue;
    let overdue: AlertCase<ChurnCaseDetails>[];
    if (g.scope.kind === 'salesman') overdue = everyone.filter((c) => c.details.ownerExternalId === g.scope.value);
    else if (g.scope.kind === 'company') overdue = everyone;
    else overdue = await churnCases(database, { filters: { ...opts.filters, [g.scope.kind]: [g.scope.value] }, scope: opts.scope });
    const crossSell =
      g.scope.kind === 'salesman'
        ? (ideas.get(owner) ?? []).map((c) => ({ customerName: c.details.customerName, productName: c.details.productName, because: c.details.becauseNames }))
        : [];
    const projected = g.projected!;
    const gap = g.target - projected.point;
    out.set(owner, [
      ...(out.get(owner) ?? []),
      {
        subject: `${g.period}/${g.metric}/${g.scope.kind}:${g.scope.value}`,
        details: {
          label: g.scope.label,
          period: g.period,
          periodTo: g.periodTo,
          metric: g.metric,
          target: g.target,
          actual: g.actual,
          projected: projected.point,
          projectedLower: projected.lower,
          projectedUpper: projected.upper,
          gap,
          workingDaysLeft: g.workingDays.left,
          workingDaysTotal: g.workingDays.total,
          neededPerWorkingDay: g.neededPerWorkingDay,
          ...overdueOf(overdue),
          crossSell,
          rank: gap / g.target,
        },
      },
    ]);
  }
  return out;
}
