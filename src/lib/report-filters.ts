// Per-function entry points: the date-fns index module alone takes most of a second to load.
import { addDays } from 'date-fns/addDays';
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
export const FILTER_KEYS = ['from', 'to', 'last', 'region', 'salesman', 'category', 'customer'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export const FILTER_USAGE =
  'Filters: from:YYYY-MM-DD to:YYYY-MM-DD last:90d|12w|6m|1y region:<name> salesman:<id> category:<name> customer:<id> (commas for several).';

export type PeriodUnit = 'd' | 'w' | 'm' | 'y';

export interface ReportFilters {
  /** First day included, YYYY-MM-DD in SALES_TZ. */
  from?: string;
  /** Last day included, YYYY-MM-DD in SALES_TZ. */
  to?: string;
  /** A window ending on the as-of day; resolved by `resolvePeriod`. */
  last?: { amount: number; unit: PeriodUnit };
  region?: string[];
  salesman?: string[];
  category?: string[];
  customer?: string[];
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
      default:
        filters[key] = parseList(key, value);
    }
  }
  if (filters.last && (filters.from || filters.to)) throw usage('Use either last: or from:/to:, not both.');
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
  if (filters.last) {
    const end = parseISO(asOf);
    const { amount, unit } = filters.last;
    const back = unit === 'd' ? subDays(end, amount) : unit === 'w' ? subWeeks(end, amount) : unit === 'm' ? subMonths(end, amount) : subYears(end, amount);
    return { from: format(addDays(back, 1), 'yyyy-MM-dd'), to: asOf };
  }
  const to = filters.to !== undefined && filters.to < asOf ? filters.to : asOf;
  return filters.from === undefined ? { to } : { from: filters.from, to };
}

const UNIT_NAMES: Record<PeriodUnit, string> = { d: 'days', w: 'weeks', m: 'months', y: 'years' };

/** One short line for context blocks and terminal footers, e.g. "last 90 days · region North". */
export function describeFilters(filters: ReportFilters): string {
  const parts: string[] = [];
  if (filters.last) parts.push(`last ${filters.last.amount} ${UNIT_NAMES[filters.last.unit]}`);
  if (filters.from) parts.push(`from ${filters.from}`);
  if (filters.to) parts.push(`to ${filters.to}`);
  for (const key of ['region', 'salesman', 'category', 'customer'] as const) {
    const v = filters[key];
    if (v) parts.push(`${key} ${v.join(', ')}`);
  }
  return parts.length > 0 ? parts.join(' · ') : 'all data';
}
