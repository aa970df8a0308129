import type { ListedToken } from '../../services/api-tokens.js';

const COLUMNS = ['id', 'name', 'owner', 'scope', 'created', 'expires', 'last used', 'revoked'] as const;

/** "2026-12-07 15:50Z": minutes are enough to tell tokens apart, and the zone is said. */
function when(iso: string | null, none: string): string {
  return iso === null ? none : `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z`;
}

/** `sales-bot token list` as an aligned table, one token a line (the tokens themselves are never stored). */
export function renderTokenList(tokens: readonly ListedToken[]): string {
  if (tokens.length === 0) return 'No API tokens yet. Make one with `sales-bot token create --user <slack user id|salesman id>`.\n';
  const rows = tokens.map((t) => [
    String(t.id),
    t.name ?? '-',
    t.owner,
    t.scope,
    when(t.createdAt, '-'),
    when(t.expiresAt, 'never'),
    when(t.lastUsedAt, 'never'),
    when(t.revokedAt, 'no'),
  ]);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(COLUMNS), ...rows.map(line)].join('\n') + '\n';
}
