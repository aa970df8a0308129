import { dateTimeText, freshnessText } from '../lib/dates.js';
import { describeFilters, type ReportFilters } from '../lib/report-filters.js';
import type { ReportEnvelope } from '../reports/report-module.js';

/** The freshness and scope lines of an answer, in words, for Slack messages and terminal footers. */
export interface AnswerMeta {
  /** Latest order as a business day (and time) in SALES_TZ; null before the first import. */
  dataAsOf: string | null;
  /** The filters in words, or whose book a scoped answer covers. */
  filtersText: string;
  /** When the snapshot was computed, in SALES_TZ. */
  snapshotAt?: string;
  /**
   * Where the data is (see ReportEnvelope.dataNote; absent before the first import, which `dataAsOf` =
   * null says), followed by how far behind the read replica that answered is, when it is noticeably.
   */
  dataNote?: string;
}

/**
 * The sentence an answer carries while an import is not yet in the rollups. Said instead of awaiting the
 * repair: a full rebuild can take minutes, longer than a Slack answer may wait, and the refresh that
 * clears it runs after every import, at `serve`/`worker` start-up and nightly.
 */
export const ROLLUPS_BEHIND_TEXT = 'Figures are being rebuilt after an import and may miss its changes; if this lasts, an admin can run `sales-bot refresh`.';

/** "45 s", "3 min", "2 h": a replica's lag, rounded the way people say it. */
function lagWords(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/** The one sentence an answer read from a lagging replica carries: "Replica is 3 min behind the primary: newer changes are not in these figures." */
export function replicaLagText(seconds: number): string {
  return `Replica is ${lagWords(seconds)} behind the primary: newer changes are not in these figures.`;
}

/** The filters in words, led by whose book a scoped answer covers ("your customers (name) · region North"). */
export function filtersWords(filters: ReportFilters, scopeLabel?: string): string {
  const filtered = Object.values(filters).some((v) => v !== undefined);
  const words = describeFilters(filters);
  return scopeLabel ? (filtered ? `${scopeLabel} · ${words}` : scopeLabel) : words;
}

/** "your customers (Nancy Davolio)": the label of a salesman's own book. */
export function ownBookLabel(name: string | undefined): string {
  return name ? `your customers (${name})` : 'your customers';
}

/**
 * Freshness, scope and data note of a result in the words every renderer shows: business days and times
 * in the result's time zone (never raw ISO), "your customers (name)" rather than "all data" for a
 * salesman's own book.
 */
export function answerMeta(result: ReportEnvelope, timeZone: string = result.timeZone ?? 'UTC'): AnswerMeta {
  const filtersText = filtersWords(result.filters, result.scopeLabel);
  const dataAsOf = freshnessText(result.dataAsOf, timeZone);
  // The lag sentence stands even before the first import: a replica behind may simply not have it yet.
  const notes = [
    ...(result.dataNote && dataAsOf !== null ? [result.dataNote] : []),
    ...(result.replicaLagSeconds !== undefined ? [replicaLagText(result.replicaLagSeconds)] : []),
    ...(result.rollupsBehind ? [ROLLUPS_BEHIND_TEXT] : []),
  ];
  return {
    dataAsOf,
    filtersText,
    ...(result.snapshotAt ? { snapshotAt: dateTimeText(result.snapshotAt, timeZone) } : {}),
    ...(notes.length > 0 ? { dataNote: notes.join(' ') } : {}),
  };
}
