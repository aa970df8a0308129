import { workingDays, type IsoDay } from './calendar-day.js';

/**
 * Target pacing: how far into a period we are (in working days), where the target says we should be
 * (linearly and by the season), where the period is heading, and what each remaining working day needs.
 * Pure: the caller brings the actuals (SQL over the rollups) and the same periods of earlier years.
 */

/** Working days of a target's period as of a day. */
export interface PeriodProgress {
  /** Working days in the whole period. */
  total: number;
  /** Working days from the period's first day through the as-of day (inclusive); 0 before it starts. */
  elapsed: number;
  /** total − elapsed. */
  left: number;
}

/**
 * Working days of [from, to] through `asOf` (inclusive: the as-of day's sales count as done, like the
 * KPI cards' month to date). `workdays` are ISO weekdays, 1 = Monday … 7 = Sunday (SALES_WORKDAYS).
 */
export function periodProgress(period: { from: IsoDay; to: IsoDay }, asOf: IsoDay, workdays: readonly number[]): PeriodProgress {
  const zeroBased = workdays.map((d) => d - 1);
  const total = workingDays(period.from, period.to, zeroBased).length;
  const through = asOf < period.to ? asOf : period.to;
  const elapsed = through < period.from ? 0 : workingDays(period.from, through, zeroBased).length;
  return { total, elapsed, left: total - elapsed };
}

/**
 * Share of the period's working days that have passed, 0..1. A period without working days counts as
 * passed once its last day is reached (share 1), else not at all (0).
 */
export function linearShare(p: PeriodProgress): number {
  if (p.total === 0) return p.left === 0 && p.elapsed === 0 ? 0 : 1;
  return p.elapsed / p.total;
}

/** Linear pace: target × elapsed working days ÷ working days in the period (same unit as the target). */
export function linearPace(target: number, p: PeriodProgress): number {
  return target * linearShare(p);
}

/** The same period in an earlier year: its amount through the same day of the period, and in all. */
export interface PastPeriod {
  /** Amount from the period's first day through the day at the same offset as the as-of day. */
  toDate: number;
  total: number;
  /** Working days of that period after that day. */
  workingDaysLeft: number;
}

export interface ExpectedShare {
  /** 0..1: the part of the period's total expected to fall before (and on) the as-of day. */
  share: number;
  /** `history`: pooled from earlier years; `linear`: no usable year, so the working-day share. */
  source: 'history' | 'linear';
  /** Earlier years the share was pooled from. */
  years: number;
}

/**
 * The season's expected share of a period's total that falls by the as-of day: over the same period
 * of earlier years (only those wholly inside the data, with a positive total), Σ amount through the same
 * day-of-period ÷ Σ period total — pooled rather than averaged, so a thin year weighs little. Falls back
 * to the linear working-day share when no year qualifies. Clamped to 0..1 (refunds can push a year's
 * partial sum past its total).
 *
 * Stand-in: the forecast (ETS, issue "Pulse") will supply this share from its fitted seasonal profile;
 * when it lands, the goals report takes the forecast's share and this function remains the fallback.
 */
export function expectedShare(past: readonly PastPeriod[], progress: PeriodProgress): ExpectedShare {
  const usable = past.filter((y) => y.total > 0);
  if (usable.length === 0) return { share: linearShare(progress), source: 'linear', years: 0 };
  const toDate = usable.reduce((s, y) => s + y.toDate, 0);
  const total = usable.reduce((s, y) => s + y.total, 0);
  return { share: Math.min(1, Math.max(0, toDate / total)), source: 'history', years: usable.length };
}

/** Seasonal pace: target × the expected share of the period's total that falls by the as-of day. */
export function seasonalPace(target: number, share: Pick<ExpectedShare, 'share'>): number {
  return target * share.share;
}

export interface Projection {
  /** Projected amount at the period's end. */
  point: number;
  lower: number;
  upper: number;
  /**
   * `final`: the period is over, the actual is the outcome; `history`: rest-of-period daily rates of
   * earlier years (range = their lowest and highest); `run-rate`: no usable year, the period's own rate
   * so far (no spread is known, so lower = upper = point).
   */
  basis: 'final' | 'history' | 'run-rate';
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Projected end of period = actual + working days left × a daily rate. The rates are, per earlier year
 * of the same period, (its total − its amount through the same day) ÷ its working days left: the point
 * takes their median, the range their lowest and highest. That range is only as wide as the years
 * differed (two or three years at most, not a confidence interval), and it ignores growth since then.
 * Without such a year the period's own rate so far (actual ÷ elapsed working days) is used, with no
 * range. Null when nothing is known: no earlier year and no working day elapsed yet.
 */
export function projectEnd(actual: number, progress: PeriodProgress, past: readonly PastPeriod[]): Projection | null {
  if (progress.left === 0) return { point: actual, lower: actual, upper: actual, basis: 'final' };
  const rates = past.filter((y) => y.total > 0 && y.workingDaysLeft > 0).map((y) => (y.total - y.toDate) / y.workingDaysLeft);
  if (rates.length > 0) {
    const left = progress.left;
    return {
      point: actual + left * median(rates),
      lower: actual + left * Math.min(...rates),
      upper: actual + left * Math.max(...rates),
      basis: 'history',
    };
  }
  if (progress.elapsed === 0) return null;
  const point = actual + (progress.left * actual) / progress.elapsed;
  return { point, lower: point, upper: point, basis: 'run-rate' };
}

/** What each remaining working day needs to reach the target: (target − actual)⁺ ÷ working days left; null when none is left. */
export function neededPerWorkingDay(target: number, actual: number, p: PeriodProgress): number | null {
  return p.left > 0 ? Math.max(0, target - actual) / p.left : null;
}

/** actual ÷ target; null for a zero target. */
export function attainment(target: number, actual: number): number | null {
  return target > 0 ? actual / target : null;
}
