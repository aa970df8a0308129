/**
 * The import's limits on text, in one place (docs/data-formats.md lists them from here). A value past
 * its cap is a `line N: column: longer than …` error, not something to import: one 50 MB name made
 * every report that lists customers slow and Slack replies fail.
 */

/** Characters (Unicode code points, as Postgres' `char_length` counts) a text column may hold, by column name. */
export const TEXT_CAPS: Readonly<Record<string, number>> = {
  // Ids are typed in commands and shown in every table; names likewise.
  salesman_id: 1_000,
  customer_id: 1_000,
  product_id: 1_000,
  order_id: 1_000,
  lead_id: 1_000,
  activity_id: 1_000,
  manager_id: 1_000,
  name: 1_000,
  // RFC 5321: 64 for the local part, @, 255 for the domain.
  email: 320,
  // Slack's ids are about a dozen characters; the room is for future formats.
  slack_user_id: 100,
  city: 200,
  region: 200,
  country: 200,
  sku: 200,
  category: 200,
  source: 200,
  outcome: 1_000,
  lost_reason: 1_000,
  notes: 10_000,
};

/** Cap of a text column that the table above does not name (none today; a new column gets this). */
export const DEFAULT_TEXT_CAP = 1_000;

/**
 * Free-text columns that may span lines: tab, CR and LF are ordinary there. Everywhere else they are
 * control characters like the rest (an id or a name with a line break cannot be typed in Slack).
 */
export const MULTILINE_COLUMNS: ReadonlySet<string> = new Set(['notes', 'outcome', 'lost_reason']);

/**
 * Longest CSV record (bytes, line break excluded) the reader holds. Far above what the caps above
 * allow for a kind's known columns (4 bytes a character at most), so only a file that is not an export
 * meets it; it keeps the reader's memory flat when a quote is never closed or a field runs for megabytes.
 */
export const MAX_RECORD_BYTES = 1024 * 1024;

/** A cap as people write it: "1,000 characters". */
export function capText(cap: number): string {
  return `${cap.toLocaleString('en-US')} characters`;
}
