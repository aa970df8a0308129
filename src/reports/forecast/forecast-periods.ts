import { dayFromYmd, dayNumber, isoDay, monthStart, nextMonthStart, weekday, ymdOf } from '../../analytics/calendar-day.js';
import type { SeriesGrain } from '../../db/queries/period-series.js';

/** Observations per seasonal cycle for each grain: a year of quarters, of months, of weeks; a week of days. */
export const SEASON_LENGTH: Record<SeriesGrain, number> = { quarter: 4, month: 12, week: 52, day: 7 };

/** Forecast steps by default: two years of quarters, a year of months, a quarter of weeks, four weeks of days. */
export const DEFAULT_HORIZON: Record<SeriesGrain, number> = { quarter: 8, month: 12, week: 13, day: 28 };

/** First day of the period (quarter, month, ISO week from Monday, day) holding `day`. */
export function periodStart(day: string, grain: SeriesGrain): string {
  const n = dayNumber(day);
  if (grain === 'quarter') {
    const { year, month } = ymdOf(n);
    return isoDay(dayFromYmd(year, month - ((month - 1) % 3), 1));
  }
  if (grain === 'month') return isoDay(monthStart(n));
  if (grain === 'week') return isoDay(n - weekday(n));
  return day;
}

/** First day of the period after the one starting on `start`. */
export function nextPeriod(start: string, grain: SeriesGrain): string {
  const n = dayNumber(start);
  if (grain === 'quarter') {
    const { year, month } = ymdOf(n);
    // month + 3 past December rolls over into the next year (dayFromYmd rolls fields like Date.UTC)
    return isoDay(dayFromYmd(year, month - ((month - 1) % 3) + 3, 1));
  }
  if (grain === 'month') return isoDay(nextMonthStart(n));
  return isoDay(n + (grain === 'week' ? 7 : 1));
}

/** Last day of the period starting on `start`. */
export function periodEnd(start: string, grain: SeriesGrain): string {
  return isoDay(dayNumber(nextPeriod(start, grain)) - 1);
}

/** Label for people: `2024-Q1` for quarters, `2024-03` for months, the Monday for weeks, the day for days. */
export function periodLabel(start: string, grain: SeriesGrain): string {
  if (grain === 'quarter') return `${start.slice(0, 4)}-Q${Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1}`;
  return grain === 'month' ? start.slice(0, 7) : start;
}
