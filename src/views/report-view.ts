/**
 * A presentation-neutral view of a report result: what the CLI prints as a table, what the Slack
 * blocks show as header, fields and a table, and what Export CSV writes. Built by pure functions from
 * the result object.
 */
export interface KeyFigure {
  label: string;
  value: string;
}

export interface ViewColumn {
  label: string;
  align?: 'l' | 'r';
}

/** A raw cell for exports: numbers stay numbers (dot decimal, no grouping, no unit), null is empty. */
export type CellValue = string | number | null;

/**
 * The rows as data rather than text: portal ids beside names (customer_id, product_id, salesman_id)
 * and unformatted numbers, so a spreadsheet can sum and join them. Column names are snake_case.
 */
export interface ExportTable {
  columns: string[];
  rows: CellValue[][];
}

export interface ReportView {
  /** What and when, e.g. "RFM segments · as of 2024-03-31". */
  title: string;
  keyFigures: KeyFigure[];
  /** The table as people read it: names, never internal ids (portal ids may sit beside names). */
  columns: ViewColumn[];
  rows: string[][];
  /** Short sentences shown under the table (e.g. "not enough history"). */
  notes: string[];
  /**
   * Rows in the whole list when `rows` holds only its top (the report's limit): lets an answer say
   * "…and 12 more rows" and count its pages. Absent when the rows are the whole list or are not one
   * per listed item.
   */
  totalRows?: number;
  /**
   * "Top 20 of 47 …; --limit 0 for all." when `rows` is the report's top only. The CLI and JSON readers
   * need it; a chat answer pages through the whole list instead and says so itself, so it leaves it out.
   */
  cutNote?: string;
  /**
   * The same rows for Export CSV, when the report has raw values or ids the readable table leaves
   * out. Absent: the CSV is derived from `rows`, with formatted numbers turned back into numbers.
   */
  export?: ExportTable;
}

/** True for a view whose answer is its key figures (KPI cards): it has no table, so no "no rows" line. */
export function isFiguresOnly(view: ReportView): boolean {
  return view.columns.length === 0 && view.keyFigures.length > 0;
}
