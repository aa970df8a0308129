import type { ReportFilters } from '../lib/report-filters.js';
import type { ReportView } from '../views/report-view.js';

/** Rows a drill-down returns when the request gives no limit: one chat message's worth. */
export const DRILL_PAGE_SIZE = 10;

/** What a drill-down button carries: the report's filters and as-of, and the member clicked. */
export interface DrillRequest {
  filters: ReportFilters;
  /** YYYY-MM-DD; default today in SALES_TZ. */
  asOf?: string | undefined;
  /** The member to open: a segment name, an ABC class, a customer id, a region. */
  key: string;
  /** Rows of the list to return; 0 = all. Default {@link DRILL_PAGE_SIZE}. */
  limit?: number | undefined;
  /** Rows of the list to skip (paging). */
  offset?: number | undefined;
}

/**
 * A drill-down answer: `view` shows the requested page, `total` counts the whole list, `data` is the
 * plain JSON the CLI, API and Slack share.
 */
export interface DrillResult<Data> {
  title: string;
  view: ReportView;
  total: number;
  data: Data;
}

/** Normalized page bounds for SQL paging; `limit` null = all rows. */
export function pageBounds(request: Pick<DrillRequest, 'limit' | 'offset'>): { limit: number | null; offset: number } {
  const limit = request.limit ?? DRILL_PAGE_SIZE;
  return { limit: limit > 0 ? Math.floor(limit) : null, offset: Math.max(0, Math.floor(request.offset ?? 0)) };
}

/** The requested slice of a list already sorted in the drill-down's order. */
export function pageOf<T>(list: readonly T[], request: Pick<DrillRequest, 'limit' | 'offset'>): T[] {
  const { limit, offset } = pageBounds(request);
  return limit === null ? list.slice(offset) : list.slice(offset, offset + limit);
}

/**
 * "Rows 11–20 of 57." on a later page. The first page says nothing: `total` tells the caller there are
 * more, and how to offer them (next page, export) is the caller's choice.
 */
export function pageNote(shown: number, offset: number, total: number): string[] {
  if (offset === 0) return [];
  if (shown === 0) return [`No rows past ${total}.`];
  return [`Rows ${offset + 1}–${offset + shown} of ${total}.`];
}
