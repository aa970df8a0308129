import type { FieldSpec } from './kinds.js';

/**
 * Per-value checks and COPY text encoding. This is the import's hot path (one call per cell of a
 * possibly 10M-row file), so the happy path allocates nothing but the returned string: regex `test`
 * instead of `exec`, char codes instead of `split`, and the reason text is only built for a bad value.
 */

/** Returned by `encodeValue` for a value that fails its check; `invalidReason` explains why. */
export const INVALID = '\u0000invalid';

/** The COPY text-format NULL. */
export const COPY_NULL = '\\N';

// YYYY-MM-DD, optionally [T ]HH:MM[:SS[.fff]] and an offset (Z, ±HH, ±HHMM, ±HH:MM).
const TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;
// Plain decimals only: exponents would defeat the digit-count guard against numeric overflow.
const DECIMAL_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const INT_RE = /^[+-]?\d{1,9}$/;
const DOUBLE_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?$/;
const COPY_SPECIAL_RE = /[\\\t\n\r]/;
const COPY_SPECIAL_G = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

const TRUE_WORDS = new Set(['true', 't', '1', 'yes', 'y']);
const FALSE_WORDS = new Set(['false', 'f', '0', 'no', 'n']);

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Shape and calendar check; Postgres then parses the text itself (in the session's TimeZone). */
export function isTimestamp(s: string): boolean {
  if (!TIMESTAMP_RE.test(s)) return false;
  const year = two(s, 0) * 100 + two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (s.length > 10) {
    if (two(s, 11) > 23 || two(s, 14) > 59) return false;
    if (s.length > 16 && s.charCodeAt(16) === 58 /* : */ && two(s, 17) > 59) return false;
  }
  return true;
}

/** Digits before the decimal point, ignoring sign and leading zeros. */
function integerDigits(s: string): number {
  let i = 0;
  let c = s.charCodeAt(0);
  if (c === 43 || c === 45) i = 1;
  while (s.charCodeAt(i) === 48) i++;
  let n = 0;
  for (; i < s.length; i++) {
    c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    n++;
  }
  return n;
}

/** Strips surrounding blanks without allocating when there are none (the common case). */
export function trimCell(s: string): string {
  const n = s.length;
  if (n === 0) return s;
  return s.charCodeAt(0) <= 32 || s.charCodeAt(n - 1) <= 32 ? s.trim() : s;
}

/** Escapes backslash, tab and line breaks for COPY's text format. */
export function copyText(s: string): string {
  return COPY_SPECIAL_RE.test(s) ? s.replace(COPY_SPECIAL_G, (c) => COPY_ESCAPES[c]!) : s;
}

function inRange(spec: FieldSpec, s: string): boolean {
  if (spec.min === undefined && spec.max === undefined) return true;
  const v = Number(s);
  return !((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max));
}

/**
 * A trimmed, non-empty cell → its COPY text, or `INVALID`.
 * Text stays text all the way: numbers are never turned into floats here.
 */
export function encodeValue(spec: FieldSpec, s: string): string {
  switch (spec.type) {
    case 'id':
    case 'text':
      return copyText(s);
    case 'timestamp':
      return isTimestamp(s) ? s : INVALID;
    case 'numeric':
      if (!DECIMAL_RE.test(s)) return INVALID;
      if (spec.intDigits !== undefined && integerDigits(s) > spec.intDigits) return INVALID;
      return inRange(spec, s) ? s : INVALID;
    case 'int':
      return INT_RE.test(s) && inRange(spec, s) ? s : INVALID;
    case 'double':
      return DOUBLE_RE.test(s) && inRange(spec, s) ? s : INVALID;
    case 'bool': {
      const w = s.toLowerCase();
      return TRUE_WORDS.has(w) ? 't' : FALSE_WORDS.has(w) ? 'f' : INVALID;
    }
    case 'enum': {
      const w = s.toLowerCase();
      return spec.values!.includes(w) ? w : INVALID;
    }
  }
}

const show = (s: string): string => JSON.stringify(s.length > 40 ? s.slice(0, 40) + '…' : s);

/** Why `encodeValue` rejected a value, in words a person can act on. */
export function invalidReason(spec: FieldSpec, s: string): string {
  switch (spec.type) {
    case 'timestamp':
      return `${show(s)} is not an ISO-8601 date or date-time (e.g. 2024-03-31 or 2024-03-31T14:05:00+02:00)`;
    case 'numeric': {
      if (!DECIMAL_RE.test(s)) return `${show(s)} is not a number (use a plain decimal like 1234.56)`;
      if (spec.intDigits !== undefined && integerDigits(s) > spec.intDigits) return `${show(s)} is too large`;
      return `${show(s)} is outside ${spec.min ?? '−∞'}..${spec.max ?? '∞'}`;
    }
    case 'int':
      return INT_RE.test(s) ? `${show(s)} must be at least ${spec.min}` : `${show(s)} is not a whole number`;
    case 'double':
      return DOUBLE_RE.test(s) ? `${show(s)} is outside ${spec.min}..${spec.max}` : `${show(s)} is not a number`;
    case 'bool':
      return `${show(s)} is not true/false (or yes/no, 1/0)`;
    case 'enum':
      return `${show(s)} is not one of ${spec.values!.join(', ')}`;
    default:
      return `${show(s)} is invalid`;
  }
}
