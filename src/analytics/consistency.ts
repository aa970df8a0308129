/**
 * Sales consistency per salesman: how evenly revenue is spread over the window's working days.
 *
 * Observations are the window's working days (from {@link workingDays}) plus any other day on which
 * the salesman had revenue (a Saturday sale is real revenue, so it adds an observation rather than
 * being dropped). Days without sales count as 0.
 * - meanDaily = revenue / observations; stdDaily = population standard deviation (divisor n);
 * - cv = stdDaily / meanDaily, `null` when meanDaily ≤ 0 (no sales, or refunds ≥ sales);
 * - consistency = 1 / (1 + cv) ∈ (0, 1]; 0 when cv is null (no sales ⇒ least consistent, never NaN).
 *
 * @module
 */
import { dispersion } from './dispersion.js';
import { compareIds, type EntityId } from './ids.js';
import type { IsoDay } from './calendar-day.js';

/** Per salesman: the days with revenue in the window (one entry per day; refunds may be negative). */
export interface SalesmanDailyRow {
  salesmanId: EntityId;
  name: string;
  /** Orders in the window. */
  orders: number;
  /** Revenue per sales day, `YYYY-MM-DD` → amount. Days without sales need not be listed. */
  daily: readonly { day: IsoDay; revenue: number }[];
}

export interface SalesmanConsistency {
  salesmanId: EntityId;
  name: string;
  revenue: number;
  orders: number;
  /** Number of day observations (working days + extra sale days). */
  days: number;
  meanDaily: number;
  stdDaily: number;
  cv: number | null;
  consistency: number;
}

/**
 * @param salesmen every active salesman, including those without sales (empty `daily`)
 * @param workingDays the window's working days (ascending ISO dates)
 * @returns salesmen by consistency desc, then revenue desc, then salesmanId asc
 */
export function consistency(salesmen: readonly SalesmanDailyRow[], workingDays: readonly IsoDay[]): { salesmen: SalesmanConsistency[] } {
  const working = new Set(workingDays);
  const out = salesmen.map((s): SalesmanConsistency => {
    const perDay = new Map<IsoDay, number>();
    for (const d of s.daily) perDay.set(d.day, (perDay.get(d.day) ?? 0) + d.revenue);
    let extra = 0;
    let onWorking = 0;
    for (const day of perDay.keys()) {
      if (working.has(day)) onWorking++;
      else extra++;
    }
    const values = Float64Array.from(perDay.values());
    const zeros = working.size - onWorking;
    const d = dispersion(values, zeros);
    let revenue = 0;
    for (const v of values) revenue += v;
    return {
      salesmanId: s.salesmanId,
      name: s.name,
      revenue,
      orders: s.orders,
      days: working.size + extra,
      meanDaily: d.mean,
      stdDaily: d.std,
      cv: d.cv,
      consistency: d.cv === null ? 0 : 1 / (1 + d.cv),
    };
  });
  out.sort((a, b) => b.consistency - a.consistency || b.revenue - a.revenue || compareIds(a.salesmanId, b.salesmanId));
  return { salesmen: out };
}
