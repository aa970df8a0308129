import { describe, expect, it } from 'vitest';
import {
  binOf,
  breaksOfCounts,
  orderTies,
  quintileBreaks,
  rfm,
  rfmScores,
  rfmSegment,
  rfmSegmentIndex,
  RFM_SEGMENTS,
  segmentOrder,
  tieRange,
  type RfmColumns,
} from '../../../src/analytics/rfm.js';
import { compareIds } from '../../../src/analytics/ids.js';
import { quantileType7 } from '../../../src/analytics/quantile.js';

describe('rfmSegment', () => {
  it('covers all 25 (R, F) cells exactly once with the documented map', () => {
    const spec: [string, string[]][] = [
      ['Hibernating', ['11', '12', '21', '22']],
      ['At Risk', ['13', '14', '23', '24']],
      ["Can't Lose Them", ['15', '25']],
      ['About to Sleep', ['31', '32']],
      ['Need Attention', ['33']],
      ['Loyal Customers', ['34', '35', '44', '45']],
      ['Promising', ['41']],
      ['New Customers', ['51']],
      ['Potential Loyalists', ['42', '43', '52', '53']],
      ['Champions', ['54', '55']],
    ];
    const cells = spec.flatMap(([, c]) => c);
    expect(cells).toHaveLength(25);
    expect(new Set(cells).size).toBe(25);
    for (const [segment, list] of spec) for (const c of list) expect(rfmSegment(Number(c[0]), Number(c[1]))).toBe(segment);
    expect(new Set(spec.map(([s]) => s))).toEqual(new Set(RFM_SEGMENTS));
    expect(() => rfmSegment(0, 3)).toThrow(RangeError);
    expect(() => rfmSegment(3, 6)).toThrow(RangeError);
  });
});

describe('binning', () => {
  it('uses type-7 breaks and puts a value on a break in the lower bin', () => {
    // 1..5: h = 4p → breaks 1.8, 2.6, 3.4, 4.2
    const b = quintileBreaks([5, 3, 1, 4, 2]);
    expect(b.map((x) => +x.toFixed(10))).toEqual([1.8, 2.6, 3.4, 4.2]);
    expect([1, 2, 3, 4, 5].map((v) => binOf(v, b))).toEqual([1, 2, 3, 4, 5]);
    expect(binOf(2, [2, 2, 3, 4])).toBe(1);
    expect(binOf(2.0001, [2, 2, 3, 4])).toBe(3);
  });
});

describe('rfm', () => {
  it('scores a hand-computed fixture (recency reversed, ties share a score)', () => {
    const res = rfm(
      [
        { customerId: 'a', lastOrderDay: '2024-01-30', orders: 1, revenue: 10 }, // 1 day
        { customerId: 'b', lastOrderDay: '2024-01-29', orders: 2, revenue: 20 }, // 2 days
        { customerId: 'c', lastOrderDay: '2024-01-28', orders: 3, revenue: 30 },
        { customerId: 'd', lastOrderDay: '2024-01-27', orders: 4, revenue: 40 },
        { customerId: 'e', lastOrderDay: '2024-01-26', orders: 5, revenue: 50 }, // 5 days
        { customerId: 'f', lastOrderDay: '2024-01-26', orders: 5, revenue: 50 }, // tie with e
      ],
      '2024-01-31',
    );
    const by = Object.fromEntries(res.customers.map((c) => [c.customerId, c]));
    // recency 1,2,3,4,5,5 → breaks 2,3,4,5 (h = 5p) → bins 1,1,2,3,4,4 → R 5,5,4,3,2,2
    expect(res.breaks.recency).toEqual([2, 3, 4, 5]);
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => by[id]!.score)).toEqual(['511', '511', '422', '333', '244', '244']);
    expect(by['a']).toMatchObject({ recencyDays: 1, frequency: 1, monetary: 10, segment: 'New Customers' });
    expect(by['c']!.segment).toBe('Potential Loyalists');
    expect(by['d']!.segment).toBe('Need Attention');
    expect(by['e']!.segment).toBe('At Risk');
    expect(res.customers.map((c) => c.customerId)).toEqual(['e', 'f', 'd', 'c', 'b', 'a']);
    expect(res.segments).toEqual([
      { segment: 'At Risk', customers: 2, revenue: 100 },
      { segment: 'Need Attention', customers: 1, revenue: 40 },
      // equal revenue: canonical segment order (Potential Loyalists before New Customers)
      { segment: 'Potential Loyalists', customers: 1, revenue: 30 },
      { segment: 'New Customers', customers: 2, revenue: 30 },
    ]);
  });

  it('handles a single customer, negative monetary (refunds) and no customers', () => {
    const one = rfm([{ customerId: 7, lastOrderDay: '2024-01-01', orders: 1, revenue: -5 }], '2024-01-31');
    expect(one.customers[0]).toMatchObject({ recencyDays: 30, score: '511', segment: 'New Customers', monetary: -5 });
    expect(one.segments).toEqual([{ segment: 'New Customers', customers: 1, revenue: -5 }]);
    const two = rfm(
      [
        { customerId: 1, lastOrderDay: '2024-01-01', orders: 1, revenue: -5 },
        { customerId: 2, lastOrderDay: '2024-01-01', orders: 1, revenue: 0 },
      ],
      '2024-01-31',
    );
    expect(two.customers.find((c) => c.customerId === 1)!.m).toBe(1);
    expect(two.customers.find((c) => c.customerId === 2)!.m).toBe(5);
    expect(rfm([], '2024-01-31')).toMatchObject({ segments: [], customers: [] });
  });
});

/** Deterministic pseudo-random stream for property checks. */
function stream(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 16807) % 2147483647) / 2147483647;
}

/** Random columns with many ties, negative money, −0 and a few large values. */
function randomColumns(n: number, next: () => number): RfmColumns {
  const money = [0, -0, 5, 5.5, -3, 1e9, 12.34];
  return {
    recencyDays: Float64Array.from({ length: n }, () => Math.floor(next() * 40) - 2),
    frequency: Float64Array.from({ length: n }, () => 1 + Math.floor(next() * 6)),
    monetary: Float64Array.from({ length: n }, () => (next() < 0.6 ? money[Math.floor(next() * money.length)]! : Math.round(next() * 1e4) / 100)),
  };
}

describe('quintile breaks', () => {
  it('count whole numbers exactly as sorting does (type 7), and fall back to sorting otherwise', () => {
    const next = stream(3);
    const sorted = (v: ArrayLike<number>) => [0.2, 0.4, 0.6, 0.8].map((p) => quantileType7(Float64Array.from(v).sort(), p));
    for (const n of [1, 2, 3, 7, 100, 1001]) {
      const ints = Array.from({ length: n }, () => Math.floor(next() * 50) - 10);
      expect(quintileBreaks(ints)).toEqual(sorted(ints));
      const wide = Array.from({ length: n }, () => Math.floor(next() * 1e9));
      expect(quintileBreaks(wide)).toEqual(sorted(wide));
      const fractions = ints.map((x) => x / 3);
      expect(quintileBreaks(fractions)).toEqual(sorted(fractions));
    }
  });

  it('of a histogram equal the breaks of the expanded sample', () => {
    expect(breaksOfCounts([1, 2, 3, 4, 5], [1, 1, 1, 1, 1]).map((x) => +x.toFixed(10))).toEqual([1.8, 2.6, 3.4, 4.2]);
    expect(breaksOfCounts([1, 5, 9], [3, 0, 2])).toEqual(quintileBreaks([1, 1, 1, 9, 9]));
    expect(breaksOfCounts([0.5, 7], [1, 4])).toEqual(quintileBreaks([0.5, 7, 7, 7, 7]));
    expect(breaksOfCounts([], []).every(Number.isNaN)).toBe(true);
  });
});

describe('rfmScores (column-wise)', () => {
  it('gives the scores, segments and list order of rfm() on random data with ties, −0 and refunds', () => {
    const next = stream(11);
    for (const n of [0, 1, 2, 5, 50, 2000]) {
      const cols = randomColumns(n, next);
      const ids = Array.from({ length: n }, (_, i) => `c${Math.floor(next() * 1e6)}-${i}`);
      const s = rfmScores(cols);
      const byId = (a: number, b: number) => compareIds(ids[a]!, ids[b]!);
      orderTies(s.order, cols.monetary, 0, n, byId);
      // the reference: objects sorted by the documented comparator
      const expected = Array.from({ length: n }, (_, i) => i).sort(
        (a, b) => cols.monetary[b]! - cols.monetary[a]! || compareIds(ids[a]!, ids[b]!),
      );
      expect([...s.order]).toEqual(expected);
      for (let i = 0; i < n; i++) {
        expect(s.r[i]).toBe(6 - binOf(cols.recencyDays[i]!, s.breaks.recency));
        expect(s.f[i]).toBe(binOf(cols.frequency[i]!, s.breaks.frequency));
        expect(s.m[i]).toBe(binOf(cols.monetary[i]!, s.breaks.monetary));
        expect(RFM_SEGMENTS[s.segment[i]!]).toBe(rfmSegment(s.r[i]!, s.f[i]!));
        expect(s.segment[i]).toBe(rfmSegmentIndex(cols.recencyDays[i]!, cols.frequency[i]!, s.breaks.recency, s.breaks.frequency));
      }
      expect(s.breaks.monetary).toEqual(n === 0 ? [] : quintileBreaks(cols.monetary));
      expect(s.segments.reduce((t, x) => t + x.customers, 0)).toBe(n);
    }
  });

  it('orders only the stretch asked for: whole tie runs around it, in list order', () => {
    const next = stream(5);
    const n = 3000;
    const cols = randomColumns(n, next);
    const ids = Array.from({ length: n }, (_, i) => i * 7919 % 10007);
    const byId = (a: number, b: number) => compareIds(ids[a]!, ids[b]!);
    const full = rfmScores(cols);
    orderTies(full.order, cols.monetary, 0, n, byId);
    for (const [from, to] of [[0, 20], [100, 110], [2990, 3000], [0, 1], [1500, 1501], [2999, 3500], [3000, 3010]] as const) {
      const s = rfmScores(cols);
      const [a, b] = tieRange(s.order, cols.monetary, from, to);
      expect(a).toBeLessThanOrEqual(Math.min(from, n));
      expect(b).toBeGreaterThanOrEqual(Math.min(to, n));
      orderTies(s.order, cols.monetary, a, b, byId);
      expect([...s.order.subarray(Math.min(from, n), Math.min(to, n))]).toEqual([...full.order.subarray(Math.min(from, n), Math.min(to, n))]);
    }
    // one segment's members keep the list order
    const champions = RFM_SEGMENTS.indexOf('Champions');
    expect([...segmentOrder(full, champions)]).toEqual([...full.order].filter((i) => full.segment[i] === champions));
  });
});
