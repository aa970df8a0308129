import { distance } from 'fastest-levenshtein';

/**
 * Splits command text into tokens on whitespace, keeping "double quoted" or “smart quoted” runs together
 * (Slack turns straight quotes into curly ones on some clients), so `region:"North East"` is one token.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quote: string | null = null;
  let started = false;
  for (const ch of text) {
    if (quote !== null) {
      if (ch === quote || (quote === '“' && ch === '”')) quote = null;
      else current += ch;
      continue;
    }
    if (ch === '"' || ch === '“' || ch === '”') {
      quote = ch === '”' ? '”' : ch;
      started = true;
      continue;
    }
    if (/\s/.test(ch)) {
      if (started) tokens.push(current);
      current = '';
      started = false;
      continue;
    }
    current += ch;
    started = true;
  }
  if (started) tokens.push(current);
  return tokens;
}

/** The closest candidate within a small distance, or undefined. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}
