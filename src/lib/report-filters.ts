// Per-function entry points: the date-fns index module alone takes most of a second to load.
import { addDays } from 'date-fns/addDays';
import { addMonths } from 'date-fns/addMonths';
import { addQuarters } from 'date-fns/addQuarters';
import { addWeeks } from 'date-fns/addWeeks';
import { addYears } from 'date-fns/addYears';
import { endOfMonth } from 'date-fns/endOfMonth';
import { endOfQuarter } from 'date-fns/endOfQuarter';
import { endOfWeek } from 'date-fns/endOfWeek';
import { endOfYear } from 'date-fns/endOfYear';
import { startOfMonth } from 'date-fns/startOfMonth';
import { startOfQuarter } from 'date-fns/startOfQuarter';
import { startOfWeek } from 'date-fns/startOfWeek';
import { startOfYear } from 'date-fns/startOfYear';
import { format } from 'date-fns/format';
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import { subDays } from 'date-fns/subDays';
import { subMonths } from 'date-fns/subMonths';
import { subWeeks } from 'date-fns/subWeeks';
import { subYears } from 'date-fns/subYears';
import { AppError } from './errors.js';
import { didYouMean } from './text-tokens.js';

/**
 * The filter grammar every report shares, in the CLI, the Slack command and the JSON API:
 * `from:2024-01-01 to:2024-03-31 last:90d region:North,"South East" salesman:S001 category:Paper customer:C00042`.
 * Several values of one filter are comma-separated and mean "any of".
 */
export const FILTER_KEYS = ['from', 'to', 'last', 'when', 'region', 'salesman', 'category', 'customer'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export const FILTER_USAGE =
  'Filters: from:YYYY-MM-DD to:YYYY-MM-DD last:90d|12w|6m|1y when:last-month|this-quarter|ytd|since-march region:<name> salesman:<id or name> category:<name> customer:<id or name> (commas for several); plain words work too: "last month", "Q3 2025", a region or a salesman\'s name.';

export type PeriodUnit = 'd' | 'w' | 'm' | 'y';

export const CALENDAR_UNITS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type CalendarUnit = (typeof CALENDAR_UNITS)[number];

export const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'] as const;

/**
 * A period named relative to the anchor day (the as-of day, which buildContext sets to the last day with
 * data when the data ends before today). Kept symbolic so a stored subscription or a button clicked next
 * month means "last month" then, not the month it was typed in.
 * - `calendar`: the unit containing the anchor shifted by `offset` units (0 = this, -1 = last); weeks
 *   start on Monday (ISO 8601, as most sales teams count them). A current unit ends on the anchor day.
 * - `since-month`: from the 1st of the latest `month` (1–12) that began on or before the anchor, to it.
 * - `month`: the whole latest `month` (1–12) that began on or before the anchor.
 * - `quarter`: the whole latest quarter `quarter` (1–4) that began on or before the anchor ("Q3").
 */
export type NamedPeriod =
  | { kind: 'calendar'; unit: CalendarUnit; offset: number }
  | { kind: 'since-month'; month: number }
  | { kind: 'month'; month: number }
  | { kind: 'quarter'; quarter: number };

export interface ReportFilters {
  /** First day included, YYYY-MM-DD in SALES_TZ. */
  from?: string;
  /** Last day included, YYYY-MM-DD in SALES_TZ. */
  to?: string;
  /** A window ending on the as-of day; resolved by `resolvePeriod`. */
  last?: { amount: number; unit: PeriodUnit };
  /** A named period ("last month", "this quarter", "ytd"), resolved against the anchor day by `resolvePeriod`. */
  when?: NamedPeriod;
  region?: string[];
  salesman?: string[];
  category?: string[];
  customer?: string[];
  /**
   * Plain words and quoted phrases the parser could not place (`West`, `"Dairy Products"`): the
   * service `resolveFilters` turns each into the one region, category, salesman or customer it names.
   */
  words?: string[];
}

function usage(message: string): AppError {
  return new AppError('USAGE', message, { hint: FILTER_USAGE });
}

function parseDay(key: string, value: string): string {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? parseISO(value) : new Date(NaN);
  if (!isValid(d) || format(d, 'yyyy-MM-dd') !== value) {
    throw usage(`${key}: "${value}" is not a date; write it as YYYY-MM-DD.`);
  }
  return value;
}

function parseLast(value: string): { amount: number; unit: PeriodUnit } {
  const m = /^(\d{1,4})\s*([dwmy])$/i.exec(value);
  const amount = m ? Number(m[1]) : 0;
  if (!m || amount < 1) throw usage(`last: "${value}" is not a period; write it like last:90d, last:12w, last:6m or last:1y.`);
  return { amount, unit: m[2]!.toLowerCase() as PeriodUnit };
}

/** The canonical text of a named period, as `when:` takes it back (`last-month`, `since-march`). */
export function periodName(p: NamedPeriod): string {
  if (p.kind === 'since-month') return `since-${MONTH_NAMES[p.month - 1]}`;
  if (p.kind === 'month') return MONTH_NAMES[p.month - 1]!;
  if (p.kind === 'quarter') return `q${p.quarter}`;
  if (p.offset === 0) return p.unit === 'day' ? 'today' : `this-${p.unit}`;
  if (p.offset === -1) return p.unit === 'day' ? 'yesterday' : `last-${p.unit}`;
  return `${p.unit}${p.offset}`;
}

const PERIOD_ALIASES: Record<string, NamedPeriod> = {
  today: { kind: 'calendar', unit: 'day', offset: 0 },
  yesterday: { kind: 'calendar', unit: 'day', offset: -1 },
  ytd: { kind: 'calendar', unit: 'year', offset: 0 },
  qtd: { kind: 'calendar', unit: 'quarter', offset: 0 },
  mtd: { kind: 'calendar', unit: 'month', offset: 0 },
  wtd: { kind: 'calendar', unit: 'week', offset: 0 },
};

/** Reads a `when:` value (the forms `periodName` writes, plus ytd/qtd/mtd/wtd), or undefined. */
export function readPeriodName(value: string): NamedPeriod | undefined {
  const v = value.trim().toLowerCase().replace(/[\s_]+/g, '-');
  if (PERIOD_ALIASES[v]) return PERIOD_ALIASES[v];
  let m = /^(this|current|last|previous|prev)-(week|month|quarter|year)$/.exec(v);
  if (m) return { kind: 'calendar', unit: m[2] as CalendarUnit, offset: m[1] === 'this' || m[1] === 'current' ? 0 : -1 };
  m = /^(day|week|month|quarter|year)(-\d{1,3})$/.exec(v);
  if (m) return { kind: 'calendar', unit: m[1] as CalendarUnit, offset: Number(m[2]) };
  m = /^q([1-4])$/.exec(v);
  if (m) return { kind: 'quarter', quarter: Number(m[1]) };
  m = /^since-([a-z]+)$/.exec(v);
  const since = m ? monthNumber(m[1]!) : undefined;
  if (since) return { kind: 'since-month', month: since };
  const month = monthNumber(v);
  return month ? { kind: 'month', month } : undefined;
}

/** 1–12 for a month name or its three-letter abbreviation ("sep", "sept"), else undefined. */
export function monthNumber(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return undefined;
  const i = MONTH_NAMES.findIndex((m) => m === w || (w.length >= 3 && w.length <= 4 && m.startsWith(w)));
  return i >= 0 ? i + 1 : undefined;
}

function parsePeriod(value: string): NamedPeriod {
  const p = readPeriodName(value);
  if (!p) throw usage(`when: "${value}" is not a period; write it like when:last-month, when:this-quarter, when:ytd or when:since-march.`);
  return p;
}

function parseList(key: string, value: string): string[] {
  const list = value.split(',').map((v) => v.trim()).filter(Boolean);
  if (list.length === 0) throw usage(`${key}: needs a value, e.g. ${key}:${key === 'region' ? 'North' : 'ID'}.`);
  return list;
}

export interface ParsedFilters {
  filters: ReportFilters;
  /** Tokens that are not filters (words such as `public`, or a subcommand's own arguments), in order. */
  rest: string[];
}

/**
 * Separates filter tokens (`key:value`) from the rest. An unknown key or a bad value is a USAGE error
 * naming it (with a "did you mean" for near misses); so is a filter given twice.
 */
export function parseFilterTokens(tokens: readonly string[]): ParsedFilters {
  const filters: ReportFilters = {};
  const rest: string[] = [];
  for (const token of tokens) {
    const colon = token.indexOf(':');
    if (colon <= 0 || /^https?:/i.test(token) || /^<[@#!]/.test(token)) {
      rest.push(token);
      continue;
    }
    const rawKey = token.slice(0, colon).toLowerCase();
    const value = token.slice(colon + 1).trim();
    if (!(FILTER_KEYS as readonly string[]).includes(rawKey)) {
      const guess = didYouMean(rawKey, FILTER_KEYS);
      throw usage(`Unknown filter "${rawKey}:".${guess ? ` Did you mean ${guess}:?` : ''}`);
    }
    const key = rawKey as FilterKey;
    if (filters[key] !== undefined) throw usage(`The filter ${key}: is given twice; give it once with commas for several values.`);
    if (value === '') throw usage(`${key}: needs a value.`);
    switch (key) {
      case 'from':
      case 'to':
        filters[key] = parseDay(key, value);
        break;
      case 'last':
        filters.last = parseLast(value);
        break;
      case 'when':
        filters.when = parsePeriod(value);
        break;
      default:
        filters[key] = parseList(key, value);
    }
  }
  if (filters.last && (filters.from || filters.to)) throw usage('Use either last: or from:/to:, not both.');
  if (filters.when && (filters.last || filters.from || filters.to)) throw usage('Give one period: a named one (last month, ytd, …), last: or from:/to:.');
  if (filters.from && filters.to && filters.from > filters.to) {
    throw usage(`from: ${filters.from} is after to: ${filters.to}.`);
  }
  return { filters, rest };
}

/** Filters given as a map (HTTP query string, stored subscriptions) go through the same parser. */
export function parseFilterMap(map: Record<string, string | undefined>): ReportFilters {
  const tokens = Object.entries(map)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}:${v}`);
  return parseFilterTokens(tokens).filters;
}

/**
 * The date window a report covers, inclusive, as YYYY-MM-DD. `last:90d` is the 90 days ending on the
 * as-of day; without dates the window is open on that side (`to` defaults to the as-of day).
 */
export function resolvePeriod(filters: ReportFilters, asOf: string): { from?: string; to: string } {
  if (filters.when) return namedWindow(filters.when, asOf);
  if (filters.last) {
    const end = parseISO(asOf);
    const { amount, unit } = filters.last;
    const back = unit === 'd' ? subDays(end, amount) : unit === 'w' ? subWeeks(end, amount) : unit === 'm' ? subMonths(end, amount) : subYears(end, amount);
    return { from: format(addDays(back, 1), 'yyyy-MM-dd'), to: asOf };
  }
  const to = filters.to !== undefined && filters.to < asOf ? filters.to : asOf;
  return filters.from === undefined ? { to } : { from: filters.from, to };
}

const day = (d: Date): string => format(d, 'yyyy-MM-dd');

const CALENDAR: Record<CalendarUnit, { start: (d: Date) => Date; end: (d: Date) => Date; add: (d: Date, n: number) => Date }> = {
  day: { start: (d) => d, end: (d) => d, add: addDays },
  week: { start: (d) => startOfWeek(d, { weekStartsOn: 1 }), end: (d) => endOfWeek(d, { weekStartsOn: 1 }), add: addWeeks },
  month: { start: startOfMonth, end: endOfMonth, add: addMonths },
  quarter: { start: startOfQuarter, end: endOfQuarter, add: addQuarters },
  year: { start: startOfYear, end: endOfYear, add: addYears },
};

/** The inclusive window of a named period; it never ends after the anchor day. */
function namedWindow(p: NamedPeriod, anchorDay: string): { from: string; to: string } {
  const anchor = parseISO(anchorDay);
  const cap = (end: string) => (end < anchorDay ? end : anchorDay);
  if (p.kind === 'calendar') {
    const c = CALENDAR[p.unit];
    const start = c.start(c.add(c.start(anchor), p.offset));
    return { from: day(start), to: cap(day(c.end(start))) };
  }
  if (p.kind === 'quarter') {
    // The latest start of that quarter on or before the anchor: this year's when it has begun, else last year's.
    const startMonth = (p.quarter - 1) * 3 + 1;
    const qYear = anchor.getMonth() + 1 >= startMonth ? anchor.getFullYear() : anchor.getFullYear() - 1;
    const qFirst = new Date(qYear, startMonth - 1, 1);
    return { from: day(qFirst), to: cap(day(endOfQuarter(qFirst))) };
  }
  // The latest 1st of that month on or before the anchor: this year's when it has begun, else last year's.
  const year = anchor.getMonth() + 1 >= p.month ? anchor.getFullYear() : anchor.getFullYear() - 1;
  const first = new Date(year, p.month - 1, 1);
  return p.kind === 'since-month' ? { from: day(first), to: anchorDay } : { from: day(first), to: cap(day(endOfMonth(first))) };
}

const UNIT_NAMES: Record<PeriodUnit, string> = { d: 'days', w: 'weeks', m: 'months', y: 'years' };

/** One short line for context blocks and terminal footers, e.g. "last 90 days · region North". */
export function describeFilters(filters: ReportFilters): string {
  const parts: string[] = [];
  if (filters.last) parts.push(`last ${filters.last.amount} ${UNIT_NAMES[filters.last.unit]}`);
  if (filters.when) parts.push(periodName(filters.when).replace(/-/g, ' '));
  if (filters.from) parts.push(`from ${filters.from}`);
  if (filters.to) parts.push(`to ${filters.to}`);
  for (const key of ['region', 'salesman', 'category', 'customer'] as const) {
    const v = filters[key];
    if (v) parts.push(`${key} ${v.join(', ')}`);
  }
  if (filters.words?.length) parts.push(filters.words.join(', '));
  return parts.length > 0 ? parts.join(' · ') : 'all data';
}
