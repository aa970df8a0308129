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
