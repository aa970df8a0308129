/**
 * RFM scoring and segmentation.
 *
 * - recency = calendar days from the customer's last order date to the as-of date;
 * - frequency = distinct orders; monetary = revenue (both as aggregated by the SQL layer);
 * - each of R, F, M is scored 1–5 against the 20/40/60/80 % type-7 quantiles of that measure over all
 *   scored customers: score = 1 + number of breaks strictly below the value, so a value at or below a
 *   break falls in the lower bin and equal values always share a score; recency is reversed
 *   (R = 6 − bin: the smallest recency, i.e. the most recent buyer, scores 5);
 * - segment from (R, F) via {@link rfmSegment}.
 *
 * Edge cases: no customers → empty result. One customer (or all values equal): every break equals the
 * value, so F = M = 1 and R = 5. Negative monetary (net refunds) is scored like any value (lowest bins).
 *
 * @module
 */
import { quantileType7 } from './quantile.js';
import { dayNumber, type IsoDay } from './calendar-day.js';
import { compareIds, type EntityId } from './ids.js';

/** Per-customer aggregate from the SQL layer (one row per customer with ≥ 1 order). */
export interface RfmCustomerRow {
  customerId: EntityId;
  /** Date (business time zone) of the customer's last order, `YYYY-MM-DD`. */
  lastOrderDay: IsoDay;
  /** Number of distinct orders. */
  orders: number;
  /** Revenue (net of refunds) in the currency unit. */
  revenue: number;
}

export const RFM_SEGMENTS = [
  'Champions',
  'Loyal Customers',
  'Potential Loyalists',
  'New Customers',
  'Promising',
  'Need Attention',
  'About to Sleep',
  "Can't Lose Them",
  'At Risk',
  'Hibernating',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/**
 * Segment of an (R, F) cell, both 1–5. The map (rows R, columns F = 1..5):
 * ```
 * R5: New Customers · Potential Loyalists · Potential Loyalists · Champions       · Champions
 * R4: Promising     · Potential Loyalists · Potential Loyalists · Loyal Customers · Loyal Customers
 * R3: About to Sleep· About to Sleep      · Need Attention      · Loyal Customers · Loyal Customers
 * R2: Hibernating   · Hibernating         · At Risk             · At Risk         · Can't Lose Them
 * R1: Hibernating   · Hibernating         · At Risk             · At Risk         · Can't Lose Them
 * ```
 */
export function rfmSegment(r: number, f: number): RfmSegment {
  if (!Number.isInteger(r) || !Number.isInteger(f) || r < 1 || r > 5 || f < 1 || f > 5) {
    throw new RangeError(`RFM scores must be integers 1..5, got R=${r} F=${f}`);
  }
  if (r <= 2) return f <= 2 ? 'Hibernating' : f <= 4 ? 'At Risk' : "Can't Lose Them";
  if (r === 3) return f <= 2 ? 'About to Sleep' : f === 3 ? 'Need Attention' : 'Loyal Customers';
  if (f >= 4) return r === 4 ? 'Loyal Customers' : 'Champions';
  if (f >= 2) return 'Potential Loyalists';
  return r === 4 ? 'Promising' : 'New Customers';
}

/** The four breaks (20/40/60/80 % type-7 quantiles) of a sample. */
export function quintileBreaks(values: ArrayLike<number>): [number, number, number, number] {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  return [0.2, 0.4, 0.6, 0.8].map((p) => quantileType7(sorted, p)) as [number, number, number, number];
}

/** Bin 1–5 of a value against ascending breaks: 1 + number of breaks strictly below the value. */
export function binOf(value: number, breaks: readonly number[]): number {
  let b = 1;
  for (const x of breaks) if (value > x) b++;
  return b;
}

export interface RfmCustomer {
  customerId: EntityId;
  recencyDays: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
  /** `${r}${f}${m}`, e.g. "543". */
  score: string;
  segment: RfmSegment;
}

export interface RfmSegmentSummary {
  segment: RfmSegment;
  customers: number;
  revenue: number;
}

export interface RfmResult {
  asOf: IsoDay;
  /** The breaks used, for display ("R ≤ 12 days …"). */
  breaks: { recency: number[]; frequency: number[]; monetary: number[] };
  /** Non-empty segments, revenue desc (ties in {@link RFM_SEGMENTS} order). */
  segments: RfmSegmentSummary[];
  /** Customers by monetary desc, then customerId asc. */
  customers: RfmCustomer[];
}

/**
 * Scores every customer. A last order after `asOf` gives a negative recency (scored as is).
 * @param asOf as-of date `YYYY-MM-DD`
 */
export function rfm(rows: readonly RfmCustomerRow[], asOf: IsoDay): RfmResult {
  const asOfDay = dayNumber(asOf);
  const n = rows.length;
  const rec = new Float64Array(n);
  const freq = new Float64Array(n);
  const mon = new Float64Array(n);
  rows.forEach((row, i) => {
    rec[i] = asOfDay - dayNumber(row.lastOrderDay);
    freq[i] = row.orders;
    mon[i] = row.revenue;
  });
  if (n === 0) return { asOf, breaks: { recency: [], frequency: [], monetary: [] }, segments: [], customers: [] };
  const rb = quintileBreaks(rec);
  const fb = quintileBreaks(freq);
  const mb = quintileBreaks(mon);

  const customers: RfmCustomer[] = rows.map((row, i) => {
    const r = 6 - binOf(rec[i]!, rb);
    const f = binOf(freq[i]!, fb);
    const m = binOf(mon[i]!, mb);
    return {
      customerId: row.customerId,
      recencyDays: rec[i]!,
      frequency: row.orders,
      monetary: row.revenue,
      r,
      f,
      m,
      score: `${r}${f}${m}`,
      segment: rfmSegment(r, f),
    };
  });
  customers.sort((a, b) => b.monetary - a.monetary || compareIds(a.customerId, b.customerId));

  const bySegment = new Map<RfmSegment, RfmSegmentSummary>();
  for (const c of customers) {
    let s = bySegment.get(c.segment);
    if (s === undefined) bySegment.set(c.segment, (s = { segment: c.segment, customers: 0, revenue: 0 }));
    s.customers++;
    s.revenue += c.monetary;
  }
  const segments = [...bySegment.values()].sort(
    (a, b) => b.revenue - a.revenue || RFM_SEGMENTS.indexOf(a.segment) - RFM_SEGMENTS.indexOf(b.segment),
  );
  return { asOf, breaks: { recency: rb, frequency: fb, monetary: mb }, segments, customers };
}
