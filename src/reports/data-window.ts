import { getISODay } from 'date-fns/getISODay';
import { parseISO } from 'date-fns/parseISO';
import { subDays } from 'date-fns/subDays';
import { format } from 'date-fns/format';
import type { DataRange } from './report-module.js';

/**
 * The working day before `today` (YYYY-MM-DD), `workdays` being ISO weekdays (1 = Monday … 7 =
 * Sunday, as SALES_WORKDAYS): on a Monday with mon-fri that is the Friday before.
 */
export function previousWorkday(today: string, workdays: readonly number[]): string {
  const t = parseISO(today);
  for (let back = 1; back <= 7; back++) {
    const d = subDays(t, back);
    if (workdays.includes(getISODay(d))) return format(d, 'yyyy-MM-dd');
  }
  return format(subDays(t, 1), 'yyyy-MM-dd');
}

/**
 * True when the data reaches the last working day before today: a nightly export is current, and "today"
 * and "yesterday" keep their calendar meaning.
 */
export function dataIsCurrent(today: string, dataRange: DataRange | null, workdays: readonly number[]): boolean {
  return dataRange !== null && dataRange.to >= previousWorkday(today, workdays);
}

/**
 * The as-of day of a request. An explicit as-of means what it says. Without one it is today, unless the
 * data ends before the last working day before today (an old export, a sample database): then it is
 * the data's last day, so that default and relative windows (`last:90d`, 30-vs-30, run rate, the 90-day
 * consistency window …) cover days that have data instead of the empty weeks since; `dataEnds` is then
 * that day. Data that reaches the previous working day (a nightly import) is current: the as-of stays
 * today, so "yesterday" is yesterday.
 */
export function anchorDay(
  today: string,
  dataRange: DataRange | null,
  requestAsOf: string | undefined,
  workdays: readonly number[] = [1, 2, 3, 4, 5],
): { asOf: string; dataEnds?: string } {
  if (requestAsOf !== undefined) return { asOf: requestAsOf };
  if (dataRange !== null && dataRange.to < today && !dataIsCurrent(today, dataRange, workdays)) return { asOf: dataRange.to, dataEnds: dataRange.to };
  return { asOf: today };
}

/** The sentence shown when nothing is imported, in place of a freshness date. */
export const NO_SALES_YET = 'No sales imported yet — run `sales-bot import sales <file>`.';

function spanText(w: { from?: string; to: string }): string {
  return w.from === undefined ? `up to ${w.to}` : w.from === w.to ? `on ${w.from}` : `from ${w.from} to ${w.to}`;
}

/**
 * One short sentence on where the data is, or undefined when there is nothing to say:
 * - no sales at all → {@link NO_SALES_YET};
 * - the window holds no order → "No orders from A to B; your data runs from C to D." (`filtered` adds
 *   "match these filters", since the data may well hold orders in those days);
 * - windows anchored at the data's end → "Your data ends D, so windows end there.";
 * - an explicit window reaching past the data → "Your data ends D."
 */
export function dataNoteText(opts: {
  dataRange: DataRange | null;
  window: { from?: string; to: string } | null;
  empty: boolean;
  filtered: boolean;
  dataEnds?: string | undefined;
  /** The data reaches the previous working day: a window ending today says nothing about its end. */
  current?: boolean;
}): string | undefined {
  const { dataRange, window } = opts;
  if (dataRange === null) return NO_SALES_YET;
  const runs = `your data runs from ${dataRange.from} to ${dataRange.to}`;
  if (opts.empty && window !== null) return `No orders ${opts.filtered ? 'match these filters ' : ''}${spanText(window)}; ${runs}.`;
  if (opts.dataEnds !== undefined && (window === null || window.to === opts.dataEnds)) {
    return `Your data ends ${opts.dataEnds}, so windows end there.`;
  }
  if (window !== null && window.to > dataRange.to && !opts.current) return `Your data ends ${dataRange.to}.`;
  return undefined;
}
