import { isAppError } from '../lib/errors.js';
import { FILTER_KEYS, parseFilterTokens, periodName, type ReportFilters } from '../lib/report-filters.js';
import { readPlainWords, type PlainReading } from './plain-words.js';
import { MAX_LIMIT, optionName, slackifyFlags } from './report-options.js';
import type { ReportSpec } from './report-spec.js';
import { reportUsage } from './report-usage.js';
import type { RequestPart } from './request-parts.js';
import { keyValueToken, quoteToken } from './tokens.js';
import { suggest } from './typo-suggest.js';
import { clip, type UsageError } from './usage-error.js';

/** A report's arguments after the report name, parsed and written back in one normal form. */
export interface ReportArgs {
  filters: ReportFilters;
  options: Record<string, unknown>;
  asOf?: string;
  limit?: number;
  public: boolean;
  /** `key → value` text of the filters, as `parseFilterMap` reads them. */
  filterMap: Record<string, string>;
  /** Normal-form tokens of filters, options, as-of and limit (no report name, no `public`). */
  tokens: string[];
}

export type ReportArgsResult = { ok: true; args: ReportArgs } | { ok: false; usage: UsageError };

export interface ReportArgsRules {
  allowPublic: boolean;
  allowAsOf: boolean;
  /**
   * Plain words (`West`, `last month`, `top 5`, `me`) are read into filters, limit and unresolved
   * `filters.words`; without this (stored subscriptions) a word is a usage error as before.
   */
  allowWords?: boolean;
  /** Plain words already read by the caller (the words around a report phrase such as "top customers"). */
  plain?: PlainReading;
  /** Every report, to say where an option belongs when it is given to the wrong one. */
  allReports?: readonly ReportSpec[];
}

function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Filters in FILTER_KEYS order as `key → value` text. */
export function filterPairs(filters: ReportFilters): [string, string][] {
  const pairs: [string, string][] = [];
  for (const key of FILTER_KEYS) {
    const v = filters[key];
    if (v === undefined) continue;
    if (key === 'last') {
      const last = v as NonNullable<ReportFilters['last']>;
      pairs.push([key, `${last.amount}${last.unit}`]);
    } else if (key === 'when') {
      pairs.push([key, periodName(v as NonNullable<ReportFilters['when']>)]);
    } else pairs.push([key, Array.isArray(v) ? v.join(',') : String(v)]);
  }
  return pairs;
}

const optionText = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));

/**
 * Reads the parts after the report name: pairs (filters, the report's own options, `as-of`, `limit`),
 * plain words and the word `public`. Anything else is a usage error naming the part, with a suggestion
 * for near misses.
 */
export function parseReportArgs(report: ReportSpec, parts: readonly RequestPart[], rules: ReportArgsRules): ReportArgsResult {
  const usage = (message: string, suggestion?: string): ReportArgsResult => ({
    ok: false,
    usage: { message, usage: reportUsage(report), command: report.name, ...(suggestion ? { suggestion } : {}) },
  });
  const byName = new Map(report.options.map((o) => [optionName(o), o]));
  const common = [...(rules.allowAsOf ? ['as-of'] : []), 'limit'];
  const keys = [...FILTER_KEYS, ...common, ...byName.keys()];
  const filterTokens: string[] = [];
  const options: Record<string, unknown> = {};
  const optionTokens: string[] = [];
  const seen = new Set<string>();
  let asOf: string | undefined;
  let limit: number | undefined;
  let isPublic = false;
  const free: string[] = [];

  for (const part of parts) {
    if (part.kind === 'word') {
      const token = part.word;
      if (rules.allowPublic && token.toLowerCase() === 'public') isPublic = true;
      else if (rules.allowWords && isPlainWord(token, rules, keys)) free.push(token);
      else return usage(...unknownWord(report, token, rules, keys));
      continue;
    }
    const key = part.key.toLowerCase();
    const value = part.value.trim();
    if ((FILTER_KEYS as readonly string[]).includes(key)) {
      // The filter reader in lib takes `key:value` tokens; the key is a known filter word, so the join is exact.
      filterTokens.push(`${key}:${part.value}`);
      continue;
    }
    if (seen.has(key) && (common.includes(key) || byName.has(key))) return usage(`${key}: is given twice; give it once.`);
    seen.add(key);
    if (key === 'as-of' && rules.allowAsOf) {
      if (!isDay(value)) return usage(`as-of: "${clip(value)}" is not a date; write it as YYYY-MM-DD.`, 'as-of:YYYY-MM-DD');
      asOf = value;
      continue;
    }
    if (key === 'limit') {
      const n = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
      if (!(n >= 0 && n <= MAX_LIMIT)) return usage(`limit: "${clip(value)}" is not a number of rows; write a whole number from 0 (all) to ${MAX_LIMIT}.`);
      limit = n;
      continue;
    }
    const option = byName.get(key);
    if (option) {
      if (value === '') return usage(`${key}: needs a value.`);
      try {
        const parsed = option.parse(value);
        options[option.key] = parsed;
        optionTokens.push(keyValueToken(key, optionText(parsed)));
      } catch (e) {
        return usage(isAppError(e) ? slackifyFlags(e.message) : `${key}: "${clip(value)}" is not a valid value.`);
      }
      continue;
    }
    const guess = suggest(key, keys);
    const elsewhere = (rules.allReports ?? []).filter((r) => r.name !== report.name && r.options.some((o) => optionName(o) === key)).map((r) => r.name);
    if (elsewhere.length > 0) return usage(`${clip(key)}: is an option of ${elsewhere.join(', ')}, not of ${report.name}.`, guess ? `${guess}:` : undefined);
    return usage(`"${clip(key)}:" is not a filter or option of ${report.name}.`, guess ? `${guess}:` : undefined);
  }

  let filters: ReportFilters;
  try {
    filters = parseFilterTokens(filterTokens).filters;
  } catch (e) {
    const message = isAppError(e) ? e.message : 'These filters could not be read.';
    const guess = /Did you mean ([a-z]+):/.exec(message)?.[1];
    return usage(message, guess ? `${guess}:` : undefined);
  }
  const plain = mergePlain(rules.plain, free.length > 0 ? readPlainWords(free, { findReport: false }) : undefined);
  if (plain) {
    const merged = withPlainWords(filters, plain);
    if (typeof merged === 'string') return usage(merged);
    filters = merged;
    if (limit === undefined && plain.limit !== undefined) {
      if (plain.limit > MAX_LIMIT) return usage(`top ${plain.limit} is more rows than I list; write a number up to ${MAX_LIMIT}.`);
      limit = plain.limit;
    }
  }
  const pairs = filterPairs(filters);
  const normal = [
    ...pairs.map(([k, v]) => keyValueToken(k, v)),
    ...(filters.words ?? []).map(quoteToken),
    ...optionTokens,
    ...(asOf !== undefined ? [`as-of:${asOf}`] : []),
    ...(limit !== undefined ? [`limit:${limit}`] : []),
  ];
  return {
    ok: true,
    args: {
      filters,
      options,
      ...(asOf !== undefined ? { asOf } : {}),
      ...(limit !== undefined ? { limit } : {}),
      public: isPublic,
      filterMap: Object.fromEntries(pairs),
      tokens: normal,
    },
  };
}

/**
 * A bare token that may be plain words (a name, a period, `me`): everything except the near misses the
 * usage error helps more with (`90d`, a bare date, a filter key without its colon, a mention, `pubilc`).
 */
function isPlainWord(token: string, rules: ReportArgsRules, keys: readonly string[]): boolean {
  const lower = token.toLowerCase();
  if (/^\d{1,4}[dwmy]$/i.test(token) || /^\d{4}-\d{2}-\d{2}$/.test(token) || /^<[@#!]/.test(token) || /^https?:/i.test(token)) return false;
  if (keys.includes(lower) && lower !== 'last' && lower !== 'from' && lower !== 'when') return false;
  return !(rules.allowPublic && lower !== 'public' && suggest(lower, ['public']) === 'public');
}

function mergePlain(a: PlainReading | undefined, b: PlainReading | undefined): PlainReading | undefined {
  if (!a || !b) return a ?? b;
  const conflict = a.conflict ?? b.conflict ?? (a.period && b.period ? b.periodPhrase : undefined);
  const period = a.period ?? b.period;
  const periodPhrase = a.period ? a.periodPhrase : b.periodPhrase;
  const limit = a.limit ?? b.limit;
  return {
    mine: a.mine || b.mine,
    words: [...a.words, ...b.words],
    ...(period ? { period } : {}),
    ...(periodPhrase ? { periodPhrase } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(conflict ? { conflict } : {}),
  };
}

/** Adds what plain words said to the `key:value` filters, or says why they clash. */
function withPlainWords(filters: ReportFilters, plain: PlainReading): ReportFilters | string {
  const out: ReportFilters = { ...filters };
  if (plain.conflict) return `"${clip(plain.conflict)}" is a second period; give one period (e.g. last month, Q3 2025, last:90d).`;
  if (plain.period) {
    if (out.from || out.to || out.last || out.when) return `"${clip(plain.periodPhrase ?? '')}" is a second period; give one period (e.g. last month, Q3 2025, last:90d).`;
    Object.assign(out, plain.period);
  }
  if (plain.mine) out.salesman = [...new Set([...(out.salesman ?? []), 'me'])];
  if (plain.words.length > 0) {
    // Read alone, the leftover words must stay leftover words, so the canonical text reads back the same.
    const again = readPlainWords(plain.words, { findReport: false });
    if (again.words.length !== plain.words.length || again.period || again.mine || again.limit !== undefined) {
      return `I can't tell what "${clip(plain.words.join(' '))}" means here; write a period as one phrase (e.g. "this month") and quote names with spaces.`;
    }
    const key = plain.words.find((w) => (FILTER_KEYS as readonly string[]).includes(w.toLowerCase()));
    if (key !== undefined) return `${key.toLowerCase()} needs a value after a colon, e.g. ${key.toLowerCase()}:…`;
    out.words = [...new Set([...(out.words ?? []), ...plain.words])];
  }
  return out;
}

function unknownWord(report: ReportSpec, token: string, rules: ReportArgsRules, keys: readonly string[]): [string, string?] {
  const lower = token.toLowerCase();
  const shown = clip(token);
  if (/^\d{1,4}[dwmy]$/i.test(token)) return [`"${shown}" is not a filter of ${report.name}; a period is written last:${lower}.`, `last:${lower}`];
  if (/^\d{4}-\d{2}-\d{2}$/.test(token)) return [`"${shown}" is not a filter of ${report.name}; a date is written from:${token} or to:${token}.`, `from:${token}`];
  if (keys.includes(lower)) return [`${lower} needs a value after a colon, e.g. ${lower}:…`, `${lower}:`];
  if (/^<@/.test(token)) return [`A person is not a filter of ${report.name}; filter by salesman:<id>.`, 'salesman:'];
  const guess = suggest(lower, rules.allowPublic ? ['public', ...keys] : keys);
  const suggestion = guess === undefined ? undefined : guess === 'public' ? 'public' : `${guess}:`;
  return [`"${shown}" is not a filter or option of ${report.name}.`, suggestion];
}
