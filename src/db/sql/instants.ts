/**
 * Drizzle reads timestamptz columns as Date; the app passes instants around as ISO strings (UTC, ms),
 * the same text whichever engine ran the query.
 */
export function isoInstant(d: Date): string {
  return d.toISOString();
}

export function isoInstantOrNull(d: Date | null): string | null {
  return d === null ? null : d.toISOString();
}
