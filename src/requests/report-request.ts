import type { ReportCommand, UsageError } from '../slack/parse/command-types.js';

/**
 * A report request as every door reads it (Slack text, CLI words and flags, HTTP query): the report,
 * its filters (plain words still unresolved in `filters.words`; the service `resolveFilters` resolves
 * them against the data), options, as-of, limit, `public`, and the canonical text that parses back to
 * the same request (buttons and subscriptions carry it).
 */
export type ReportRequest = Omit<ReportCommand, 'kind'>;

export type RequestResult = { ok: true; request: ReportRequest } | { ok: false; usage: UsageError };

/** A usage error as one plain sentence (CLI and HTTP answers), with its suggestion. */
export function usageSentence(u: UsageError): string {
  return `${u.message}${u.suggestion ? ` Did you mean ${u.suggestion}?` : ''}`;
}
