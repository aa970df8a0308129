/**
 * Slow movers: active products without a sale in the last 30 / 60 / 90 days, never-sold included.
 *
 * daysSinceSale = as-of date − last sold date (calendar days; null when never sold). "No sale in the
 * last N days" (the as-of day and the N − 1 days before) ⇔ never sold or daysSinceSale ≥ N. Buckets are
 * cumulative: d30 ⊇ d60 ⊇ d90.
 * stockValue = max(stockQty, 0) × (unitCost, or unitPrice when the cost is unknown); null when the stock
 * or both prices are unknown (negative stock is a data error and is valued at 0).
 *
 * @module
 */
import { dayNumber, type IsoDay } from './calendar-day.js';

/** Per active product (the caller filters inactive and placeholder products). */
export interface SlowMoverProductRow {
  productId: number;
  name?: string;
  /** Date of the last sale `YYYY-MM-DD`; null = never sold. */
  lastSoldDay: IsoDay | null;
  stockQty: number | null;
  unitCost: number | null;
  unitPrice: number | null;
}

export interface SlowMover {
  productId: number;
  name?: string;
  lastSoldAt: IsoDay | null;
  daysSinceSale: number | null;
  stockQty: number | null;
  stockValue: number | null;
}

export interface SlowMoversResult {
  /** Product counts (cumulative). */
  buckets: { d30: number; d60: number; d90: number };
  /** Known stock value per bucket (cumulative). */
  stockValue: { d30: number; d60: number; d90: number };
  /** Products of d30: never sold first, then daysSinceSale desc, then stockValue desc (null last), productId asc. */
  products: SlowMover[];
}

export function stockValueOf(p: Pick<SlowMoverProductRow, 'stockQty' | 'unitCost' | 'unitPrice'>): number | null {
  const unit = p.unitCost ?? p.unitPrice;
  if (p.stockQty === null || unit === null) return null;
  return Math.max(p.stockQty, 0) * unit;
}

export function slowMovers(products: readonly SlowMoverProductRow[], asOf: IsoDay): SlowMoversResult {
  const asOfDay = dayNumber(asOf);
  const buckets = { d30: 0, d60: 0, d90: 0 };
  const value = { d30: 0, d60: 0, d90: 0 };
  const out: SlowMover[] = [];
  for (const p of products) {
    const days = p.lastSoldDay === null ? null : asOfDay - dayNumber(p.lastSoldDay);
    const age = days === null ? Number.POSITIVE_INFINITY : days;
    if (age < 30) continue;
    const sv = stockValueOf(p);
    for (const [key, n] of [['d30', 30], ['d60', 60], ['d90', 90]] as const) {
      if (age >= n) {
        buckets[key]++;
        value[key] += sv ?? 0;
      }
    }
    out.push({
      productId: p.productId,
      ...(p.name === undefined ? {} : { name: p.name }),
      lastSoldAt: p.lastSoldDay,
      daysSinceSale: days,
      stockQty: p.stockQty,
      stockValue: sv,
    });
  }
  const age = (s: SlowMover): number => s.daysSinceSale ?? Number.POSITIVE_INFINITY;
  out.sort((a, b) => {
    if (age(a) !== age(b)) return age(b) > age(a) ? 1 : -1;
    const va = a.stockValue ?? Number.NEGATIVE_INFINITY;
    const vb = b.stockValue ?? Number.NEGATIVE_INFINITY;
    if (va !== vb) return vb > va ? 1 : -1;
    return a.productId - b.productId;
  });
  return { buckets, stockValue: value, products: out };
}
