import { dayNumber, isoDay } from '../../analytics/calendar-day.js';
import { funnel, type FunnelStage } from '../../analytics/funnel.js';
import { funnelByMonth, monthsBetween, type FunnelMonth } from '../../analytics/funnel-trend.js';
import { dayBoundsMs, leadFunnelRows } from '../../db/queries/lead-funnel.js';
import { formatInt, formatPercent } from '../../lib/format.js';
import type { ReportView } from '../../views/report-view.js';
import { capped } from '../report-context.js';
import type { ReportContext, ReportEnvelope } from '../report-module.js';

/** Window used when the request gives no start date: the 365 days ending on the period's last day. */
export const DEFAULT_FUNNEL_DAYS = 365;

export interface FunnelSalesman {
  /** Portal id; null = leads without a salesman. */
  salesmanId: string | null;
  name: string;
  won: number;
  lost: number;
  /** won ÷ (won + lost) of the leads this salesman closed in the window; null when none closed. */
  winRate: number | null;
  medianDaysToClose: number | null;
}

export interface FunnelReport {
  /** The window actually used (inclusive business days). */
  window: { from: string; to: string };
  /** Cohort of leads created in the window: lead → opportunity → won, cumulative; conversion vs previous stage. */
  stages: FunnelStage[];
  /** Cohort leads that were lost, with reasons (null reason → "unspecified"). */
  lost: { count: number; reasons: { reason: string; count: number }[] };
  /** Cohort leads still open. */
  open: number;
  /** How the cohort's opportunities ended (won + lost + open = the opportunity stage's count); the rest of `lost`/`open` never got that far. */
  opportunityOutcomes: { won: number; lost: number; open: number };
  /** Leads closed in the window, per salesman: won desc, win rate desc, id asc, unassigned last. */
  bySalesman: FunnelSalesman[];
  /** Over leads closed in the window. */
  won: number;
  lostClosed: number;
  winRate: number | null;
  /** Days from creation to the won/lost entry (fractional), medians of leads closed in the window. */
  medianDaysToClose: number | null;
  medianDaysToWin: number | null;
  /**
   * Conversion and median days per stage by business month of the window, counted when leads leave a
   * stage (see funnel-trend.ts), so a slower pipeline shows before revenue does.
   */
  byMonth: FunnelMonth[];
}

/**
 * Funnel and win rate over a window: the request's `from:`/`last:` and `to:`, else the 365 days ending
 * on the period's last day. The funnel counts leads *created* in the window (cohort); win rates count
 * leads *closed* (won or lost) in it, whenever they were created. Region / customer filters apply via
 * the lead's customer, salesman and role scope via the lead's salesman; category does not apply.
 */
export async function computeFunnel(ctx: ReportContext): Promise<FunnelReport> {
  const to = ctx.period.to;
  const from = ctx.period.from ?? isoDay(dayNumber(to) - (DEFAULT_FUNNEL_DAYS - 1));
  const [leads, bounds] = await Promise.all([
    leadFunnelRows(ctx.database, ctx.lines, from, to),
    dayBoundsMs(ctx.database, ctx.lines, from, to),
  ]);
  const names = new Map(leads.map((l) => [l.salesmanId, l.salesmanName ?? '']));
  const window = { from: bounds.start, to: bounds.end };
  const f = funnel(leads, window);
  // The same funnel over the leads that reached opportunity (the stage's own test) splits lost/open by stage.
  const o = funnel(
    leads.filter((l) => l.opportunityAt !== null || l.wonAt !== null),
    window,
  );
  return {
    window: { from, to },
    stages: f.stages,
    lost: f.lost,
    open: f.open,
    opportunityOutcomes: { won: o.stages[2]!.count, lost: o.lost.count, open: o.open },
    bySalesman: capped(f.bySalesman, ctx.limit).map((s) => ({
      salesmanId: s.salesmanId === null ? null : String(s.salesmanId),
      name: s.salesmanId === null ? '(unassigned)' : (names.get(String(s.salesmanId)) ?? ''),
      won: s.won,
      lost: s.lost,
      winRate: s.winRate,
      medianDaysToClose: s.medianDaysToClose,
    })),
    won: f.won,
    lostClosed: f.lostClosed,
    winRate: f.winRate,
    medianDaysToClose: f.medianDaysToClose,
    medianDaysToWin: f.medianDaysToWin,
    byMonth: funnelByMonth(leads, monthsBetween(from, to)),
  };
}

const pct = (x: number | null): string => (x === null ? '—' : formatPercent(x));
export const days = (x: number | null): string => (x === null ? '—' : `${x.toFixed(1)} d`);

function summaryFigures(r: FunnelReport): ReportView['keyFigures'] {
  return [
    { label: 'Win rate (closed in window)', value: `${pct(r.winRate)} (${formatInt(r.won)} won, ${formatInt(r.lostClosed)} lost)` },
    { label: 'Median days to close', value: `${days(r.medianDaysToClose)} (to win: ${days(r.medianDaysToWin)})` },
  ];
}

export function funnelView(r: FunnelReport & ReportEnvelope): ReportView {
  const top = r.stages[0]?.count ?? 0;
  const reasons = r.lost.reasons.slice(0, 5).map((x) => `${x.reason} ${formatInt(x.count)}`).join(', ');
  return {
    title: `Sales funnel · leads created ${r.window.from} to ${r.window.to}`,
    keyFigures: [
      ...summaryFigures(r),
      { label: 'Lost (cohort)', value: `${formatInt(r.lost.count)}${reasons ? ` — ${reasons}` : ''}` },
      { label: 'Still open (cohort)', value: formatInt(r.open) },
    ],
    columns: [{ label: 'stage' }, { label: 'leads', align: 'r' }, { label: 'conversion', align: 'r' }, { label: 'of leads', align: 'r' }],
    rows: r.stages.map((s) => [s.stage, formatInt(s.count), pct(s.conversion), top ? formatPercent(s.count / top) : '—']),
    notes: top === 0 ? ['No lead was created in this window.'] : [],
  };
}

export function winrateView(r: FunnelReport & ReportEnvelope): ReportView {
  return {
    title: `Win rate by salesman · leads closed ${r.window.from} to ${r.window.to}`,
    keyFigures: summaryFigures(r),
    columns: [
      { label: 'salesman' },
      { label: 'name' },
      { label: 'won', align: 'r' },
      { label: 'lost', align: 'r' },
      { label: 'win rate', align: 'r' },
      { label: 'median days', align: 'r' },
    ],
    rows: r.bySalesman.map((s) => [s.salesmanId ?? '—', s.name, formatInt(s.won), formatInt(s.lost), pct(s.winRate), days(s.medianDaysToClose)]),
    notes: r.bySalesman.length === 0 ? ['No lead was won or lost in this window.'] : [],
    export: {
      columns: ['salesman_id', 'salesman', 'won', 'lost', 'win_rate', 'median_days_to_close'],
      rows: r.bySalesman.map((s) => [s.salesmanId, s.name, s.won, s.lost, s.winRate, s.medianDaysToClose]),
    },
  };
}

