import { readPeriodPhrase, type PeriodReading } from './period-words.js';
import { MAX_PHRASE_WORDS, optionTokensForPhrase, reportForPhrase } from './report-phrases.js';

/**
 * Words that carry no request ("show me the …", "for", "please"): dropped. `me` is not here: alone it
 * means the asker's own book, so "show me" is read as a phrase first.
 */
const FILLER = new Set([
  'a', 'an', 'the', 'for', 'in', 'of', 'on', 'at', 'by', 'per', 'with', 'and', 'to', 'from', 'during', 'over',
  'please', 'pls', 'show', 'show me', 'give', 'give me', 'tell', 'tell me', 'get', 'list', 'what', 'whats', "what's",
  'is', 'are', 'was', 'were', 'our', 'us', 'we', 'all', 'report', 'top', 'best', 'biggest', 'how', 'much', 'many', 'do',
  'does', 'did', 'i', 'have', 'has', 'see', 'can', 'you', 'which', 'who', '?', '-', '–', '—',
]);

/** `me`, `mine`, `my` (and "my own", "my book"): the asker's own salesman book ("my customers" is `my` + rfm). */
const MINE = new Set(['me', 'mine', 'my', 'my own', 'myself', 'my book', 'my accounts']);

/** What plain words in a request said. */
export interface PlainReading {
  /** A report named by a phrase ("top customers" → rfm), when asked to look for one. */
  report?: string;
  /** Index of the first token of the phrase that named the report. */
  reportAt?: number;
  /** Option tokens the report phrase implies (`list:customers` for "top customers"). */
  reportTokens?: readonly string[];
  period?: PeriodReading;
  /** The phrase that named the period, to say which one when there are two. */
  periodPhrase?: string;
  /** `top 5`, `first 10`, `5 rows`. */
  limit?: number;
  mine: boolean;
  /** Words and quoted phrases left: names of regions, categories, salesmen or customers, or nothing. */
  words: string[];
  /** A second period phrase, which is a usage error. */
  conflict?: string;
}

/** A typed word as compared with the tables: lower case, edge punctuation (`?`, `,`, `!`) dropped. */
export function plainKey(word: string): string {
  return word.toLowerCase().replace(/^[¿¡("'“‘]+|[?!.,;)"'”’]+$/g, '').replace(/\s+/g, ' ').trim();
}

/**
 * Reads free words (no `key:value` tokens) into a period, a limit, "mine", a report (with
 * `findReport`) and the words left over. Scans left to right taking the longest known phrase at each
 * place; a token holding spaces came quoted and is one name, never split into phrases.
 */
export function readPlainWords(tokens: readonly string[], opts: { findReport: boolean }): PlainReading {
  const out: PlainReading = { mine: false, words: [] };
  const keys = tokens.map(plainKey);
  const quoted = tokens.map((t) => /\s/.test(t.trim()));
  let i = 0;
  while (i < tokens.length) {
    let taken = 0;
    const maxLen = Math.max(MAX_PHRASE_WORDS, 5);
    for (let len = Math.min(maxLen, tokens.length - i); len >= 1 && taken === 0; len--) {
      if (quoted.slice(i, i + len).some(Boolean)) continue;
      const phrase = keys.slice(i, i + len).join(' ');
      if (phrase === '') continue;
      const report = reportForPhrase(phrase);
      if (report !== undefined) {
        // A second report phrase ("top customers revenue") only repeats what is asked: dropped.
        if (opts.findReport && out.report === undefined) {
          out.report = report;
          out.reportAt = i;
          const implied = optionTokensForPhrase(phrase);
          if (implied.length > 0) out.reportTokens = implied;
        }
        taken = len;
        continue;
      }
      const period = readPeriodPhrase(phrase);
      if (period) {
        if (out.period) out.conflict ??= phrase;
        else {
          out.period = period;
          out.periodPhrase = phrase;
        }
        taken = len;
        continue;
      }
      const limit = /^(?:top|first|best|limit|show) (\d{1,5})$/.exec(phrase) ?? (len === 2 ? /^(\d{1,5}) (?:rows|lines|results|items)$/.exec(phrase) : null);
      if (limit) {
        out.limit = Number(limit[1]);
        taken = len;
        continue;
      }
      if (MINE.has(phrase)) {
        out.mine = true;
        taken = len;
        continue;
      }
      if (FILLER.has(phrase)) taken = len;
    }
    if (taken === 0) {
      if (keys[i] !== '' || quoted[i]) out.words.push(quoted[i] ? tokens[i]!.trim() : tokens[i]!.replace(/[?!,;]+$/, ''));
      taken = 1;
    }
    i += taken;
  }
  return out;
}
