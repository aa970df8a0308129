/**
 * Calendar days as plain integers, for the pure analytics: an ISO date `YYYY-MM-DD` (a day in the
 * business time zone, already resolved by the SQL layer) ↔ days since 1970-01-01. No time zones here.
 *
 * @module
 */

/** A calendar day `YYYY-MM-DD`. */
export type IsoDay = string;

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date `YYYY-MM-DD` (a longer ISO string is cut to its date part). */
export function dayNumber(day: IsoDay): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (m === null) throw new RangeError(`not an ISO date: ${day}`);
  return Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
}

/** ISO date of a day number. */
export function isoDay(dayNo: number): IsoDay {
  return new Date(dayNo * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDay, to: IsoDay): number {
  return dayNumber(to) - dayNumber(from);
}

/** Day of week of a day number, Monday = 0 … Sunday = 6. */
export function weekday(dayNo: number): number {
  return (((dayNo + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday (3)
}

/** Number of days in the month of an ISO date. */
export function daysInMonth(day: IsoDay): number {
  const n = dayNumber(day);
  const d = new Date(n * DAY_MS);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}

/** Day of the month (1-based) of an ISO date. */
export function dayOfMonth(day: IsoDay): number {
  return new Date(dayNumber(day) * DAY_MS).getUTCDate();
}

/**
 * Working days in [from, to] (both inclusive), ascending, as ISO dates.
 * @param workdays weekdays that are working days, Monday = 0 … Sunday = 6 (default Mon–Fri)
 */
export function workingDays(from: IsoDay, to: IsoDay, workdays: readonly number[] = [0, 1, 2, 3, 4]): IsoDay[] {
  const set = new Set(workdays);
  const out: IsoDay[] = [];
  for (let d = dayNumber(from), end = dayNumber(to); d <= end; d++) if (set.has(weekday(d))) out.push(isoDay(d));
  return out;
}
