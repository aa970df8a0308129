import { sql, type SQL } from 'drizzle-orm';
import { dayStart } from '../sql/line-filter.js';

/**
 * Business days `[from, to)` (SALES_TZ) whose order lines are re-aggregated; `to` absent = up to the
 * latest line. Every line-level rollup replaces exactly the rows of these days, so re-imports and
 * corrections stay exact as long as no line before `from` changed.
 */
export interface DayRange {
  from: string;
  to?: string | undefined;
}

/**
 * How a line-level rollup replaces a range: `fresh` when the range is known to be empty (a full
 * rebuild cleared the table), so the delete is skipped.
 */
export interface ReplaceOptions {
  fresh: boolean;
}

/** The range as bounds on the order time of lines aliased `i` (index-friendly instants). */
export function lineRange(range: DayRange, timeZone: string): SQL {
  const lower = sql`i.ordered_at >= ${dayStart(range.from, timeZone)}`;
  return range.to === undefined ? lower : sql`${lower} and i.ordered_at < ${dayStart(range.to, timeZone)}`;
}

/** The range as bounds on a business-day `column` of a rollup. */
export function dayRange(column: SQL, range: DayRange): SQL {
  const lower = sql`${column} >= ${range.from}::date`;
  return range.to === undefined ? lower : sql`${lower} and ${column} < ${range.to}::date`;
}
