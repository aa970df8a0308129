/**
 * Sales funnel and win rate from per-lead stage entries.
 *
 * Timestamps may be `Date`, epoch milliseconds or ISO strings; the window is [from, to).
 * - Funnel (cohort): leads created in the window. Stages are cumulative ("reached at least"):
 *   lead = every lead of the cohort; opportunity = entered opportunity or won; won = outcome won.
 *   conversion = count / count of the previous stage (null for the first stage, and when the
 *   previous count is 0). Lost is counted apart (outcome lost), with reasons (null → "unspecified").
 * - Outcome: won if it has a won entry and no later lost entry; lost if it has a lost entry and no
 *   later (or equal) won entry; otherwise open. closedAt = the entry of the outcome.
 * - Win rate (per salesman and overall): over leads *closed in the window* (closedAt ∈ [from, to)),
 *   won ÷ (won + lost); null when none closed.
 * - Days to close = (closedAt − createdAt) / 86 400 000 (fractional days); medians are type-7 medians
 *   (mean of the two middle values), null when empty. medianDaysToClose is over won and lost leads,
 *   medianDaysToWin over won leads only.
 *
 * The SQL layer must return every lead created in the window or closed in it, one row per lead with
 * its stage entries pivoted into columns.
 *
 * @module
 */
import { DAY_MS } from './calendar-day.js';
import { medianSorted } from './quantile.js';
import { compareIds, type EntityId } from './ids.js';

export type Instant = Date | number | string;

export interface LeadRow {
  leadId: EntityId;
  salesmanId: EntityId | null;
  createdAt: Instant;
  /** First entry into each stage (null = never entered). */
  opportunityAt: Instant | null;
  wonAt: Instant | null;
  lostAt: Instant | null;
  lostReason: string | null;
}

export const FUNNEL_STAGES = ['lead', 'opportunity', 'won'] as const;

export interface FunnelStage {
  stage: (typeof FUNNEL_STAGES)[number];
  count: number;
  conversion: number | null;
}

export interface SalesmanWinRate {
  salesmanId: EntityId | null;
  won: number;
  lost: number;
  winRate: number | null;
  medianDaysToClose: number | null;
}

export interface FunnelResult {
  stages: FunnelStage[];
  lost: { count: number; reasons: { reason: string; count: number }[] };
  /** Cohort leads neither won nor lost. */
  open: number;
  /** won desc, then winRate desc, then salesmanId asc (null = unassigned last). */
  bySalesman: SalesmanWinRate[];
  won: number;
  lostClosed: number;
  winRate: number | null;
  medianDaysToClose: number | null;
  medianDaysToWin: number | null;
}

export function toMs(t: Instant): number {
  const ms = t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t);
  if (Number.isNaN(ms)) throw new RangeError(`invalid instant: ${String(t)}`);
  return ms;
}

function outcome(l: LeadRow): { state: 'won' | 'lost' | 'open'; closedAt: number | null } {
  const w = l.wonAt === null ? null : toMs(l.wonAt);
  const x = l.lostAt === null ? null : toMs(l.lostAt);
  if (w !== null && (x === null || w >= x)) return { state: 'won', closedAt: w };
  if (x !== null) return { state: 'lost', closedAt: x };
  return { state: 'open', closedAt: null };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  return medianSorted(Float64Array.from(values).sort());
}

export function funnel(leads: readonly LeadRow[], window: { from: Instant; to: Instant }): FunnelResult {
  const from = toMs(window.from);
  const to = toMs(window.to);
  const inWindow = (t: number): boolean => t >= from && t < to;

  let cohort = 0;
  let opp = 0;
  let wonCohort = 0;
  let lostCohort = 0;
  const reasons = new Map<string, number>();
  const per = new Map<EntityId | null, { won: number; lost: number; days: number[] }>();
  const closeDays: number[] = [];
  const winDays: number[] = [];
  let won = 0;
  let lost = 0;

  for (const l of leads) {
    const created = toMs(l.createdAt);
    const o = outcome(l);
    if (inWindow(created)) {
      cohort++;
      if (l.opportunityAt !== null || o.state === 'won' || l.wonAt !== null) opp++;
      if (o.state === 'won') wonCohort++;
      else if (o.state === 'lost') {
        lostCohort++;
        const reason = l.lostReason?.trim() || 'unspecified';
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
    }
    if (o.closedAt !== null && inWindow(o.closedAt)) {
      let s = per.get(l.salesmanId);
      if (s === undefined) per.set(l.salesmanId, (s = { won: 0, lost: 0, days: [] }));
      const days = (o.closedAt - created) / DAY_MS;
      s.days.push(days);
      closeDays.push(days);
      if (o.state === 'won') {
        s.won++;
        won++;
        winDays.push(days);
      } else {
        s.lost++;
        lost++;
      }
    }
  }

  const counts = [cohort, opp, wonCohort];
  const stages = FUNNEL_STAGES.map((stage, i): FunnelStage => {
    const prev = i === 0 ? 0 : counts[i - 1]!;
    return { stage, count: counts[i]!, conversion: i === 0 || prev === 0 ? null : counts[i]! / prev };
  });
  const bySalesman = [...per.entries()].map(
    ([salesmanId, s]): SalesmanWinRate => ({
      salesmanId,
      won: s.won,
      lost: s.lost,
      winRate: s.won + s.lost > 0 ? s.won / (s.won + s.lost) : null,
      medianDaysToClose: median(s.days),
    }),
  );
  bySalesman.sort((a, b) => {
    if (a.won !== b.won) return b.won - a.won;
    const ra = a.winRate ?? -1;
    const rb = b.winRate ?? -1;
    if (ra !== rb) return rb - ra;
    if (a.salesmanId === null) return b.salesmanId === null ? 0 : 1;
    if (b.salesmanId === null) return -1;
    return compareIds(a.salesmanId, b.salesmanId);
  });
  return {
    stages,
    lost: {
      count: lostCohort,
      reasons: [...reasons.entries()]
        .map(([reason, count]) => ({ reason, count }))
        .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0)),
    },
    open: cohort - wonCohort - lostCohort,
    bySalesman,
    won,
    lostClosed: lost,
    winRate: won + lost > 0 ? won / (won + lost) : null,
    medianDaysToClose: median(closeDays),
    medianDaysToWin: median(winDays),
  };
}
