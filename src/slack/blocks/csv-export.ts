import type { CellValue, ReportView } from '../../views/report-view.js';

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

/** A formatted number as views write it: sign (- or U+2212), grouping commas, decimals, an optional %. */
const FORMATTED_NUMBER = /^([+\-\u2212]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(%?)$/;

/**
 * A display cell as data: "1,234.50" → 1234.5, "-3.5%" → -0.035 (a share, as the reports compute it),
 * "−12" → -12; anything else stays text. Spreadsheets then sum and sort the column.
 */
export function csvValue(cell: unknown): CellValue {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (typeof cell !== 'string') return cell === null || cell === undefined ? null : String(cell);
  const m = FORMATTED_NUMBER.exec(cell.trim());
  if (!m) return cell;
  const n = Number(`${m[1] === '' || m[1] === '+' ? '' : '-'}${m[2]!.replace(/,/g, '')}${m[3] ?? ''}`);
  if (!Number.isFinite(n)) return cell;
  // toPrecision(12) drops binary noise from the division (33.3% → 0.333, not 0.33299999999999996).
  return m[4] === '%' ? Number((n / 100).toPrecision(12)) : n;
}

/** A number as CSV text: dot decimal, no grouping, no exponent for ordinary magnitudes. */
function numberText(n: number): string {
  if (!Number.isFinite(n)) return '';
  return Object.is(n, -0) ? '0' : String(n);
}

/**
 * The view's rows as CSV (RFC 4180: CRLF line ends, quoted fields where needed): a header row, then
 * every row, each as wide as the widest row. Numbers are written as numbers (dot decimal, no
 * thousands separator, no currency or percent sign). When the view carries an export table its
 * columns and raw values are used (portal ids beside names); else the display rows, with formatted
 * numbers turned back into numbers. No byte-order mark: add one when the file is meant for Excel on
 * Windows.
 */
export function viewToCsv(view: ReportView): string {
  const columns = view.export ? view.export.columns : view.columns.map((c) => c.label);
  const rows: readonly (readonly unknown[])[] = view.export ? view.export.rows : view.rows.map((r) => r.map(csvValue));
  const width = rows.reduce((m, r) => Math.max(m, r.length), columns.length);
  const field = (v: unknown) => (typeof v === 'number' ? numberText(v) : csvCell(v));
  const line = (cells: readonly unknown[]) => Array.from({ length: width }, (_, i) => field(cells[i])).join(',');
  return [line(columns), ...rows.map(line)].join('\r\n') + '\r\n';
}
