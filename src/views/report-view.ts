/**
 * A presentation-neutral view of a report result: what the CLI prints as a table and what the Slack
 * blocks show as header, fields and a text table. Built by pure functions from the result object.
 */
export interface KeyFigure {
  label: string;
  value: string;
}

export interface ViewColumn {
  label: string;
  align?: 'l' | 'r';
}

export interface ReportView {
  /** What and when, e.g. "RFM segments · as of 2024-03-31". */
  title: string;
  keyFigures: KeyFigure[];
  columns: ViewColumn[];
  rows: string[][];
  /** Short sentences shown under the table (e.g. "not enough history"). */
  notes: string[];
}
