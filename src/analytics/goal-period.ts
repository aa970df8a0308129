import { dayFromYmd, isoDay, type IsoDay } from './calendar-day.js';

/** A target's period: a business month (`2026-03`) or quarter (`2026-Q1`). */
export interface GoalPeriod {
  /** Canonical text: `2026-03` or `2026-Q1`. */
  text: string;
  kind: 'month' | 'quarter';
  year: number;
  /** 1–12 for a month, 1–4 for a quarter. */
  index: number;
  /** First and last calendar day (inclusive), YYYY-MM-DD. */
  from: IsoDay;
  to: IsoDay;
}

const PERIOD_RE = /^(\d{4})-(?:(0[1-9]|1[0-2])|[Qq]([1-4]))$/;

/** Reads `2026-03` / `2026-Q1` (`q` accepted); null for anything else. */
export function parseGoalPeriod(text: string): GoalPeriod | null {
  const m = PERIOD_RE.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  return m[2] !== undefined ? goalPeriod('month', year, Number(m[2])) : goalPeriod('quarter', year, Number(m[3]));
}

/** The month or quarter `index` of `year` (index 1-based; out-of-range months/quarters roll into the next year). */
export function goalPeriod(kind: 'month' | 'quarter', year: number, index: number): GoalPeriod {
  const months = kind === 'month' ? 1 : 3;
  const firstMonth = (index - 1) * months; // 0-based, may exceed 11
  const y = year + Math.floor(firstMonth / 12);
  const m0 = ((firstMonth % 12) + 12) % 12;
  const i = kind === 'month' ? m0 + 1 : m0 / 3 + 1;
  const from = dayFromYmd(y, m0 + 1, 1);
  const next = dayFromYmd(y + Math.floor((m0 + months) / 12), ((m0 + months) % 12) + 1, 1);
  return {
    text: kind === 'month' ? `${y}-${String(i).padStart(2, '0')}` : `${y}-Q${i}`,
    kind,
    year: y,
    index: i,
    from: isoDay(from),
    to: isoDay(next - 1),
  };
}

/** The month or quarter holding `day` (YYYY-MM-DD). */
export function periodOf(kind: 'month' | 'quarter', day: IsoDay): GoalPeriod {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return kind === 'month' ? goalPeriod('month', year, month) : goalPeriod('quarter', year, Math.floor((month - 1) / 3) + 1);
}

/** The period `n` periods after `p` (negative = before): next month, last quarter, … */
export function shiftPeriod(p: GoalPeriod, n: number): GoalPeriod {
  return goalPeriod(p.kind, p.year, p.index + n);
}

/** The same period `years` years earlier (2026-Q1 → 2025-Q1). */
export function samePeriodYearsBefore(p: GoalPeriod, years: number): GoalPeriod {
  return goalPeriod(p.kind, p.year - years, p.index);
}

/** A period as a person names it, before today is known ("next quarter", "march", "2026-Q1"). */
export type GoalPeriodSpec =
  | { kind: 'exact'; period: GoalPeriod }
  | { kind: 'relative'; unit: 'month' | 'quarter'; offset: number }
  /** A month or quarter without a year: the next one from today on (the current one included). */
  | { kind: 'unyeared'; unit: 'month' | 'quarter'; index: number };

/** The period a spec names on `today` (YYYY-MM-DD). */
export function resolveGoalPeriod(spec: GoalPeriodSpec, today: IsoDay): GoalPeriod {
  switch (spec.kind) {
    case 'exact':
      return spec.period;
    case 'relative':
      return shiftPeriod(periodOf(spec.unit, today), spec.offset);
    case 'unyeared': {
      const thisYear = goalPeriod(spec.unit, Number(today.slice(0, 4)), spec.index);
      return thisYear.to >= today ? thisYear : samePeriodYearsBefore(thisYear, -1);
    }
  }
}
