/**
 * ABC (revenue Pareto) and XYZ (demand variability) classification of products.
 *
 * ABC: products sorted by revenue desc (ties by productId asc); with T = total of the positive
 * revenues, share = revenue / T and cumulativeShare = (running sum of positive revenue, this product
 * included) / T. Class A if cumulativeShare ≤ 0.80, B if ≤ 0.95, else C. Products with revenue ≤ 0
 * (no sales, or refunds exceeding sales) are always C; their share is revenue / T (0 or negative) and
 * they do not move cumulativeShare. T = 0 → every share 0 and every product C.
 *
 * XYZ: coefficient of variation of weekly units, population std (divisor n, the usual
 * inventory-planning convention): X if cv ≤ 0.5, Y if ≤ 1.0, Z above; no weeks, a zero or negative
 * mean → Z with cv null.
 *
 * @module
 */
import { dispersion } from './dispersion.js';

export type AbcClass = 'A' | 'B' | 'C';
export type XyzClass = 'X' | 'Y' | 'Z';

/** Per-product aggregate over the window (all active products, including unsold ones with 0). */
export interface AbcProductRow {
  productId: number;
  /** Net revenue in the window. */
  revenue: number;
  /**
   * Units per week of the window, oldest first. Weeks may be omitted at the end if `weeks` is passed
   * to {@link abcXyz}: missing weeks count as 0 units. Omit to skip XYZ for this product.
   */
  weeklyUnits?: ArrayLike<number>;
}

export interface AbcProduct {
  productId: number;
  revenue: number;
  share: number;
  cumulativeShare: number;
  class: AbcClass;
  /** Coefficient of variation of weekly units (null: no weeks or mean ≤ 0). */
  cv: number | null;
  xyz: XyzClass | null;
  /** e.g. "AX"; null when XYZ was not computed. */
  abcXyz: string | null;
}

export interface AbcResult {
  products: AbcProduct[];
  /** Product counts per class. */
  summary: { A: number; B: number; C: number };
  /** Revenue per class. */
  revenueByClass: { A: number; B: number; C: number };
  /** Product counts per XYZ class (products with XYZ only). */
  xyzSummary: { X: number; Y: number; Z: number };
  totalRevenue: number;
}

export function abcClass(cumulativeShare: number, revenue: number): AbcClass {
  if (!(revenue > 0)) return 'C';
  return cumulativeShare <= 0.8 ? 'A' : cumulativeShare <= 0.95 ? 'B' : 'C';
}

export function xyzClass(cv: number | null): XyzClass {
  if (cv === null) return 'Z';
  return cv <= 0.5 ? 'X' : cv <= 1.0 ? 'Y' : 'Z';
}

/**
 * Classifies products. `weeks` (optional) is the number of weeks in the window: weekly series shorter
 * than that are padded with zero weeks.
 */
export function abcXyz(rows: readonly AbcProductRow[], options: { weeks?: number } = {}): AbcResult {
  const sorted = [...rows].sort((a, b) => b.revenue - a.revenue || a.productId - b.productId);
  let positive = 0;
  let totalRevenue = 0;
  for (const r of sorted) {
    totalRevenue += r.revenue;
    if (r.revenue > 0) positive += r.revenue;
  }
  const summary = { A: 0, B: 0, C: 0 };
  const revenueByClass = { A: 0, B: 0, C: 0 };
  const xyzSummary = { X: 0, Y: 0, Z: 0 };
  let running = 0;
  const products = sorted.map((r): AbcProduct => {
    if (r.revenue > 0) running += r.revenue;
    const share = positive > 0 ? r.revenue / positive : 0;
    const cumulativeShare = positive > 0 ? running / positive : 0;
    const cls = positive > 0 ? abcClass(cumulativeShare, r.revenue) : 'C';
    summary[cls]++;
    revenueByClass[cls] += r.revenue;
    let cv: number | null = null;
    let xyz: XyzClass | null = null;
    if (r.weeklyUnits !== undefined) {
      const pad = Math.max(0, (options.weeks ?? 0) - r.weeklyUnits.length);
      cv = dispersion(r.weeklyUnits, pad).cv;
      xyz = xyzClass(cv);
      xyzSummary[xyz]++;
    }
    return { productId: r.productId, revenue: r.revenue, share, cumulativeShare, class: cls, cv, xyz, abcXyz: xyz === null ? null : cls + xyz };
  });
  return { products, summary, revenueByClass, xyzSummary, totalRevenue };
}
