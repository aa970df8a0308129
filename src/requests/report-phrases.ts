import { REPORTS } from '../reports/registry.js';

/**
 * What people type for each report, read from the report modules (each module's `phrases`): phrase
 * (lower case, words separated by one space) → report. The longest phrase wins, so "revenue by region"
 * is geo while "revenue" alone is kpi. Why a phrase belongs where it does is noted in its module.
 */
const BY_PHRASE = new Map<string, string>(REPORTS.flatMap((r) => r.phrases.map((p) => [p, r.name] as [string, string])));

/** Longest phrase in the table, in words. */
export const MAX_PHRASE_WORDS = Math.max(...[...BY_PHRASE.keys()].map((p) => p.split(' ').length));

/** The report a phrase names, or undefined. */
export function reportForPhrase(phrase: string): string | undefined {
  return BY_PHRASE.get(phrase);
}

/** The option tokens a report phrase implies ("top customers" → `list:customers`), none for most. */
export function optionTokensForPhrase(phrase: string): readonly string[] {
  const report = REPORTS.find((r) => r.name === BY_PHRASE.get(phrase));
  return report?.phraseOptions?.[phrase] ?? [];
}
