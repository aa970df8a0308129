/**
 * Rendering helpers: money and numbers are rounded only here, at the edge.
 *
 * Negative numbers use the ASCII hyphen-minus everywhere ("-1,234", "-12.5%"): it is what Intl writes,
 * what spreadsheets and the CLI read back, and one sign for all views (U+2212 looked the same in Slack
 * but broke copy and paste). A value that rounds to zero shows without a sign ("0", not "-0").
 */

// signDisplay 'negative': no "-0" for values that round to zero.
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0, signDisplay: 'negative' });
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 0, signDisplay: 'negative' });
const signedMoney = new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 0, signDisplay: 'exceptZero' });

export function formatInt(n: number): string {
  return integer.format(n);
}

/** Whole currency units ("12,345"); numeric text from SQL is accepted as is. */
export function formatMoney(v: string | number): string {
  return money.format(Number(v));
}

/** A share as a percentage: 0.125 → "12.5%"; a value that rounds to zero has no sign. */
export function formatPercent(share: number, digits = 1): string {
  const text = (share * 100).toFixed(digits);
  return `${Number(text) === 0 ? text.replace('-', '') : text}%`;
}

/** A change in whole currency units with its sign: "+1,234", "-56", "0". */
export function formatSignedMoney(v: number): string {
  return signedMoney.format(v);
}

/** A change as a signed percentage: 0.3 → "+30.0%", -0.05 → "-5.0%", 0 → "0.0%". */
export function formatSignedPercent(share: number, digits = 1): string {
  const text = formatPercent(share, digits);
  return Number((share * 100).toFixed(digits)) > 0 ? `+${text}` : text;
}

/** "1 region", "2 regions"; pass the plural when it is not the singular + "s". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return n === 1 ? singular : pluralForm;
}

/** A count with its noun: "1 region", "1,204 customers". */
export function countOf(n: number, singular: string, pluralForm?: string): string {
  return `${formatInt(n)} ${plural(n, singular, pluralForm)}`;
}

/**
 * Text ended as a sentence: a period is added only when the text does not already end in one (or in
 * ! ? …), so a name such as "Cortiças Lda." does not end up with two.
 */
export function sentence(text: string): string {
  const t = text.trimEnd();
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}

/** A horizontal bar of `width` cells for a value in [0, max]: readable in a terminal and in Slack code blocks. */
export function bar(value: number, max: number, width = 24): string {
  if (!(max > 0) || !(value > 0)) return '';
  const cells = Math.max(1, Math.round((value / max) * width));
  return '█'.repeat(Math.min(cells, width));
}

/** Left-aligned text table with right-aligned numeric columns (by `align`), for terminals and code blocks. */
export function textTable(header: string[], body: string[][], align: ('l' | 'r')[] = []): string {
  // Widths in code points, not UTF-16 units, so names such as "Zürich 😀" do not shift the columns.
  const width = (s: string) => [...s].length;
  const widths = header.map((h, i) => Math.max(width(h), ...body.map((r) => width(r[i] ?? ''))));
  const pad = (c: string, w: number, right: boolean) => (right ? ' '.repeat(Math.max(0, w - width(c))) + c : c + ' '.repeat(Math.max(0, w - width(c))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, widths[i]!, align[i] === 'r'))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...body.map(line)].join('\n');
}
