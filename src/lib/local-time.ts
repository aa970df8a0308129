import { TZDate } from '@date-fns/tz';

/**
 * The zone where a wall-clock time comes first (UTC+14, no daylight saving). A fan-out scheduled there
 * starts before that time has come anywhere else, so each recipient can still get it at the same time
 * on their own clock (see {@link sameWallClockIn}).
 */
export const EARLIEST_ZONE = 'Pacific/Kiritimati';

/** True when `tz` is an IANA zone this runtime knows. */
export function isTimeZone(tz: string | undefined | null): tz is string {
  if (!tz) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * The instant when the calendar day and time that `instant` shows in `fromZone` comes in `toZone`:
 * Monday 08:00 in Kiritimati → Monday 08:00 in Tokyo, in New York, … A wall time that does not exist
 * there (skipped by a daylight-saving change) moves forward, as TZDate does.
 */
export function sameWallClockIn(instant: Date, fromZone: string, toZone: string): Date {
  const w = new TZDate(instant.getTime(), fromZone);
  const there = new TZDate(w.getFullYear(), w.getMonth(), w.getDate(), w.getHours(), w.getMinutes(), w.getSeconds(), toZone);
  return new Date(there.getTime());
}
