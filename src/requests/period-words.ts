import * as chrono from 'chrono-node';
import { format } from 'date-fns/format';
import { lastDayOfMonth } from 'date-fns/lastDayOfMonth';
import { MONTH_NAMES, monthNumber, type NamedPeriod, type PeriodUnit, type ReportFilters } from '../lib/report-filters.js';

/** What a period phrase means: one of the three period forms ReportFilters carries. */
export type PeriodReading = Pick<ReportFilters, 'from' | 'to' | 'last' | 'when'>;

const UNIT_LETTER: Record<string, PeriodUnit> = { day: 'd', week: 'w', month: 'm', year: 'y' };

const pad = (n: number) => String(n).padStart(2, '0');
const yearOk = (y: number) => y >= 1900 && y <= 2199;

function quarter(q: number, y: number): PeriodReading {
  const first = new Date(y, (q - 1) * 3, 1);
  return { from: format(first, 'yyyy-MM-dd'), to: format(lastDayOfMonth(new Date(y, q * 3 - 1, 1)), 'yyyy-MM-dd') };
}

function half(h: number, y: number): PeriodReading {
  return h === 1 ? { from: `${y}-01-01`, to: `${y}-06-30` } : { from: `${y}-07-01`, to: `${y}-12-31` };
}

const FULL_MONTHS = new Set<string>(MONTH_NAMES);

const named = (when: NamedPeriod): PeriodReading => ({ when });

/**
 * Relative periods are read by this table into symbolic `when:` periods (resolved later against the
 * anchor day, never the wall clock); quarters and bare years are calendar arithmetic. Both are small
 * regular patterns, which chrono-node would resolve to wall-clock dates, so they are not given to it.
 */
const PATTERNS: [RegExp, (m: RegExpExecArray) => PeriodReading | undefined][] = [
  [/^(today|now)$/, () => named({ kind: 'calendar', unit: 'day', offset: 0 })],
  [/^yesterday$/, () => named({ kind: 'calendar', unit: 'day', offset: -1 })],
  [/^(ytd|year to date|this year so far)$/, () => named({ kind: 'calendar', unit: 'year', offset: 0 })],
  [/^(qtd|quarter to date)$/, () => named({ kind: 'calendar', unit: 'quarter', offset: 0 })],
  [/^(mtd|month to date)$/, () => named({ kind: 'calendar', unit: 'month', offset: 0 })],
  [/^(wtd|week to date)$/, () => named({ kind: 'calendar', unit: 'week', offset: 0 })],
  [/^(this|current) (week|month|quarter|year)$/, (m) => named({ kind: 'calendar', unit: m[2] as 'week', offset: 0 })],
  [/^(last|previous|prev) (week|month|quarter|year)$/, (m) => named({ kind: 'calendar', unit: m[2] as 'week', offset: -1 })],
  // "the past week" is the rolling 7 days people mean by it, not the previous calendar week.
  [/^past (week|month|quarter|year)$/, (m) => (m[1] === 'quarter' ? { last: { amount: 3, unit: 'm' } } : { last: { amount: 1, unit: UNIT_LETTER[m[1]!]! } })],
  [
    /^(?:(?:last|past|previous|the last|the past) )?(\d{1,4}) (days?|weeks?|months?|years?|quarters?)$/,
    (m) => {
      const n = Number(m[1]);
      if (n < 1) return undefined;
      const unit = m[2]!.replace(/s$/, '');
      return unit === 'quarter' ? { last: { amount: n * 3, unit: 'm' } } : { last: { amount: n, unit: UNIT_LETTER[unit]! } };
    },
  ],
  [/^q([1-4])$/, (m) => named({ kind: 'quarter', quarter: Number(m[1]) })],
  [/^h([12])[ -]?(\d{4})$/, (m) => (yearOk(Number(m[2])) ? half(Number(m[1]), Number(m[2])) : undefined)],
  [/^q([1-4])[ -]?(\d{4})$/, (m) => (yearOk(Number(m[2])) ? quarter(Number(m[1]), Number(m[2])) : undefined)],
  [/^(\d{4})[ -]?q([1-4])$/, (m) => (yearOk(Number(m[1])) ? quarter(Number(m[2]), Number(m[1])) : undefined)],
  [/^(?:in )?(\d{4})$/, (m) => (yearOk(Number(m[1])) ? { from: `${m[1]}-01-01`, to: `${m[1]}-12-31` } : undefined)],
  // A bare month must be spelled in full: "Jan" or "Mar" alone may well be a person's name.
  [/^(?:in )?([a-z]{3,9})$/, (m) => (FULL_MONTHS.has(m[1]!) ? named({ kind: 'month', month: monthNumber(m[1]!)! }) : undefined)],
  [
    /^since ([a-z]{3,9}\.?)$/,
    (m) => {
      const month = monthNumber(m[1]!);
      return month ? named({ kind: 'since-month', month }) : undefined;
    },
  ],
];

/**
 * Absolute dates in words ("since 3 March 2025", "March 2025", "since 2025-03-01") are read by
 * chrono-node, a maintained date parser that knows month names, abbreviations and day-month orders,
 * rather than by more hand-written patterns. Only a phrase that is wholly one date with its year written
 * out is used, so nothing depends on the clock at parse time.
 */
function absoluteDate(text: string): PeriodReading | undefined {
  const since = /^(?:since|from|after) (.+)$/.exec(text);
  const body = since ? since[1]! : text.replace(/^(?:in|on|during) /, '');
  const [hit] = chrono.parse(body, new Date(2000, 0, 1));
  if (!hit || hit.index !== 0 || hit.text.length !== body.length || hit.end) return undefined;
  const s = hit.start;
  if (!s.isCertain('year') || !s.isCertain('month')) return undefined;
  const y = s.get('year')!;
  if (!body.includes(String(y))) return undefined;
  const mo = s.get('month')!;
  if (!yearOk(y)) return undefined;
  const first = `${y}-${pad(mo)}-${pad(s.isCertain('day') ? s.get('day')! : 1)}`;
  if (since) return { from: first };
  if (s.isCertain('day')) return { from: first, to: first };
  return { from: first, to: format(lastDayOfMonth(new Date(y, mo - 1, 1)), 'yyyy-MM-dd') };
}

/** The period a phrase (lower case, single spaces) names, or undefined. */
export function readPeriodPhrase(phrase: string): PeriodReading | undefined {
  for (const [re, read] of PATTERNS) {
    const m = re.exec(phrase);
    if (m) {
      const r = read(m);
      if (r) return r;
    }
  }
  return /\d{4}/.test(phrase) ? absoluteDate(phrase) : undefined;
}
