/**
 * Executive KPI cards: revenue run rate, active salesmen ratio, top product mover.
 *
 * @module
 */
import { dayOfMonth, daysInMonth, type IsoDay } from './calendar-day.js';

export interface RunRate {
  monthToDate: number;
  /** Days elapsed in the month, today included (= day of month). */
  daysElapsed: number;
  daysInMonth: number;
  /** monthToDate ÷ daysElapsed × daysInMonth. */
  runRate: number;
}

/** Month-to-date run rate. `today` is the as-of date in the business time zone. */
export function runRate(monthToDate: number, today: IsoDay): RunRate {
  const elapsed = dayOfMonth(today);
  const days = daysInMonth(today);
  return { monthToDate, daysElapsed: elapsed, daysInMonth: days, runRate: (monthToDate / elapsed) * days };
}

export interface ActiveSalesmenRatio {
  active: number;
  withSale: number;
  /** withSale / active; null when there are no active salesmen. */
  ratio: number | null;
}

/**
 * @param activeSalesmen salesmen marked active
 * @param withSaleLast7Days of those, the ones with ≥ 1 sale in the last 7 days (as-of day included)
 */
export function activeSalesmenRatio(activeSalesmen: number, withSaleLast7Days: number): ActiveSalesmenRatio {
  return { active: activeSalesmen, withSale: withSaleLast7Days, ratio: activeSalesmen > 0 ? withSaleLast7Days / activeSalesmen : null };
}

/** Units per product in the two consecutive windows ending at the as-of date. */
export interface ProductVelocityRow {
  productId: number;
  name?: string;
  /** Units in the last `windowDays` days (as-of day included). */
  recentUnits: number;
  /** Units in the `windowDays` days before that. */
  priorUnits: number;
}

export interface TopMover {
  productId: number;
  name?: string;
  /** units/day over the recent window. */
  velocity: number;
  /** units/day over the prior window. */
  previousVelocity: number;
  /** velocity − previousVelocity (units/day). */
  change: number;
  /** change / previousVelocity; null when the product did not sell before. */
  changeRatio: number | null;
}

export interface TopMoverOptions {
  /** Window length in days (default 30). */
  windowDays?: number;
  /**
   * Minimum units in the recent window for a product to qualify (default 5), so a single sale of a
   * product that never sold does not win.
   */
  minRecentUnits?: number;
}

/**
 * The product whose velocity increased most in absolute terms (units/day), among products with at
 * least `minRecentUnits` units in the recent window and a positive increase. Ties: larger recent
 * velocity, then productId asc. None qualifies → null.
 */
export function topMover(rows: readonly ProductVelocityRow[], options: TopMoverOptions = {}): TopMover | null {
  const windowDays = options.windowDays ?? 30;
  const minRecent = options.minRecentUnits ?? 5;
  let best: TopMover | null = null;
  for (const r of rows) {
    if (r.recentUnits < minRecent) continue;
    const velocity = r.recentUnits / windowDays;
    const previousVelocity = r.priorUnits / windowDays;
    const change = velocity - previousVelocity;
    if (!(change > 0)) continue;
    const cand: TopMover = {
      productId: r.productId,
      ...(r.name === undefined ? {} : { name: r.name }),
      velocity,
      previousVelocity,
      change,
      changeRatio: previousVelocity > 0 ? change / previousVelocity : null,
    };
    if (
      best === null ||
      cand.change > best.change ||
      (cand.change === best.change && (cand.velocity > best.velocity || (cand.velocity === best.velocity && cand.productId < best.productId)))
    ) {
      best = cand;
    }
  }
  return best;
}

export interface KpiInput {
  today: IsoDay;
  monthToDateRevenue: number;
  activeSalesmen: number;
  salesmenWithSaleLast7Days: number;
  products: readonly ProductVelocityRow[];
}

export interface KpiResult {
  runRate: number;
  monthToDate: number;
  activeSalesmenRatio: number | null;
  topMover: TopMover | null;
  details: { runRate: RunRate; activeSalesmen: ActiveSalesmenRatio };
}

/** All cards at once, in the report's JSON shape. */
export function kpi(input: KpiInput, options: TopMoverOptions = {}): KpiResult {
  const rr = runRate(input.monthToDateRevenue, input.today);
  const as = activeSalesmenRatio(input.activeSalesmen, input.salesmenWithSaleLast7Days);
  return {
    runRate: rr.runRate,
    monthToDate: rr.monthToDate,
    activeSalesmenRatio: as.ratio,
    topMover: topMover(input.products, options),
    details: { runRate: rr, activeSalesmen: as },
  };
}
