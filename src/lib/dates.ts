import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import { subDays } from 'date-fns/subDays';

/** Calendar day (YYYY-MM-DD) of an instant in the business time zone. */
export function dayIn(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), 'yyyy-MM-dd');
}

/** Today's calendar day in the business time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return dayIn(now, timeZone);
}

/** Yesterday's calendar day in the business time zone: the last complete day of data. */
export function yesterdayIn(timeZone: string, now: Date = new Date()): string {
  return format(subDays(new TZDate(now.getTime(), timeZone), 1), 'yyyy-MM-dd');
}

/** An instant for people: its business day and time in the zone, e.g. "2024-03-31 08:00" (never raw ISO). */
export function dateTimeText(iso: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return format(new TZDate(d.getTime(), timeZone), 'yyyy-MM-dd HH:mm');
}

/** Building an Intl.DateTimeFormat costs far more than formatting with it: one per zone, kept. */
const hourMinuteFormats = new Map<string, Intl.DateTimeFormat>();
function hourMinute(timeZone: string): Intl.DateTimeFormat {
  let f = hourMinuteFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    hourMinuteFormats.set(timeZone, f);
  }
  return f;
}

/**
 * Data freshness for people: the business day of the latest order, with its time when orders carry one
 * (a midnight time means date-only data, where a time would mislead).
 */
export function freshnessText(iso: string | null, timeZone: string): string | null {
  if (iso === null) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const day = dayIn(d, timeZone);
  const time = hourMinute(timeZone).format(d);
  return time === '00:00' ? day : `${day} ${time}`;
}
