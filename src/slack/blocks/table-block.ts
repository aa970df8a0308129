import type { ViewColumn } from '../../views/report-view.js';
import type { TableBlock, TableCell, TableColumnSetting } from './builders.js';
import { LIMITS } from './limits.js';
import { fit, textLength } from './text.js';

export interface TablePlan {
  block: TableBlock;
  /** Data rows that fit (the header row is not counted). */
  shownRows: number;
}

/** Text columns whose longest cell is longer than this wrap instead of stretching the table sideways. */
const WRAP_AT = 40;
/** Shown in an empty cell: Slack requires text in a raw_text cell, and "—" reads as "none". */
const EMPTY = '—';

/**
 * Cell text for a raw_text cell: one line (newlines and tabs become spaces), no control or bidi
 * characters, cut to {@link LIMITS.tableCellText}, never empty. Not escaped: Slack shows raw_text as is.
 */
export function tableCellText(value: unknown): string {
  const s = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  const clean = s
    .replace(/[\r\n\t\v\f\u2028\u2029]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim();
  return fit(clean, LIMITS.tableCellText, EMPTY);
}

const cell = (text: string): TableCell => ({ type: 'raw_text', text });

/**
 * The rows as Slack's table block, header first, within its limits: at most 20 columns (else
 * undefined, and the caller falls back to a monospace table), at most 99 data rows, and rows added
 * only while the table's text stays within `budget` characters. Columns empty in every row and in the
 * header are left out; number columns (align 'r') are right-aligned, long text columns wrap.
 */
export function tableBlock(columns: readonly ViewColumn[], rows: readonly (readonly unknown[])[], budget: number): TablePlan | undefined {
  const count = rows.reduce((m, r) => Math.max(m, r.length), columns.length);
  if (count === 0 || rows.length === 0) return undefined;
  const filled = (v: unknown) => v !== null && v !== undefined && String(v).trim() !== '';
  const keep = Array.from({ length: count }, (_, i) => i).filter((i) => filled(columns[i]?.label) || rows.some((r) => filled(r[i])));
  if (keep.length === 0 || keep.length > LIMITS.tableCells) return undefined;
  const head = keep.map((i) => cell(tableCellText(columns[i]?.label || `column ${i + 1}`)));
  const settings: TableColumnSetting[] = keep.map((i) => {
    if (columns[i]?.align === 'r') return { align: 'right' };
    const longest = rows.reduce((m, r) => Math.max(m, textLength(tableCellText(r[i]))), 0);
    return longest > WRAP_AT ? { align: 'left', is_wrapped: true } : { align: 'left' };
  });
  const cost = (r: readonly TableCell[]) => r.reduce((s, c) => s + textLength(c.text), 0);
  let used = cost(head);
  if (used > budget) return undefined;
  const body: TableCell[][] = [];
  for (const r of rows) {
    if (body.length >= LIMITS.tableRows - 1) break;
    const line = keep.map((i) => cell(tableCellText(r[i])));
    if (used + cost(line) > budget) break;
    body.push(line);
    used += cost(line);
  }
  if (body.length === 0) return undefined;
  return { block: { type: 'table', rows: [head, ...body], column_settings: settings }, shownRows: body.length };
}
