/**
 * When sales happen: day-of-week × hour matrices and the peak cell.
 *
 * @module
 */

/** Per (day of week, hour) aggregate in the business time zone (SQL: `extract(isodow) - 1`, `extract(hour)`). */
export interface TimingRow {
  /** Monday = 0 … Sunday = 6. */
  dayOfWeek: number;
  /** 0–23. */
  hour: number;
  revenue: number;
  orders: number;
}

export interface TimingResult {
  /** matrix[dayOfWeek][hour] = revenue. */
  matrix: number[][];
  /** orders[dayOfWeek][hour]. */
  orders: number[][];
  /**
   * Cell with the highest revenue; ties → more orders, then earliest day, then earliest hour.
   * `null` when no cell has positive revenue or orders.
   */
  peak: { dayOfWeek: number; hour: number } | null;
}

export function timing(rows: readonly TimingRow[]): TimingResult {
  const matrix = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const orders = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const r of rows) {
    if (!Number.isInteger(r.dayOfWeek) || r.dayOfWeek < 0 || r.dayOfWeek > 6 || !Number.isInteger(r.hour) || r.hour < 0 || r.hour > 23) {
      throw new RangeError(`bad timing cell: dayOfWeek=${r.dayOfWeek} hour=${r.hour}`);
    }
    matrix[r.dayOfWeek]![r.hour]! += r.revenue;
    orders[r.dayOfWeek]![r.hour]! += r.orders;
  }
  let peak: { dayOfWeek: number; hour: number } | null = null;
  let bestRevenue = 0;
  let bestOrders = 0;
  for (let d = 0; d < 7; d++) {
    for (let h = 0; h < 24; h++) {
      const rev = matrix[d]![h]!;
      const ord = orders[d]![h]!;
      if (rev <= 0 && ord <= 0) continue;
      if (peak === null || rev > bestRevenue || (rev === bestRevenue && ord > bestOrders)) {
        peak = { dayOfWeek: d, hour: h };
        bestRevenue = rev;
        bestOrders = ord;
      }
    }
  }
  return { matrix, orders, peak };
}
