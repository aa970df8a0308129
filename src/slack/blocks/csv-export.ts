import type { ReportView } from '../../views/report-view.js';

/**
 * A plain number as reports format them: optional sign, digits with or without thousands commas,
 * decimals, and an optional percent sign ("-12.50", "1,234", "-3.5%"). Spreadsheets read these as
 * numbers, not formulas, so they are left as they are.
 */
const PLAIN_NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$/;

/** Characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field: a cell starting with = + - @ (or tab / CR) gets a leading single quote so a spreadsheet
 * shows it as text instead of running it, unless it is a plain number (so "-12.50" stays a number);
 * then RFC 4180 quoting when it holds a comma, a quote or a line break.
 */
export function csvCell(value: unknown): string {
  let s = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The view's table as CSV (RFC 4180: CRLF line ends, quoted fields where needed): a header row of
 * column labels, then every row, each as wide as the widest row. No byte-order mark: add one when the
 * file is meant for Excel on Windows.
 */
export function viewToCsv(view: ReportView): string {
  const width = view.rows.reduce((m, r) => Math.max(m, r.length), view.columns.length);
  const line = (cells: readonly unknown[]) => Array.from({ length: width }, (_, i) => csvCell(cells[i])).join(',');
  return [line(view.columns.map((c) => c.label)), ...view.rows.map(line)].join('\r\n') + '\r\n';
}
