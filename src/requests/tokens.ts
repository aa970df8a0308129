/**
 * Tokens with their place in the text. Same rules as `tokenize` (src/lib/text-tokens.ts), which a test
 * checks on random input; the positions let free text such as activity notes be taken verbatim.
 */
export interface Token {
  value: string;
  /** Index (UTF-16) of the token's first character, quotes included. */
  start: number;
  /** Index just past the token's last character, quotes included. */
  end: number;
}

export function tokenizeSpans(text: string): Token[] {
  const tokens: Token[] = [];
  let current = '';
  let quote: string | null = null;
  let started = false;
  let start = 0;
  let i = 0;
  for (const ch of text) {
    const at = i;
    i += ch.length;
    if (quote !== null) {
      if (ch === quote || (quote === '“' && ch === '”')) quote = null;
      else current += ch;
      continue;
    }
    if (ch === '"' || ch === '“' || ch === '”') {
      quote = ch;
      if (!started) start = at;
      started = true;
      continue;
    }
    if (/\s/.test(ch)) {
      if (started) tokens.push({ value: current, start, end: at });
      current = '';
      started = false;
      continue;
    }
    if (!started) start = at;
    current += ch;
    started = true;
  }
  if (started) tokens.push({ value: current, start, end: text.length });
  return tokens;
}

const SPECIAL = /[\s"“”]/u;

/**
 * Writes a token so `tokenize` reads it back unchanged: plain when it can, else in quotes. A value
 * holding both straight and curly quotes is written in pieces, since the tokenizer joins adjacent runs.
 */
export function quoteToken(value: string): string {
  if (value !== '' && !SPECIAL.test(value)) return value;
  if (!value.includes('"')) return `"${value}"`;
  if (!/[“”]/.test(value)) return `“${value}”`;
  let out = '';
  for (const ch of value) {
    if (ch === '"') out += '“"”';
    else if (ch === '“' || ch === '”' || /\s/.test(ch)) out += `"${ch}"`;
    else out += ch;
  }
  return out;
}

/** `key:value` with the value quoted when needed (the key is a plain word). */
export function keyValueToken(key: string, value: string): string {
  return `${key}:${quoteToken(value)}`;
}
