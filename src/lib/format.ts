/** Rendering helpers: money and numbers are rounded only here, at the edge. */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 0 });

export function formatInt(n: number): string {
  return integer.format(n);
}

/** Whole currency units ("12,345"); numeric text from SQL is accepted as is. */
export function formatMoney(v: string | number): string {
  return money.format(Number(v));
}

export function formatPercent(share: number, digits = 1): string {
  return `${(share * 100).toFixed(digits)}%`;
}

/** A horizontal bar of `width` cells for a value in [0, max]: readable in a terminal and in Slack code blocks. */
export function bar(value: number, max: number, width = 24): string {
  if (!(max > 0) || !(value > 0)) return '';
  const cells = Math.max(1, Math.round((value / max) * width));
  return '█'.repeat(Math.min(cells, width));
}

/** Left-aligned text table with right-aligned numeric columns (by `align`), for terminals and code blocks. */
export function textTable(header: string[], body: string[][], align: ('l' | 'r')[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...body.map(line)].join('\n');
}
