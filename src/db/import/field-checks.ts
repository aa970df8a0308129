import { controlCharIn } from '../../lib/control-chars.js';
import type { FieldSpec } from './kinds.js';
import { capText, MULTILINE_COLUMNS } from './text-caps.js';

/**
 * Per-value checks. Most values never get here as strings: the byte-level `plainlyValid` at the end
 * passes the common shapes straight from the read buffer, and only the rest is decoded and checked by
 * `encodeValue`. Regex `test` instead of `exec`, char codes instead of `split`, and the reason text is
 * only built for a bad value.
 */

/** Returned by `encodeValue` for a value that fails its check; `invalidReason` explains why. */
export const INVALID = '\u0000invalid';

// YYYY-MM-DD, optionally [T ]HH:MM[:SS[.fff]] and an offset (Z, ±HH, ±HHMM, ±HH:MM).
const TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;
// Plain decimals only: exponents would defeat the digit-count guard against numeric overflow.
const DECIMAL_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const INT_RE = /^[+-]?\d{1,9}$/;
const DOUBLE_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?$/;

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

function inRange(spec: FieldSpec, s: string): boolean {
  if (spec.min === undefined && spec.max === undefined) return true;
  const v = Number(s);
  return !((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max));
}

/**
 * A trimmed, non-empty cell → the text to stage (bool and enum normalised), or `INVALID`.
 * Text stays text all the way: numbers are never turned into floats here.
 */
export function encodeValue(spec: FieldSpec, s: string): string {
  switch (spec.type) {
    case 'id':
    case 'text':
      return s;
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

/** Characters (code points) in `s`: a surrogate pair counts once, as Postgres' `char_length` does. */
function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate and its low one are one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Why a trimmed id/text value is too long for its column's cap (TEXT_CAPS), or undefined. */
export function lengthReason(spec: FieldSpec, s: string): string | undefined {
  const cap = spec.maxLength;
  if (cap === undefined || s.length <= cap || codePoints(s) <= cap) return undefined;
  return `longer than ${capText(cap)}`;
}

const LINE_BREAK_OR_TAB = /[\t\r\n]/;
const spanning = ((names: string[]): string => `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`)([...MULTILINE_COLUMNS]);

/**
 * Why a trimmed value holds a character no column takes (NUL and the other controls), or one its
 * column does not (tab or line break outside the free-text columns); undefined when it is clean.
 */
export function controlReason(spec: FieldSpec, s: string): string | undefined {
  const code = controlCharIn(s);
  if (code === 'U+0000') return 'contains a NUL byte, which is not text';
  if (code !== undefined) return `contains a control character (${code}); remove it`;
  if ((spec.type === 'id' || spec.type === 'text') && !spec.multiline && LINE_BREAK_OR_TAB.test(s)) {
    return /[\r\n]/.test(s)
      ? `contains a line break; only ${spanning} may span lines`
      : 'contains a tab (U+0009); use a space';
  }
  return undefined;
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

/*
 * Byte-level shortcuts for the import's fast path: they look at a value still in the read buffer and
 * answer true only for the common, plainly valid shapes that `encodeValue` accepts unchanged. False
 * means "decode it and ask `encodeValue`", so the rules stay those above, whichever path a value takes.
 */

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 48 && c <= 57;
const byteTwo = (b: Uint8Array, i: number): number => (b[i]! - 48) * 10 + (b[i + 1]! - 48);

function digitsAt(b: Uint8Array, s: number, at: readonly number[]): boolean {
  for (const i of at) if (!isDigit(b[s + i])) return false;
  return true;
}

const DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];
const TIME_DIGITS = [11, 12, 14, 15];
const SECOND_DIGITS = [17, 18];

/** YYYY-MM-DD, optionally [T ]HH:MM, :SS and a final Z: the shapes exports use. */
function plainTimestamp(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n !== 10 && n !== 16 && n !== 19 && n !== 20) return false;
  if (b[s + 4] !== 45 || b[s + 7] !== 45 || !digitsAt(b, s, DATE_DIGITS)) return false;
  const year = byteTwo(b, s) * 100 + byteTwo(b, s + 2);
  const month = byteTwo(b, s + 5);
  const day = byteTwo(b, s + 8);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (n === 10) return true;
  const sep = b[s + 10];
  if ((sep !== 84 && sep !== 32) || b[s + 13] !== 58 || !digitsAt(b, s, TIME_DIGITS)) return false;
  if (byteTwo(b, s + 11) > 23 || byteTwo(b, s + 14) > 59) return false;
  if (n === 16) return true;
  if (b[s + 16] !== 58 || !digitsAt(b, s, SECOND_DIGITS) || byteTwo(b, s + 17) > 59) return false;
  return n === 19 || b[s + 19] === 90;
}

/**
 * [-+]digits[.digits] within the digit limit and, for a range with whole-number bounds, clearly
 * inside it (the slow path decides the borderline cases exactly as before).
 */
function plainDecimal(spec: FieldSpec, b: Uint8Array, s: number, e: number, allowDot: boolean): boolean {
  let i = s;
  const negative = b[i] === 45;
  if (negative || b[i] === 43) i++;
  if (i >= e || !isDigit(b[i])) return false;
  while (i < e - 1 && b[i] === 48 && isDigit(b[i + 1])) i++;
  let whole = 0;
  let digits = 0;
  for (; i < e && isDigit(b[i]); i++) {
    whole = whole * 10 + (b[i]! - 48);
    digits++;
  }
  let fraction = false;
  if (i < e) {
    if (!allowDot || b[i] !== 46) return false;
    for (i++; i < e; i++) {
      const c = b[i];
      if (!isDigit(c)) return false;
      if (c !== 48) fraction = true;
    }
  }
  if (whole === 0) digits = 0;
  if (spec.intDigits !== undefined && digits > spec.intDigits) return false;
  if (spec.min === undefined && spec.max === undefined) return true;
  if (digits > 15 || (spec.min !== undefined && !Number.isInteger(spec.min)) || (spec.max !== undefined && !Number.isInteger(spec.max))) return false;
  // Between two whole numbers a fraction sits like a half: enough to compare against whole bounds.
  const magnitude = whole + (fraction ? 0.5 : 0);
  const v = negative ? -magnitude : magnitude;
  return (spec.min === undefined || v >= spec.min) && (spec.max === undefined || v <= spec.max);
}

/** True when the value in `b[s..e)` (non-empty, no surrounding blanks) is valid and passes unchanged. */
export function plainlyValid(spec: FieldSpec, b: Uint8Array, s: number, e: number): boolean {
  switch (spec.type) {
    case 'id':
    case 'text':
      // Never fewer bytes than characters: within the cap as bytes is within it as characters.
      return spec.maxLength === undefined || e - s <= spec.maxLength;
    case 'timestamp':
      return plainTimestamp(b, s, e);
    case 'numeric':
      return plainDecimal(spec, b, s, e, true);
    case 'int':
      return e - s <= 9 && plainDecimal(spec, b, s, e, false);
    default:
      return false;
  }
}
