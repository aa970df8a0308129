/**
 * Civil-calendar arithmetic on day numbers (days since 1970-01-01). The generator thinks in local
 * calendar days and writes local times without an offset, so no time zone is needed here: the importer
 * reads such values in SALES_TZ, which puts every planted hour-of-day pattern in the business zone.
 */

import { dayFromYmd, ymdOf } from '../analytics/calendar-day.js';

// The day-number primitives live in src/analytics/calendar-day.ts; re-exported under the demo's names.
export { dayFromYmd as dayNumber, isoDay, weekday as weekdayOf, ymdOf, type Ymd } from '../analytics/calendar-day.js';

/** The calendar day a Date names by its UTC fields (the convention for `end`: `new Date('2025-06-30')`). */
export function dayOfDate(d: Date): number {
  return dayFromYmd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;

/** First day of the month `monthsBack` months before the month of `day`. */
export function monthStartBefore(day: number, monthsBack: number): number {
  const { year, month } = ymdOf(day);
  const index = year * 12 + (month - 1) - monthsBack;
  return dayFromYmd(Math.floor(index / 12), (index % 12) + 1, 1);
}

/** "00".."59", so the hot loop formats a time of day with three lookups and no padding calls. */
export const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, i) => pad2(i));

/** Local date-time without offset: `YYYY-MM-DDTHH:MM:SS`. */
export function localTimestamp(isoDate: string, secondOfDay: number): string {
  const h = Math.floor(secondOfDay / 3600);
  const m = Math.floor((secondOfDay % 3600) / 60);
  const s = secondOfDay % 60;
  return `${isoDate}T${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[s]}`;
}
