/**
 * Pipeline speed and conversion by month: what shows a slowing pipeline before revenue does.
 *
 * Counted by the month a lead *left* a stage (a flow view), not by the month it was created: a cohort
 * view of recent months is still open and would read as a fall in conversion every month. Months are
 * business months (SALES_TZ), given per event by the caller as `YYYY-MM`.
 *
 * For each month m of `months`:
 * - `created`: leads created in m.
 * - Stage `lead` is left at the first of: the opportunity entry, else the close (won or lost, see
 *   {@link closeOf}). Left forward = it reached opportunity or was won. `leadToOpportunity` =
 *   forward ÷ left in m; `medianDaysAsLead` = median of (left − created) in days over those that left in m.
 * - Stage `opportunity` is left at the close of a lead that entered opportunity before (or at) its
 *   close. `opportunityToWon` = won ÷ (won + lost) of those closed in m; `medianDaysAsOpportunity`
 *   = median of (close − opportunity entry) in days.
 * - `winRate` = won ÷ (won + lost) over every lead closed in m (with or without an opportunity stage);
 *   `medianDaysToClose` = median of (close − created) in days over them.
 * Ratios and medians are null when their month has no lead to count (never 0 ÷ 0). Days are
 * fractional (ms ÷ 86 400 000); medians are type-7 (mean of the two middle values).
 *
 * @module
 */
import { DAY_MS } from './calendar-day.js';
import { toMs, type Instant } from './funnel.js';
import { medianSorted } from './quantile.js';

export interface TrendLead {
  createdAt: Instant;
  opportunityAt: Instant | null;
  wonAt: Instant | null;
  lostAt: Instant | null;
  /** Business month (`YYYY-MM`) of each of the instants above; null where the instant is null. */
  createdMonth: string;
  opportunityMonth: string | null;
  wonMonth: string | null;
  lostMonth: string | null;
}

export interface FunnelMonth {
  month: string;
  created: number;
  /** Leads that left the lead stage in the month, and how many of them went forward. */
  leftLead: number;
  leftLeadForward: number;
  leadToOpportunity: number | null;
  medianDaysAsLead: number | null;
  /** Opportunities closed in the month, and how many of them were won. */
  closedOpportunities: number;
  opportunitiesWon: number;
  opportunityToWon: number | null;
  medianDaysAsOpportunity: number | null;
  won: number;
  lost: number;
  winRate: number | null;
  medianDaysToClose: number | null;
}

/**
 * The close of a lead: won when it has a won entry and no later lost entry, lost when it has a lost
 * entry and no later-or-equal won entry (the funnel's own rule), with the month of that entry.
 */
export function closeOf(l: TrendLead): { won: boolean; at: number; month: string } | null {
  const w = l.wonAt === null ? null : toMs(l.wonAt);
  const x = l.lostAt === null ? null : toMs(l.lostAt);
  if (w !== null && (x === null || w >= x)) return { won: true, at: w, month: l.wonMonth! };
  if (x !== null) return { won: false, at: x, month: l.lostMonth! };
  return null;
}

interface Acc {
  created: number;
  leadDays: number[];
  leadForward: number;
  oppDays: number[];
  oppWon: number;
  closeDays: number[];
  won: number;
  lost: number;
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);
const median = (v: number[]): number | null => (v.length === 0 ? null : medianSorted(Float64Array.from(v).sort()));

/** Conversion and days per stage for each month of `months` (ascending `YYYY-MM`); see the module doc. */
export function funnelByMonth(leads: readonly TrendLead[], months: readonly string[]): FunnelMonth[] {
  const acc = new Map<string, Acc>(
    months.map((m) => [m, { created: 0, leadDays: [], leadForward: 0, oppDays: [], oppWon: 0, closeDays: [], won: 0, lost: 0 }]),
  );
  for (const l of leads) {
    const created = toMs(l.createdAt);
    const close = closeOf(l);
    const opp = l.opportunityAt === null ? null : toMs(l.opportunityAt);
    const c = acc.get(l.createdMonth);
    if (c) c.created++;
    // Leaving the lead stage: the opportunity entry, else the close.
    const leftAt = opp ?? close?.at ?? null;
    const leftMonth = opp !== null ? l.opportunityMonth : (close?.month ?? null);
    const left = leftMonth === null ? undefined : acc.get(leftMonth);
    if (left && leftAt !== null) {
      left.leadDays.push(Math.max(0, leftAt - created) / DAY_MS);
      if (opp !== null || close?.won === true) left.leadForward++;
    }
    if (close === null) continue;
    const closed = acc.get(close.month);
    if (!closed) continue;
    closed.closeDays.push(Math.max(0, close.at - created) / DAY_MS);
    if (close.won) closed.won++;
    else closed.lost++;
    if (opp !== null && opp <= close.at) {
      closed.oppDays.push((close.at - opp) / DAY_MS);
      if (close.won) closed.oppWon++;
    }
  }
  return months.map((month) => {
    const a = acc.get(month)!;
    return {
      month,
      created: a.created,
      leftLead: a.leadDays.length,
      leftLeadForward: a.leadForward,
      leadToOpportunity: ratio(a.leadForward, a.leadDays.length),
      medianDaysAsLead: median(a.leadDays),
      closedOpportunities: a.oppDays.length,
      opportunitiesWon: a.oppWon,
      opportunityToWon: ratio(a.oppWon, a.oppDays.length),
      medianDaysAsOpportunity: median(a.oppDays),
      won: a.won,
      lost: a.lost,
      winRate: ratio(a.won, a.won + a.lost),
      medianDaysToClose: median(a.closeDays),
    };
  });
}

/** The `YYYY-MM` months from the month of `from` to the month of `to` (ISO days), ascending. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endKey = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > endKey) break;
    out.push(key);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}
