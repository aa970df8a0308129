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
 * Two entry points: {@link rfmScores} scores customers held column-wise in typed arrays (a million
 * customers in a few tens of MB, no object per customer) and gives the list order as an index array;
 * {@link rfm} is the same on row objects, returning every customer as an object (small inputs, tests).
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

/** Index in {@link RFM_SEGMENTS} of the segment of each (R, F) cell: `SEGMENT_OF_CELL[(R − 1)·5 + F − 1]`. */
const SEGMENT_OF_CELL = Uint8Array.from({ length: 25 }, (_, k) => RFM_SEGMENTS.indexOf(rfmSegment(Math.floor(k / 5) + 1, (k % 5) + 1)));

const QUINTILES = [0.2, 0.4, 0.6, 0.8] as const;

/**
 * The four breaks (20/40/60/80 % type-7 quantiles) of a sample. Whole numbers in a range no wider than
 * the sample (days, order counts) are counted instead of sorted: the same order statistics in O(n).
 */
export function quintileBreaks(values: ArrayLike<number>): [number, number, number, number] {
  return countedBreaks(values) ?? breaksOfSorted(Float64Array.from(values).sort());
}

function breaksOfSorted(sorted: ArrayLike<number>): [number, number, number, number] {
  return QUINTILES.map((p) => quantileType7(sorted, p)) as [number, number, number, number];
}

/**
 * Breaks of whole-number values from a histogram, or undefined when a value is not a whole number or
 * the range is wider than max(n, 2¹⁶).
 */
function countedBreaks(values: ArrayLike<number>): [number, number, number, number] | undefined {
  const n = values.length;
  if (n === 0) return undefined;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v)) return undefined;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (max - min > Math.max(n, 65_536)) return undefined;
  const counts = new Float64Array(max - min + 1);
  for (let i = 0; i < n; i++) counts[values[i]! - min]!++;
  return breaksOfCounts(Float64Array.from(counts, (_, b) => min + b), counts);
}

/**
 * The four breaks of a sample given as a histogram: `values[j]` occurs `counts[j]` times (values
 * ascending, counts whole numbers ≥ 0). Equal to {@link quintileBreaks} of the expanded sample:
 * {@link quantileType7} reads only the order statistics x₍⌊h⌋₎ and x₍⌊h⌋+1₎, found in the cumulative
 * counts. An empty sample gives NaN breaks.
 */
export function breaksOfCounts(values: ArrayLike<number>, counts: ArrayLike<number>): [number, number, number, number] {
  let n = 0;
  for (let j = 0; j < counts.length; j++) n += counts[j]!;
  /** The value at 0-based position k of the sorted sample. */
  const sortedAt = (k: number): number => {
    let seen = 0;
    for (let j = 0; j < counts.length; j++) {
      seen += counts[j]!;
      if (seen > k) return values[j]!;
    }
    return Number.NaN;
  };
  return QUINTILES.map((p) => {
    if (n === 0) return Number.NaN;
    const lo = Math.floor((n - 1) * p);
    const hi = Math.min(lo + 1, n - 1);
    const sorted: { length: number; [k: number]: number } = { length: n, [lo]: sortedAt(lo), [hi]: sortedAt(hi) };
    return quantileType7(sorted, p);
  }) as [number, number, number, number];
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

/** Per-customer RFM inputs, column-wise: entry i of every column belongs to customer i. No NaN. */
export interface RfmColumns {
  /** Calendar days from the customer's last order date to the as-of date (negative when after it). */
  recencyDays: Float64Array;
  /** Distinct orders. */
  frequency: Float64Array;
  /** Revenue net of refunds. */
  monetary: Float64Array;
}

/** Scores of customers held column-wise: entry i of every array belongs to customer i of the input. */
export interface RfmScores {
  /** Customers scored. */
  count: number;
  breaks: { recency: number[]; frequency: number[]; monetary: number[] };
  /** R, F, M scores 1–5. */
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  /** Segment, as an index into {@link RFM_SEGMENTS}. */
  segment: Uint8Array;
  /**
   * Customer indices by monetary desc — the list order up to ties: customers with equal monetary (a
   * "tie run") are adjacent, in index order; the list orders each run by customer id, which the
   * caller supplies for the runs it shows ({@link tieRange}, {@link orderTies}).
   */
  order: Uint32Array;
  /** Non-empty segments, revenue desc (ties in {@link RFM_SEGMENTS} order), revenue summed in list order. */
  segments: RfmSegmentSummary[];
}

/**
 * Segment of a customer, as an index into {@link RFM_SEGMENTS}, from recency and frequency alone
 * (a segment depends on R and F only): R = 6 − bin(recency), F = bin(frequency) against the breaks.
 */
export function rfmSegmentIndex(
  recencyDays: number,
  frequency: number,
  recencyBreaks: readonly number[],
  frequencyBreaks: readonly number[],
): number {
  const [r0, r1, r2, r3] = recencyBreaks as [number, number, number, number];
  const [f0, f1, f2, f3] = frequencyBreaks as [number, number, number, number];
  const r = 6 - bin4(recencyDays, r0, r1, r2, r3);
  return SEGMENT_OF_CELL[(r - 1) * 5 + bin4(frequency, f0, f1, f2, f3) - 1]!;
}

/** Recency per customer: recency = as-of day number − last order day number (days since 1970-01-01). */
export function recencyFromDays(lastOrderDay: ArrayLike<number>, asOf: IsoDay): Float64Array {
  const asOfDay = dayNumber(asOf);
  const out = new Float64Array(lastOrderDay.length);
  for (let i = 0; i < out.length; i++) out[i] = asOfDay - lastOrderDay[i]!;
  return out;
}

/**
 * Scores customers given column-wise (the module's formulas): breaks = type-7 quintiles of each
 * column; R = 6 − bin(recency), F = bin(frequency), M = bin(monetary) with bin = 1 + #breaks < value;
 * segment = {@link rfmSegment}(R, F). Per segment: customers and Σ monetary, the sum taken in list
 * order (monetary desc), so it is the same number whichever way equal values are ordered.
 *
 * Cost: O(n) — a radix sort for the list order (which also gives monetary's breaks), histograms for
 * whole-number recency and frequency — and no object per customer.
 */
export function rfmScores(cols: RfmColumns): RfmScores {
  const n = cols.monetary.length;
  const r = new Uint8Array(n);
  const f = new Uint8Array(n);
  const m = new Uint8Array(n);
  const segment = new Uint8Array(n);
  if (n === 0) {
    return { count: 0, breaks: { recency: [], frequency: [], monetary: [] }, r, f, m, segment, order: new Uint32Array(0), segments: [] };
  }
  const { recencyDays: rec, frequency: freq, monetary: mon } = cols;
  const order = descendingOrder(mon);
  const ascending = new Float64Array(n);
  for (let k = 0; k < n; k++) ascending[n - 1 - k] = mon[order[k]!]!;
  const rb = quintileBreaks(rec);
  const fb = quintileBreaks(freq);
  const mb = breaksOfSorted(ascending);
  const [r0, r1, r2, r3] = rb;
  const [f0, f1, f2, f3] = fb;
  const [m0, m1, m2, m3] = mb;
  for (let i = 0; i < n; i++) {
    const ri = 6 - bin4(rec[i]!, r0, r1, r2, r3);
    const fi = bin4(freq[i]!, f0, f1, f2, f3);
    r[i] = ri;
    f[i] = fi;
    m[i] = bin4(mon[i]!, m0, m1, m2, m3);
    segment[i] = SEGMENT_OF_CELL[(ri - 1) * 5 + fi - 1]!;
  }

  const customers = new Float64Array(RFM_SEGMENTS.length);
  const revenue = new Float64Array(RFM_SEGMENTS.length);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    customers[segment[i]!]!++;
    revenue[segment[i]!]! += mon[i]!;
  }
  const segments: RfmSegmentSummary[] = [];
  RFM_SEGMENTS.forEach((name, s) => {
    if (customers[s]! > 0) segments.push({ segment: name, customers: customers[s]!, revenue: revenue[s]! });
  });
  segments.sort((a, b) => b.revenue - a.revenue || RFM_SEGMENTS.indexOf(a.segment) - RFM_SEGMENTS.indexOf(b.segment));
  return { count: n, breaks: { recency: rb, frequency: fb, monetary: mb }, r, f, m, segment, order, segments };
}

/** {@link binOf} against four breaks, unrolled. */
function bin4(v: number, b0: number, b1: number, b2: number, b3: number): number {
  return 1 + (v > b0 ? 1 : 0) + (v > b1 ? 1 : 0) + (v > b2 ? 1 : 0) + (v > b3 ? 1 : 0);
}

/** Word order of a double seen as two 32-bit words: [low word, high word] on little-endian platforms. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const LO_WORD = LITTLE_ENDIAN ? 0 : 1;
const HI_WORD = 1 - LO_WORD;

/**
 * Indices of `values` by value desc, equal values in index order (−0 equals 0), by a stable LSD radix
 * sort on the 64 bits of each double mapped to an unsigned key whose order is the descending numeric
 * order (positive: bits xor 0x7FFF…F; negative: bits as they are): four passes over 16-bit digits,
 * passes where every key has the same digit skipped. No NaN.
 */
function descendingOrder(values: Float64Array): Uint32Array {
  const n = values.length;
  const normalized = new Float64Array(n);
  for (let i = 0; i < n; i++) normalized[i] = values[i]! + 0; // −0 + 0 = +0
  const words = new Uint32Array(normalized.buffer);
  let hi = new Uint32Array(n);
  let lo = new Uint32Array(n);
  let idx = new Uint32Array(n);
  const counts = new Uint32Array(4 << 16);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + HI_WORD]!;
    const l = words[2 * i + LO_WORD]!;
    const kh = h & 0x80000000 ? h : (h ^ 0x7fffffff) >>> 0;
    const kl = h & 0x80000000 ? l : ~l >>> 0;
    hi[i] = kh;
    lo[i] = kl;
    idx[i] = i;
    counts[kl & 0xffff]!++;
    counts[(1 << 16) + (kl >>> 16)]!++;
    counts[(2 << 16) + (kh & 0xffff)]!++;
    counts[(3 << 16) + (kh >>> 16)]!++;
  }
  let hi2 = new Uint32Array(n);
  let lo2 = new Uint32Array(n);
  let idx2 = new Uint32Array(n);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass << 16;
    const word = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    if (counts[base + ((word[0]! >>> shift) & 0xffff)] === n) continue; // one digit for all: order unchanged
    const next = new Uint32Array(1 << 16);
    for (let d = 0, sum = 0; d < 1 << 16; d++) {
      next[d] = sum;
      sum += counts[base + d]!;
    }
    for (let k = 0; k < n; k++) {
      const at = next[(word[k]! >>> shift) & 0xffff]!++;
      hi2[at] = hi[k]!;
      lo2[at] = lo[k]!;
      idx2[at] = idx[k]!;
    }
    [hi, hi2] = [hi2, hi];
    [lo, lo2] = [lo2, lo];
    [idx, idx2] = [idx2, idx];
  }
  return idx;
}

/**
 * Positions [start, end) of `order` that cover positions [from, to) widened to whole tie runs
 * (customers with equal monetary), so the exact list order of that stretch depends only on the
 * customers inside it. `order`: customer indices by monetary desc ({@link RfmScores.order} or a
 * subsequence of it); `from`, `to` are clamped to the list. Binary searches: O(log n).
 */
export function tieRange(order: Uint32Array, monetary: Float64Array, from: number, to: number): [number, number] {
  const n = order.length;
  const a = Math.max(0, Math.min(from, n));
  const b = Math.max(a, Math.min(to, n));
  if (a === b) return [a, a];
  const top = monetary[order[a]!]!;
  const bottom = monetary[order[b - 1]!]!;
  // first position whose value is ≤ top; first position whose value is < bottom (values descend)
  return [firstPosition(order, monetary, (v) => v <= top), firstPosition(order, monetary, (v) => v < bottom)];
}

function firstPosition(order: Uint32Array, monetary: Float64Array, test: (v: number) => boolean): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(monetary[order[mid]!]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Puts each tie run inside order[start, end) — whole runs, see {@link tieRange} — in `compare` order,
 * in place (the list order: monetary desc, then customer id asc). The rest of `order` is untouched.
 */
export function orderTies(order: Uint32Array, monetary: Float64Array, start: number, end: number, compare: (a: number, b: number) => number): void {
  let s = start;
  while (s < end) {
    const v = monetary[order[s]!]!;
    let e = s + 1;
    while (e < end && monetary[order[e]!]! === v) e++;
    if (e - s > 1) order.subarray(s, e).sort(compare);
    s = e;
  }
}

/** The entries of `order` whose customer is in segment `segmentIndex` (index into {@link RFM_SEGMENTS}), same order. */
export function segmentOrder(scores: RfmScores, segmentIndex: number): Uint32Array {
  const { order, segment } = scores;
  let count = 0;
  for (let k = 0; k < order.length; k++) if (segment[order[k]!] === segmentIndex) count++;
  const out = new Uint32Array(count);
  for (let k = 0, j = 0; k < order.length; k++) if (segment[order[k]!] === segmentIndex) out[j++] = order[k]!;
  return out;
}

/** Customer i of column-wise scores as an {@link RfmCustomer}. */
export function rfmCustomer(scores: RfmScores, cols: RfmColumns, i: number, customerId: EntityId): RfmCustomer {
  const r = scores.r[i]!;
  const f = scores.f[i]!;
  const m = scores.m[i]!;
  return {
    customerId,
    recencyDays: cols.recencyDays[i]!,
    frequency: cols.frequency[i]!,
    monetary: cols.monetary[i]!,
    r,
    f,
    m,
    score: `${r}${f}${m}`,
    segment: RFM_SEGMENTS[scores.segment[i]!]!,
  };
}

/**
 * Scores every customer given as rows and returns them all as objects, by monetary desc then
 * customerId asc ({@link compareIds}). A last order after `asOf` gives a negative recency (scored as is).
 * @param asOf as-of date `YYYY-MM-DD`
 */
export function rfm(rows: readonly RfmCustomerRow[], asOf: IsoDay): RfmResult {
  const n = rows.length;
  const cols: RfmColumns = {
    recencyDays: recencyFromDays(Float64Array.from(rows, (row) => dayNumber(row.lastOrderDay)), asOf),
    frequency: Float64Array.from(rows, (row) => row.orders),
    monetary: Float64Array.from(rows, (row) => row.revenue),
  };
  const s = rfmScores(cols);
  orderTies(s.order, cols.monetary, 0, n, (a, b) => compareIds(rows[a]!.customerId, rows[b]!.customerId));
  return {
    asOf,
    breaks: s.breaks,
    segments: s.segments,
    customers: Array.from(s.order, (i) => rfmCustomer(s, cols, i, rows[i]!.customerId)),
  };
}
