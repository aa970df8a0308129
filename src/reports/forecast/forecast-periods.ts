import { dayNumber, isoDay, monthStart, nextMonthStart, weekday } from '../../analytics/calendar-day.js';
import type { SeriesGrain } from '../../db/queries/period-series.js';

/** Observations per seasonal cycle for each grain: a year of months, a year of weeks, a week of days. */
export const SEASON_LENGTH: Record<SeriesGrain, number> = { month: 12, week: 52, day: 7 };

/** Forecast steps by default: a year of months, a quarter of weeks, four weeks of days. */
export const DEFAULT_HORIZON: Record<SeriesGrain, number> = { month: 12, week: 13, day: 28 };

/** First day of the period (month, ISO week from Monday, day) holding `day`. */
export function periodStart(day: string, grain: SeriesGrain): string {
  const n = dayNumber(day);
  if (grain === 'month') return isoDay(monthStart(n));
  if (grain === 'week') return isoDay(n - weekday(n));
  return day;
}

/** First day of the period after the one starting on `start`. */
export function nextPeriod(start: string, grain: SeriesGrain): string {
  const n = dayNumber(start);
  if (grain === 'month') return isoDay(nextMonthStart(n));
  return isoDay(n + (grain === 'week' ? 7 : 1));
}

/** Last day of the period starting on `start`. */
export function periodEnd(start: string, grain: SeriesGrain): string {
  return isoDay(dayNumber(nextPeriod(start, grain)) - 1);
}

/** Label for people: `2024-03` for months, the Monday for weeks, the day for days. */
export function periodLabel(start: string, grain: SeriesGrain): string {
  return grain === 'month' ? start.slice(0, 7) : start;
}
