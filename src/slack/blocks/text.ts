/**
 * Text that fits a limit: cut on a character boundary with an ellipsis, never empty (Slack rejects empty
 * strings wherever text is required).
 */
export function fit(text: string, max: number, fallback = '—'): string {
  const t = text.trim() === '' ? fallback : text;
  const chars = [...t];
  if (chars.length <= max) return t;
  return withEllipsis(chars.slice(0, Math.max(0, max - 1)).join(''));
}

/**
 * A cut text ended with "…": periods and spaces at the cut go first, so "Cortiças Lda." cut after its
 * period reads "Cortiças Lda…" rather than "Lda.…" (which Slack shows much like "Lda..").
 */
export function withEllipsis(cut: string): string {
  const trimmed = cut.replace(/[.\s]+$/u, '');
  return `${trimmed === '' ? cut : trimmed}…`;
}

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Length as Slack counts it (code points). */
export function textLength(text: string): number {
  return [...text].length;
}

/**
 * Escaped mrkdwn for user text that fits `max` once escaped: the cut never splits an entity such as
 * `&amp;`, which Slack would otherwise show half-written.
 */
export function escapeFit(raw: string, max: number, fallback = '—'): string {
  const t = raw.trim() === '' ? fallback : raw;
  const escaped = escapeMrkdwn(t);
  if (textLength(escaped) <= max) return escaped;
  let out = '';
  let used = 0;
  for (const ch of t) {
    const e = escapeMrkdwn(ch);
    const cost = textLength(e);
    if (used + cost > max - 1) break;
    out += e;
    used += cost;
  }
  return withEllipsis(out);
}
