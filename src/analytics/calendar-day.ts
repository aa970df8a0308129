/**
 * The one home of calendar-day arithmetic. A day is either an ISO date `YYYY-MM-DD` or a day number:
 * an integer count of days since 1970-01-01 (day 0), negative before it. Days are civil calendar days
 * read as UTC dates: any time zone (the business zone) has already been resolved by the caller (the
 * SQL layer, or the demo generator's local calendar), so nothing here knows about time zones or
 * daylight saving. Pure: no I/O, no clock.
 *
 * @module
 */

/** A calendar day `YYYY-MM-DD`. */
export type IsoDay = string;

/** Milliseconds in a day (86 400 000); a day number times this is the UTC midnight of that day in epoch ms. */
export const DAY_MS = 86_400_000;

/** A calendar date by its fields. */
export interface Ymd {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
}

/**
 * Days since 1970-01-01 of an ISO date `YYYY-MM-DD` (a longer ISO string is cut to its date part).
 * Out-of-range fields roll over like `Date.UTC` (`2024-02-30` is 2024-03-01); years 0000–0099 are read
 * as 1900–1999 (the `Date.UTC` rule).
 * @throws RangeError when `day` does not start with `YYYY-MM-DD`.
 */
export function dayNumber(day: IsoDay): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (m === null) throw new RangeError(`not an ISO date: ${day}`);
  return Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
}

/**
 * Lenient {@link dayNumber}: the day number of exactly `YYYY-MM-DD` as `Date.parse` reads
 * `YYYY-MM-DDT00:00:00Z`, or NaN when it is not such a date (nothing longer, month 01–12, day 01–31;
 * a day past the month's end rolls over). Never throws: for callers where NaN propagates as "no day".
 */
export function dayNumberOrNaN(day: IsoDay): number {
  return Date.parse(`${day}T00:00:00Z`) / DAY_MS;
}

/** Day number of a date given by its fields (`month` 1..12); fields roll over like `Date.UTC`, years 0–99 are 1900–1999. */
export function dayFromYmd(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** The date fields of a day number. */
export function ymdOf(dayNo: number): Ymd {
  const d = new Date(dayNo * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * ISO date `YYYY-MM-DD` of a day number. Years 0000–9999 by Hinnant's civil-from-days arithmetic (no
 * Date objects: listing 100k customers with two dates each through Date objects took half a second);
 * other days as the first ten characters of `Date#toISOString`.
 * @throws RangeError for a day number that is not a valid date (NaN, ±Infinity, beyond ±100 000 000 days).
 */
export function isoDay(dayNo: number): IsoDay {
  // -719528 is 0000-01-01, 2932896 is 9999-12-31.
  if (!Number.isInteger(dayNo) || dayNo < -719_528 || dayNo > 2_932_896) return new Date(dayNo * DAY_MS).toISOString().slice(0, 10);
  const z = dayNo + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDay, to: IsoDay): number {
  return dayNumber(to) - dayNumber(from);
}

/** Day of week of a day number, Monday = 0 … Sunday = 6 (also for negative day numbers). */
export function weekday(dayNo: number): number {
  return (((dayNo + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday (3)
}

/** Day number of the first day of the month of day number `dayNo`. */
export function monthStart(dayNo: number): number {
  const t = new Date(dayNo * DAY_MS);
  return Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1) / DAY_MS;
}

/** Day number of the first day of the month after the month of day number `dayNo` (its month's end + 1). */
export function nextMonthStart(dayNo: number): number {
  const t = new Date(dayNo * DAY_MS);
  return Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1) / DAY_MS;
}

/** Number of days (28–31) in the month of an ISO date. @throws RangeError as {@link dayNumber}. */
export function daysInMonth(day: IsoDay): number {
  const n = dayNumber(day);
  const d = new Date(n * DAY_MS);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}

/** Day of the month (1-based) of an ISO date. @throws RangeError as {@link dayNumber}. */
export function dayOfMonth(day: IsoDay): number {
  return new Date(dayNumber(day) * DAY_MS).getUTCDate();
}

/**
 * Working days in [from, to] (both inclusive), ascending, as ISO dates; empty when `from` is after `to`.
 * @param workdays weekdays that are working days, Monday = 0 … Sunday = 6 (default Mon–Fri)
 */
export function workingDays(from: IsoDay, to: IsoDay, workdays: readonly number[] = [0, 1, 2, 3, 4]): IsoDay[] {
  const set = new Set(workdays);
  const out: IsoDay[] = [];
  for (let d = dayNumber(from), end = dayNumber(to); d <= end; d++) if (set.has(weekday(d))) out.push(isoDay(d));
  return out;
}
