/**
 * Civil-calendar arithmetic on day numbers (days since 1970-01-01). The generator thinks in local
 * calendar days and writes local times without an offset, so no time zone is needed here: the importer
 * reads such values in SALES_TZ, which puts every planted hour-of-day pattern in the business zone.
 */

const MS_PER_DAY = 86_400_000;

export function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** The calendar day a Date names by its UTC fields (the convention for `end`: `new Date('2025-06-30')`). */
export function dayOfDate(d: Date): number {
  return dayNumber(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export interface Ymd {
  year: number;
  month: number; // 1..12
  day: number;
}

export function ymdOf(day: number): Ymd {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;

/** YYYY-MM-DD */
export function isoDay(day: number): string {
  const { year, month, day: d } = ymdOf(day);
  return `${year}-${pad2(month)}-${pad2(d)}`;
}

/** First day of the month `monthsBack` months before the month of `day`. */
export function monthStartBefore(day: number, monthsBack: number): number {
  const { year, month } = ymdOf(day);
  const index = year * 12 + (month - 1) - monthsBack;
  return dayNumber(Math.floor(index / 12), (index % 12) + 1, 1);
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
