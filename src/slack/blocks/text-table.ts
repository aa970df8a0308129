import type { ViewColumn } from '../../views/report-view.js';
import { escapeMrkdwn, textLength, withEllipsis } from './text.js';

export interface TableLayout {
  /** Escaped lines for a code block: header, rule, rows. */
  lines: string[];
  /** Labels of columns left out to keep lines readable (the CSV export has them). */
  hidden: string[];
}

/** Slack shows roughly this many monospace characters before wrapping a code block on a laptop. */
export const TABLE_WIDTH = 96;
/** Widest a single cell may be; longer text is cut with an ellipsis. */
const MAX_CELL = 40;
const GAP = '  ';

/**
 * Cell text safe inside a ``` block: one line (newlines and tabs become spaces), no control characters,
 * and no backtick, which could close the block early (shown as ˋ instead).
 */
export function cleanCell(text: unknown): string {
  const s = typeof text === 'string' ? text : text === null || text === undefined ? '' : String(text);
  // Zero-width joiners stay (they build emoji); zero-width spaces and bidi controls go (they skew columns).
  return s
    .replace(/[\r\n\t\v\f\u2028\u2029]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/`/g, 'ˋ');
}

function cut(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : withEllipsis(chars.slice(0, Math.max(0, width - 1)).join(''));
}

function pad(text: string, width: number, align: 'l' | 'r'): string {
  const room = Math.max(0, width - textLength(text));
  return align === 'r' ? ' '.repeat(room) + text : text + ' '.repeat(room);
}

/**
 * A monospace table that fits {@link TABLE_WIDTH}: columns are taken left to right while they fit (the
 * first always), the rest are named in `hidden`. Widths are measured before escaping, since Slack shows
 * `&lt;` as one character.
 */
export function tableLayout(columns: readonly ViewColumn[], rows: readonly (readonly unknown[])[], width: number = TABLE_WIDTH): TableLayout {
  const count = rows.reduce((m, r) => Math.max(m, r.length), columns.length);
  if (count === 0 || rows.length === 0) return { lines: [], hidden: [] };
  const labels = Array.from({ length: count }, (_, i) => cleanCell(columns[i]?.label ?? ''));
  const align = Array.from({ length: count }, (_, i) => columns[i]?.align ?? 'l');
  const cells = rows.map((r) => Array.from({ length: count }, (_, i) => cleanCell(r[i])));
  const widths = labels.map((label, i) => Math.min(MAX_CELL, cells.reduce((m, r) => Math.max(m, textLength(r[i]!)), textLength(label))));
  const chosen: number[] = [];
  const hidden: string[] = [];
  let used = 0;
  for (let i = 0; i < count; i++) {
    const w = widths[i]!;
    // A column with nothing in it (e.g. an empty flag column) costs room and says nothing.
    if (w === 0) continue;
    const cost = (chosen.length > 0 ? GAP.length : 0) + w;
    if (chosen.length === 0 || used + cost <= width) {
      chosen.push(i);
      used += cost;
    } else hidden.push(labels[i] || `column ${i + 1}`);
  }
  if (chosen.length === 0) return { lines: [], hidden };
  // The first column alone may be wider than the table: cut it to the width.
  const w0 = Math.min(widths[chosen[0]!]!, width);
  const colWidth = (i: number) => (i === chosen[0] ? w0 : widths[i]!);
  const line = (values: readonly string[]) =>
    escapeMrkdwn(
      chosen
        .map((i) => pad(cut(values[i]!, colWidth(i)), colWidth(i), align[i]!))
        .join(GAP)
        .trimEnd(),
    );
  const rule = chosen.map((i) => '─'.repeat(colWidth(i))).join(GAP);
  return { lines: [line(labels), rule, ...cells.map(line)], hidden };
}
