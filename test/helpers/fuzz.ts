import { seededFloats } from '../../src/demo/rng.js';

/** Seeded random input for never-throws tests: a failure prints its seed and can be replayed. */
export const rng = seededFloats;

const PIECES = [
  ' ', ' ', ' ', '\n', '\t', '"', '“', '”', ':', ',', '<', '>', '&', '@', '#', '|', '`', '*', '_', '~', '-', '=', '+', '\u0000', '\u200b',
  '😀', '👩‍👩‍👧', 'é', '東京', '\ud800', 'rfm', 'churn', 'crosssell', 'help', 'log', 'visit', 'admin', 'role', 'link', 'subscribe', 'public',
  'region:', 'last:', 'from:', 'to:', 'as-of:', 'limit:', 'min-support:', 'at:', 'on:', '90d', '2024-01-01', '<@U123ABC|bob>', '<#C1234|x>',
  'constructor', '__proto__', 'toString', 'hasOwnProperty', 'daily', 'weekly', 'manager', 'S001', '0.01', '-1', '1e999', 'NaN',
];

/** Text stitched from command-like pieces and random characters. */
export function randomText(next: () => number, maxPieces = 30): string {
  const n = Math.floor(next() * maxPieces);
  let s = '';
  for (let i = 0; i < n; i++) {
    s += next() < 0.8 ? PIECES[Math.floor(next() * PIECES.length)]! : String.fromCharCode(Math.floor(next() * 0xffff));
  }
  return s;
}

const VALUE_CHARS = ['a', 'B', ' ', ',', '"', '“', '”', 'é', '東', '😀', '<', '&', ':', '-', '`', '*', "'", '0'];

/** A plausible report request with random filter values (quotes, commas, unicode) to exercise canonical text. */
export function randomReportText(next: () => number, names: readonly string[]): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const value = () => {
    let v = pick(['North', 'S1', 'Paper', 'C9']);
    const n = Math.floor(next() * 6);
    for (let i = 0; i < n; i++) v += pick(VALUE_CHARS);
    return v;
  };
  const quoted = (v: string) => (v.includes('"') ? `“${v.replace(/[“”]/g, '')}”` : pick([`"${v}"`, `“${v}”`]));
  const tokens = [pick(names)];
  const used = new Set<string>();
  const count = Math.floor(next() * 5);
  for (let i = 0; i < count; i++) {
    const key = pick(['region', 'salesman', 'category', 'customer', 'last', 'limit', 'public', 'as-of']);
    if (used.has(key)) continue;
    used.add(key);
    if (key === 'public') tokens.push('public');
    else if (key === 'last') tokens.push(`last:${1 + Math.floor(next() * 400)}${pick(['d', 'w', 'm', 'y', 'D'])}`);
    else if (key === 'limit') tokens.push(`limit:${Math.floor(next() * 100)}`);
    else if (key === 'as-of') tokens.push(`as-of:2024-0${1 + Math.floor(next() * 9)}-1${Math.floor(next() * 9)}`);
    else tokens.push(`${key}:${quoted(value())}`);
  }
  return tokens.join(' ');
}
