import { WeightedPicker, type Rng } from './rng.js';
import { weekdayOf, ymdOf } from './calendar.js';

/**
 * The calendar rhythm of demand. Seasonality, timing and consistency reports read these shapes back out
 * of the generated orders, so they are deliberately pronounced.
 */

/** Jan..Dec: a November peak (year-end budgets, Black Friday), a smaller December, a July/August dip. */
export const MONTH_FACTOR: readonly number[] = [0.9, 0.95, 1.05, 1.0, 1.0, 0.9, 0.72, 0.66, 1.05, 1.1, 1.55, 1.2];

/** Mon..Sun: Tuesday is the busiest day; weekends are nearly empty (a B2B shop). */
export const WEEKDAY_FACTOR: readonly number[] = [1.0, 1.3, 1.05, 1.0, 0.85, 0.1, 0.04];

/** Orders are placed between 06:00 and 22:59 local time, never in the hours a DST switch can skip. */
export const FIRST_ORDER_HOUR = 6;

/** Relative orders per hour from 06 to 22 on a working day: morning peak at 10, a lunch dip. */
const WORKDAY_HOURS = [0.2, 0.6, 1.2, 1.8, 2.0, 1.7, 0.9, 1.2, 1.5, 1.4, 1.1, 0.7, 0.35, 0.2, 0.15, 0.1, 0.05];
const WEEKEND_HOURS = [0.05, 0.1, 0.3, 0.6, 0.8, 0.9, 0.8, 0.7, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.15, 0.1, 0.05];
/** Tuesday morning is when purchasing departments place the week's orders: 09–11 gets a strong boost. */
const TUESDAY_BOOST: Readonly<Record<number, number>> = { 8: 1.2, 9: 1.6, 10: 1.7, 11: 1.2 };

/** Weight of one day in expected orders, before the customer base is taken into account. */
export function dayFactor(day: number): number {
  const { month, day: dom } = ymdOf(day);
  let f = MONTH_FACTOR[month - 1]! * WEEKDAY_FACTOR[weekdayOf(day)]!;
  // Christmas to New Year: offices are closed.
  if ((month === 12 && (dom === 24 || dom === 25 || dom === 26 || dom === 31)) || (month === 1 && dom === 1)) f *= 0.15;
  return f;
}

function hourWeights(weekday: number): number[] {
  const base = weekday >= 5 ? WEEKEND_HOURS : WORKDAY_HOURS;
  return base.map((w, i) => (weekday === 1 ? w * (TUESDAY_BOOST[FIRST_ORDER_HOUR + i] ?? 1) : w));
}

const HOUR_PICKERS: readonly WeightedPicker[] = Array.from({ length: 7 }, (_, wd) => new WeightedPicker(hourWeights(wd)));

/** A second of the day (local) for an order placed on a day with this weekday. */
export function orderSecondOfDay(rng: Rng, weekday: number): number {
  const hour = FIRST_ORDER_HOUR + HOUR_PICKERS[weekday]!.pick(rng);
  return hour * 3600 + rng.int(0, 3599);
}

/** A second within office hours (08:00–17:59), for calls, visits and CRM updates. */
export function officeSecondOfDay(rng: Rng): number {
  return rng.int(8, 17) * 3600 + rng.int(0, 3599);
}

export function isWorkday(day: number): boolean {
  return weekdayOf(day) < 5;
}
