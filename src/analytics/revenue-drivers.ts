/**
 * "Why did revenue change?": attribution of the change between two periods to the members of a
 * dimension (region, category, salesman, product, RFM segment …).
 *
 * For one dimension: delta = current − previous per member; total delta = Σ delta (the dimension's
 * members partition the revenue, so it equals current total − previous total); share = delta / total
 * delta, `null` when the total delta is 0 (nothing to attribute). Shares sum to 1 and may be negative
 * or exceed 1 when members moved in opposite directions.
 *
 * @module
 */

/** Revenue of one member of a dimension in both periods (0 when absent from a period). */
export interface MemberRevenueRow {
  member: string;
  previous: number;
  current: number;
}

export interface Driver {
  dimension: string;
  member: string;
  previous: number;
  current: number;
  delta: number;
  share: number | null;
}

export interface DriversResult {
  current: number;
  previous: number;
  delta: number;
  /** |delta| desc, then delta desc (gains before equal losses), then dimension, member asc. */
  drivers: Driver[];
}

export function compareDrivers(a: Driver, b: Driver): number {
  const d = Math.abs(b.delta) - Math.abs(a.delta) || b.delta - a.delta;
  if (d !== 0) return d;
  if (a.dimension !== b.dimension) return a.dimension < b.dimension ? -1 : 1;
  return a.member < b.member ? -1 : a.member > b.member ? 1 : 0;
}

/** Drivers of one dimension. Rows with the same member are summed. */
export function revenueDrivers(dimension: string, rows: readonly MemberRevenueRow[]): DriversResult {
  const by = new Map<string, { previous: number; current: number }>();
  let previous = 0;
  let current = 0;
  for (const r of rows) {
    const m = by.get(r.member) ?? { previous: 0, current: 0 };
    m.previous += r.previous;
    m.current += r.current;
    by.set(r.member, m);
    previous += r.previous;
    current += r.current;
  }
  const delta = current - previous;
  const drivers: Driver[] = [];
  for (const [member, m] of by) {
    const d = m.current - m.previous;
    drivers.push({ dimension, member, previous: m.previous, current: m.current, delta: d, share: delta === 0 ? null : d / delta });
  }
  drivers.sort(compareDrivers);
  return { current, previous, delta, drivers };
}

/**
 * Drivers of several dimensions merged into one list (each share relative to its own dimension's
 * total delta), the top `limit` (0 = all) by |delta|. Totals are those of the first dimension
 * (all dimensions partition the same revenue); an empty list gives zeros.
 */
export function whyDrivers(dimensions: readonly { dimension: string; rows: readonly MemberRevenueRow[] }[], limit = 0): DriversResult {
  const results = dimensions.map((d) => revenueDrivers(d.dimension, d.rows));
  const first = results[0];
  const drivers = results.flatMap((r) => r.drivers).sort(compareDrivers);
  return {
    current: first?.current ?? 0,
    previous: first?.previous ?? 0,
    delta: first?.delta ?? 0,
    drivers: limit > 0 ? drivers.slice(0, limit) : drivers,
  };
}
