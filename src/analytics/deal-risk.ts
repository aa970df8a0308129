/**
 * Deal risk: which open or freshly won deals need a salesman's attention, and why.
 *
 * Everything is in whole business days (calendar days in SALES_TZ, `YYYY-MM-DD`); the as-of day is
 * "today". A deal is one lead row with its current stage.
 *
 * @module
 */
import { daysBetween, type IsoDay } from './calendar-day.js';
import { quantileType7 } from './quantile.js';

export const DEAL_RISK_REASONS = ['stalled', 'no_activity', 'overdue', 'won_no_order'] as const;
export type DealRiskReason = (typeof DEAL_RISK_REASONS)[number];

/** Stages a deal can be stalled in (won and lost are ends, not stays). */
export const OPEN_STAGES = ['lead', 'opportunity'] as const;
export type OpenStage = (typeof OPEN_STAGES)[number];

/** The percentile of historical stage durations above which an open deal counts as stalled. */
export const STALLED_PERCENTILE = 0.9;
/**
 * Fewest finished stays a stage needs before its 90th percentile means anything: with fewer, the
 * stage has no threshold and no deal in it is called stalled (a warning drawn from two or three past
 * deals would be noise). The other reasons still apply.
 */
export const MIN_STAGE_HISTORY = 5;
/** Days without an activity after which an open opportunity counts as gone quiet. */
export const NO_ACTIVITY_DAYS = 14;
/** Days after winning within which the customer is expected to order. */
export const WON_NO_ORDER_DAYS = 30;

/** How many finished stays of a stage lasted `days` whole days (aggregated in SQL). */
export interface StageDurationCount {
  stage: string;
  days: number;
  count: number;
}

export interface StageThreshold {
  stage: OpenStage;
  /** Finished stays the percentile is drawn from. */
  history: number;
  /** 90th percentile (R type 7) of those stays in days; null when `history` < MIN_STAGE_HISTORY. */
  p90Days: number | null;
}

/**
 * The stalled threshold per open stage: the type-7 90th percentile of the durations (days from entering
 * the stage to entering the next one) of every finished stay. Null with fewer than MIN_STAGE_HISTORY stays.
 */
export function stageThresholds(counts: readonly StageDurationCount[]): StageThreshold[] {
  return OPEN_STAGES.map((stage) => {
    const mine = counts.filter((c) => c.stage === stage && c.count > 0).sort((a, b) => a.days - b.days);
    const sample: number[] = [];
    for (const c of mine) for (let i = 0; i < c.count; i++) sample.push(c.days);
    return { stage, history: sample.length, p90Days: sample.length < MIN_STAGE_HISTORY ? null : quantileType7(sample, STALLED_PERCENTILE) };
  });
}

/** One deal as the database describes it (no judgement yet). */
export interface DealFacts {
  leadId: string;
  customerId: string | null;
  customer: string | null;
  salesmanId: string | null;
  salesman: string | null;
  stage: 'lead' | 'opportunity' | 'won' | 'lost';
  /** The deal's amount (money, as text; `amount`, else the lead's `value`); null when unknown. */
  amount: string | null;
  /** Business day the deal entered its current stage. */
  stageDay: IsoDay;
  /** Expected close day; null when not given. */
  expectedClose: IsoDay | null;
  /** Last activity day on the deal's customer up to the as-of day; null when none (or no customer). */
  lastActivityDay: IsoDay | null;
  /** Won deals: whether the customer ordered on or after the won day (up to the as-of day). */
  orderedSinceWon: boolean;
}

export interface DealRisk {
  leadId: string;
  customerId: string | null;
  customer: string | null;
  salesmanId: string | null;
  salesman: string | null;
  stage: string;
  amount: number | null;
  /** Whole days from entering the current stage to the as-of day. */
  daysInStage: number;
  /** Days since the last activity or since entering the stage, whichever is later (open opportunities). */
  daysQuiet: number | null;
  expectedClose: IsoDay | null;
  reasons: DealRiskReason[];
}

/**
 * Judges each deal on the as-of day `asOf`:
 * - `stalled`: an open deal (lead or opportunity) with daysInStage = asOf − stageDay strictly above its
 *   stage's p90 (no threshold → never stalled, see MIN_STAGE_HISTORY);
 * - `no_activity`: an open *opportunity* whose last touch — the later of its last activity on the
 *   customer and its entry into the stage, so a fresh opportunity is not "quiet" — is ≥ 14 days before
 *   asOf (a deal without a customer has no activity to name it, so only its stage entry counts);
 * - `overdue`: an open deal whose expectedClose is before asOf (the close day itself is not overdue);
 * - `won_no_order`: a won deal with asOf − wonDay > 30 and no order by its customer since the won day
 *   (a won deal without a customer cannot be checked and is left out).
 * Lost deals carry no risk. Returns only deals with at least one reason, most reasons first, then
 * amount descending (unknown amounts last), then lead id.
 */
export function assessDeals(deals: readonly DealFacts[], thresholds: readonly StageThreshold[], asOf: IsoDay): DealRisk[] {
  const p90 = new Map(thresholds.map((t) => [t.stage, t.p90Days]));
  const out: DealRisk[] = [];
  for (const d of deals) {
    if (d.stage === 'lost') continue;
    const daysInStage = daysBetween(d.stageDay, asOf);
    const open = d.stage === 'lead' || d.stage === 'opportunity';
    const reasons: DealRiskReason[] = [];
    let daysQuiet: number | null = null;
    if (open) {
      const limit = p90.get(d.stage as OpenStage) ?? null;
      if (limit !== null && daysInStage > limit) reasons.push('stalled');
      if (d.stage === 'opportunity') {
        const touch = d.lastActivityDay !== null && d.lastActivityDay > d.stageDay ? d.lastActivityDay : d.stageDay;
        daysQuiet = daysBetween(touch, asOf);
        if (daysQuiet >= NO_ACTIVITY_DAYS) reasons.push('no_activity');
      }
      if (d.expectedClose !== null && d.expectedClose < asOf) reasons.push('overdue');
    } else if (d.customerId !== null && daysInStage > WON_NO_ORDER_DAYS && !d.orderedSinceWon) {
      reasons.push('won_no_order');
    }
    if (reasons.length === 0) continue;
    const amount = d.amount === null ? null : Number(d.amount);
    out.push({
      leadId: d.leadId,
      customerId: d.customerId,
      customer: d.customer,
      salesmanId: d.salesmanId,
      salesman: d.salesman,
      stage: d.stage,
      amount: amount !== null && Number.isFinite(amount) ? amount : null,
      daysInStage,
      daysQuiet,
      expectedClose: d.expectedClose,
      reasons,
    });
  }
  return out.sort((a, b) => b.reasons.length - a.reasons.length || (b.amount ?? -Infinity) - (a.amount ?? -Infinity) || a.leadId.localeCompare(b.leadId));
}

export interface RiskTotal {
  key: string;
  deals: number;
  /** Sum of known amounts (money units of the data). */
  amount: number;
}

/** Deals and amount at risk per reason (a deal with two reasons counts under both), in reason order. */
export function totalsByReason(deals: readonly DealRisk[]): RiskTotal[] {
  return DEAL_RISK_REASONS.map((key) => {
    const mine = deals.filter((d) => d.reasons.includes(key));
    return { key, deals: mine.length, amount: mine.reduce((s, d) => s + (d.amount ?? 0), 0) };
  });
}
