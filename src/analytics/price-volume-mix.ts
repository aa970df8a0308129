/**
 * Price / volume / mix decomposition of the revenue change between two periods (0 = previous,
 * 1 = current), per product and in total.
 *
 * Per product i: revenue R, quantity q, realized price p = R / q. A product "sells" in a period when
 * q > 0. Over selling products: Q = Σ q, mix share s = q / Q (0 when not selling), P̄₀ = R₀ / Q₀.
 * - price_i  = (p1_i − p0_i) · q1_i                  (sold in both periods; else 0)
 * - volume_i = (Q1 − Q0) · s0_i · p0_i                (Σ volume_i = (Q1 − Q0) · P̄₀)
 * - mix_i    = (s1_i − s0_i) · Q1 · p0_i for products sold in both periods or lost (sold only
 *              before: s1 = 0); for a new product (sold only now) mix_i = R1_i — its whole revenue is
 *              a mix effect (p0 := p1, so no price effect).
 * - other_i  = revenue booked in a period where the product's quantity is ≤ 0 (pure refunds, price
 *              adjustments, net returns): R1_i if q1_i ≤ 0, minus R0_i if q0_i ≤ 0.
 * Identity: price_i + volume_i + mix_i + other_i = R1_i − R0_i for every product (mix_i is computed as
 * the remainder, so the identity also holds in floating point up to one rounding), hence
 * price + volume + mix + other = total delta.
 *
 * @module
 */

/** Per product: revenue and quantity in each period (0 when not sold in that period). */
export interface ProductPeriodsRow {
  productId: number;
  previousRevenue: number;
  previousQuantity: number;
  currentRevenue: number;
  currentQuantity: number;
}

export interface ProductPvm {
  productId: number;
  previous: number;
  current: number;
  delta: number;
  price: number;
  volume: number;
  mix: number;
  other: number;
  status: 'continuing' | 'new' | 'lost' | 'none';
}

export interface PriceVolumeMix {
  previous: number;
  current: number;
  delta: number;
  price: number;
  volume: number;
  mix: number;
  /** Revenue not attributable to quantities (see module doc); 0 with clean data. */
  other: number;
  /** Revenue of products sold only in the current / only in the previous period (part of mix). */
  newProductsRevenue: number;
  lostProductsRevenue: number;
  /** |delta| desc, then productId asc. */
  products: ProductPvm[];
}

export function priceVolumeMix(rows: readonly ProductPeriodsRow[]): PriceVolumeMix {
  let q0Total = 0;
  let q1Total = 0;
  for (const r of rows) {
    if (r.previousQuantity > 0) q0Total += r.previousQuantity;
    if (r.currentQuantity > 0) q1Total += r.currentQuantity;
  }
  const totals = { previous: 0, current: 0, delta: 0, price: 0, volume: 0, mix: 0, other: 0, newProductsRevenue: 0, lostProductsRevenue: 0 };
  const products = rows.map((r): ProductPvm => {
    const sold0 = r.previousQuantity > 0;
    const sold1 = r.currentQuantity > 0;
    const delta = r.currentRevenue - r.previousRevenue;
    const other = (sold1 ? 0 : r.currentRevenue) - (sold0 ? 0 : r.previousRevenue);
    let price = 0;
    let volume = 0;
    let status: ProductPvm['status'] = 'none';
    if (sold0) {
      const p0 = r.previousRevenue / r.previousQuantity;
      const s0 = r.previousQuantity / q0Total;
      volume = (q1Total - q0Total) * s0 * p0;
      if (sold1) {
        price = (r.currentRevenue / r.currentQuantity - p0) * r.currentQuantity;
        status = 'continuing';
      } else {
        status = 'lost';
        totals.lostProductsRevenue += r.previousRevenue;
      }
    } else if (sold1) {
      status = 'new';
      totals.newProductsRevenue += r.currentRevenue;
    }
    const mix = delta - price - volume - other;
    totals.previous += r.previousRevenue;
    totals.current += r.currentRevenue;
    totals.price += price;
    totals.volume += volume;
    totals.mix += mix;
    totals.other += other;
    return { productId: r.productId, previous: r.previousRevenue, current: r.currentRevenue, delta, price, volume, mix, other, status };
  });
  totals.delta = totals.current - totals.previous;
  products.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || a.productId - b.productId);
  return { ...totals, products };
}
