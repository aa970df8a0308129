/**
 * Calendar blocks of the basket rollups: each month is split into days 1–7, 8–14, 15–21 and 22–end,
 * so blocks nest in months. Days are day numbers (days since 1970-01-01 of a calendar date, read as
 * UTC so business days need no time zone here) or YYYY-MM-DD strings.
 *
 * @module
 */

import { dayNumberOrNaN, isoDay, monthStart, nextMonthStart } from './calendar-day.js';

/** Days of every block but a month's last, which runs to the month's end. */
export const BLOCK_DAYS = 7;
export const BLOCKS_PER_MONTH = 4;

/** Day number of a YYYY-MM-DD string; NaN when it is not one (see {@link dayNumberOrNaN}). */
export const dayNumberOf: (day: string) => number = dayNumberOrNaN;
/** YYYY-MM-DD of a day number (see {@link isoDay}). */
export const isoDayOf: (n: number) => string = isoDay;
/** First day of the month of day number `d`. */
export const monthStartOf: (d: number) => number = monthStart;
/** First day of the month after the month of day number `d`. */
export const nextMonthStartOf: (d: number) => number = nextMonthStart;

export function blockStartOf(d: number): number {
  const m = monthStartOf(d);
  return m + Math.min(Math.floor((d - m) / BLOCK_DAYS), BLOCKS_PER_MONTH - 1) * BLOCK_DAYS;
}

export function nextBlockStartOf(d: number): number {
  const m = monthStartOf(d);
  const k = Math.min(Math.floor((d - m) / BLOCK_DAYS), BLOCKS_PER_MONTH - 1);
  return k === BLOCKS_PER_MONTH - 1 ? nextMonthStartOf(d) : m + (k + 1) * BLOCK_DAYS;
}

/** Inclusive range of days, YYYY-MM-DD. */
export interface DaySpan {
  from: string;
  to: string;
}

/** How a window of days is read: whole months, whole blocks, and loose days. */
export interface WindowCover {
  months: string[];
  blocks: string[];
  /** At most one run at each end of the window. */
  loose: DaySpan[];
}

/**
 * Splits the days `[window.from, window.to]` (either side open = the data's edge) into whole months,
 * then whole blocks, then loose days. `data` is the first and last day with data: a window reaching
 * past either is widened to whole months there, which adds nothing since no data lies beyond.
 */
export function coverWindow(window: Partial<DaySpan>, data: DaySpan): WindowCover {
  const first = dayNumberOf(data.from);
  const last = dayNumberOf(data.to);
  let lo = window.from === undefined ? first : Math.max(dayNumberOf(window.from), first);
  let hi = window.to === undefined ? last : Math.min(dayNumberOf(window.to), last);
  const cover: WindowCover = { months: [], blocks: [], loose: [] };
  if (lo > hi) return cover;
  if (lo === first) lo = monthStartOf(lo);
  if (hi === last) hi = nextMonthStartOf(hi) - 1;
  let d = lo;
  while (d <= hi) {
    if (d === monthStartOf(d) && nextMonthStartOf(d) - 1 <= hi) {
      cover.months.push(isoDayOf(d));
      d = nextMonthStartOf(d);
    } else if (d === blockStartOf(d) && nextBlockStartOf(d) - 1 <= hi) {
      cover.blocks.push(isoDayOf(d));
      d = nextBlockStartOf(d);
    } else {
      const stop = Math.min(nextBlockStartOf(d) - 1, hi);
      const prev = cover.loose.at(-1);
      if (prev && dayNumberOf(prev.to) === d - 1) prev.to = isoDayOf(stop);
      else cover.loose.push({ from: isoDayOf(d), to: isoDayOf(stop) });
      d = stop + 1;
    }
  }
  return cover;
}
