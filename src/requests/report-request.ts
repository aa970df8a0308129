import type { ReportFilters } from '../lib/report-filters.js';
import type { UsageError } from './usage-error.js';

/**
 * A report request as every door reads it (Slack text, CLI words and flags, HTTP query): the report,
 * its filters (plain words still unresolved in `filters.words`; the service `resolveFilters` resolves
 * them against the data), options, as-of, limit, `public`, and the canonical text that reads back to
 * the same request (buttons and subscriptions carry it).
 */
export interface ReportRequest {
  report: string;
  filters: ReportFilters;
  /** Report options by key (e.g. minSupport), already converted by the report's own parsers. */
  options: Record<string, unknown>;
  asOf?: string;
  limit?: number;
  /** `public` anywhere: post where the request was made, not only to the asker (doors without an audience ignore it). */
  public: boolean;
  /** The request rewritten in one normal form, without `public`; reads back to the same request. */
  canonical: string;
}

export type RequestResult = { ok: true; request: ReportRequest } | { ok: false; usage: UsageError };
