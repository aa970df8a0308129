import { dayNumber, ymdOf } from './calendar.js';
import type { SalesResult } from './sales-stream.js';
import type { DemoSalesman } from './types.js';

/** The targets file's columns (docs/data-formats.md, kind `targets`). */
export const TARGETS_HEADER = ['period', 'metric', 'amount', 'region', 'category', 'salesman_id'] as const;

/** Weeks of recent revenue a target is based on (full weeks before the last day's week). */
const BASE_WEEKS = 13;
/**
 * Each salesman's stretch over his recent pace, by position: some targets are easy, some on the edge and
 * some out of reach, so the goals answer ranks a real spread and pacing alerts have someone to warn.
 */
const STRETCH = [1.25, 1.0, 0.9, 1.1] as const;

const roundTo = (v: number, step: number): number => Math.max(step, Math.round(v / step) * step);

/**
 * The demo company's plan for the month and the quarter holding the last day, and for the month after
 * it (a target with no data yet): each selling salesman's monthly revenue target (his mean weekly revenue
 * of the last 13 full weeks × the month's weeks × a stretch), each region's monthly target (its salesmen's
 * pace × 1.1) and the company's quarterly revenue target (everyone's pace × 1.1). Amounts in the data's
 * currency, rounded to hundreds. Rows as CSV fields in {@link TARGETS_HEADER} order.
 */
export function demoTargets(salesmen: readonly DemoSalesman[], sales: SalesResult, endDay: number): string[][] {
  const endWeek = Math.floor((endDay - sales.weekStartDay) / 7);
  const firstWeek = Math.max(0, endWeek - BASE_WEEKS);
  const weeks = endWeek - firstWeek;
  if (weeks <= 0) return [];
  const weekly = (s: DemoSalesman): number => {
    let sum = 0;
    for (let w = firstWeek; w < endWeek; w++) sum += sales.revenueBySalesmanWeek[s.idx * sales.weeks + w] ?? 0;
    return sum / weeks;
  };
  const { year, month } = ymdOf(endDay);
  const monthKey = (y: number, m: number): string => `${y}-${String(m).padStart(2, '0')}`;
  const daysIn = (y: number, m: number): number => dayNumber(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - dayNumber(y, m, 1);
  const next = month === 12 ? { y: year + 1, m: 1 } : { y: year, m: month + 1 };
  const quarter = Math.floor((month - 1) / 3);
  const quarterDays = dayNumber(quarter === 3 ? year + 1 : year, quarter === 3 ? 1 : quarter * 3 + 4, 1) - dayNumber(year, quarter * 3 + 1, 1);
  const rows: string[][] = [];
  const paces = salesmen.filter((s) => s.active).map((s) => ({ s, pace: weekly(s) })).filter((p) => p.pace > 0);
  const company = paces.reduce((a, p) => a + p.pace, 0);
  if (company <= 0) return [];
  rows.push([`${year}-Q${quarter + 1}`, 'revenue', String(roundTo((company * quarterDays * 1.1) / 7, 100)), '', '', '']);
  for (const { y, m } of [{ y: year, m: month }, next]) {
    const weeksInMonth = daysIn(y, m) / 7;
    for (const { s, pace } of paces) {
      rows.push([monthKey(y, m), 'revenue', String(roundTo(pace * weeksInMonth * STRETCH[s.idx % STRETCH.length]!, 100)), '', '', s.id]);
    }
  }
  const byRegion = new Map<string, number>();
  for (const { s, pace } of paces) byRegion.set(s.region, (byRegion.get(s.region) ?? 0) + pace);
  for (const [region, pace] of [...byRegion].sort(([a], [b]) => a.localeCompare(b))) {
    rows.push([monthKey(year, month), 'revenue', String(roundTo((pace * daysIn(year, month) * 1.1) / 7, 100)), region, '', '']);
  }
  return rows;
}
