import type { FunnelMonth } from '../../analytics/funnel-trend.js';
import { formatInt, formatPercent } from '../../lib/format.js';
import type { ReportView } from '../../views/report-view.js';
import { days, type FunnelReport } from '../funnel/funnel-report.js';
import type { ReportEnvelope } from '../report-module.js';

/** Months compared in the headline: the last ones of the window against as many before them. */
export const TREND_MONTHS = 3;

const pct = (x: number | null): string => (x === null ? '—' : formatPercent(x));

/** A run of months taken together. */
interface Pooled {
  leadToOpportunity: number | null;
  opportunityToWon: number | null;
  daysAsOpportunity: number | null;
}

/**
 * Conversion of a run of months as the ratio of their sums, so a month with two leads weighs less than
 * one with two hundred; days as opportunity as the mean of the monthly medians weighted by closes (the
 * monthly rows keep medians, not every lead's days).
 */
export function pooled(months: readonly FunnelMonth[]): Pooled {
  let left = 0;
  let forward = 0;
  let closed = 0;
  let won = 0;
  let dayWeight = 0;
  let daySum = 0;
  for (const m of months) {
    left += m.leftLead;
    forward += m.leftLeadForward;
    closed += m.closedOpportunities;
    won += m.opportunitiesWon;
    if (m.medianDaysAsOpportunity !== null) {
      daySum += m.medianDaysAsOpportunity * m.closedOpportunities;
      dayWeight += m.closedOpportunities;
    }
  }
  return {
    leadToOpportunity: left === 0 ? null : forward / left,
    opportunityToWon: closed === 0 ? null : won / closed,
    daysAsOpportunity: dayWeight === 0 ? null : daySum / dayWeight,
  };
}

/** "34% → 28%" or "21.0 d → 30.5 d": before and after, the way a manager reads a trend. */
const change = (before: string, after: string): string => `${before} → ${after}`;

/**
 * The monthly pipeline table: per month, leads created, lead → opportunity and days as lead,
 * opportunity → won and days as opportunity, win rate and days to close; headline figures compare the
 * last {@link TREND_MONTHS} months with the ones before, or give the window's win rate when the window
 * is shorter than that or no lead left a stage in those months.
 */
export function cycleView(r: FunnelReport & ReportEnvelope): ReportView {
  const months = r.byMonth ?? [];
  const recent = months.slice(-TREND_MONTHS);
  const before = months.slice(-2 * TREND_MONTHS, -TREND_MONTHS);
  const a = pooled(before);
  const b = pooled(recent);
  const span = recent.length ? `${recent[0]!.month}–${recent.at(-1)!.month}` : '';
  // Without a lead leaving a stage in those months every comparison would read "— → —": the window's
  // win rate says more, as for a window too short to compare.
  const comparable = before.length === TREND_MONTHS && [a, b].some((x) => x.leadToOpportunity !== null || x.opportunityToWon !== null || x.daysAsOpportunity !== null);
  const keyFigures: ReportView['keyFigures'] =
    comparable
      ? [
          { label: `Lead → opportunity (${span} vs ${TREND_MONTHS} months before)`, value: change(pct(a.leadToOpportunity), pct(b.leadToOpportunity)) },
          { label: 'Opportunity → won', value: change(pct(a.opportunityToWon), pct(b.opportunityToWon)) },
          { label: 'Days as opportunity (median)', value: change(days(a.daysAsOpportunity), days(b.daysAsOpportunity)) },
        ]
      : [{ label: 'Win rate (closed in window)', value: `${pct(r.winRate)} (${formatInt(r.won)} won, ${formatInt(r.lostClosed)} lost)` }];
  const quiet = months.every((m) => m.created === 0 && m.leftLead === 0 && m.won + m.lost === 0);
  return {
    title: `Pipeline by month · ${r.window.from} to ${r.window.to}`,
    keyFigures,
    columns: [
      { label: 'month' },
      { label: 'created', align: 'r' },
      { label: 'lead → opp', align: 'r' },
      { label: 'days as lead', align: 'r' },
      { label: 'opp → won', align: 'r' },
      { label: 'days as opp', align: 'r' },
      { label: 'win rate', align: 'r' },
      { label: 'days to close', align: 'r' },
    ],
    rows: months.map((m) => [
      m.month,
      formatInt(m.created),
      pct(m.leadToOpportunity),
      days(m.medianDaysAsLead),
      pct(m.opportunityToWon),
      days(m.medianDaysAsOpportunity),
      pct(m.winRate),
      days(m.medianDaysToClose),
    ]),
    notes: quiet
      ? ['No lead was created, moved or closed in this window.']
      : ['Counted in the month a lead left each stage, so recent months are not still waiting for their leads to close.'],
    export: {
      columns: ['month', 'created', 'left_lead', 'left_lead_forward', 'lead_to_opportunity', 'median_days_as_lead', 'closed_opportunities', 'opportunities_won', 'opportunity_to_won', 'median_days_as_opportunity', 'won', 'lost', 'win_rate', 'median_days_to_close'],
      rows: months.map((m) => [m.month, m.created, m.leftLead, m.leftLeadForward, m.leadToOpportunity, m.medianDaysAsLead, m.closedOpportunities, m.opportunitiesWon, m.opportunityToWon, m.medianDaysAsOpportunity, m.won, m.lost, m.winRate, m.medianDaysToClose]),
    },
  };
}
