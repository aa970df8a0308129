/** The kinds of drill-down the server can open (each has its own drill service). */
export const DRILL_KINDS = ['segment', 'class', 'customer', 'region', 'product'] as const;
export type DrillKind = (typeof DRILL_KINDS)[number];

/** One thing an answer can drill into: an RFM segment, an ABC class, a customer, a region, … */
export interface DrillRef {
  kind: DrillKind;
  key: string;
}

/** A drill choice as a door shows it (select option, button). */
export interface DrillTarget {
  label: string;
  drill: DrillRef;
}

/** More than a select menu holds is never useful. */
const MAX_TARGETS = 100;

/** Drops blank and repeated targets (first wins) and keeps at most what a select menu holds. */
export function uniqueDrillTargets(targets: readonly DrillTarget[]): DrillTarget[] {
  const seen = new Set<string>();
  return targets
    .filter((t) => {
      const id = `${t.drill.kind}\u0000${t.drill.key}`;
      if (t.drill.key.trim() === '' || seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .slice(0, MAX_TARGETS);
}

/** "Alpha (C001)" for a customer drill, or the id alone when the name is unknown. */
export function customerDrillLabel(c: { customerId: string | number; name?: string | null | undefined }): string {
  const id = String(c.customerId);
  return c.name ? `${c.name} (${id})` : id;
}
