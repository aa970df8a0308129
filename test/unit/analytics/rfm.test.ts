import { describe, expect, it } from 'vitest';
import { binOf, quintileBreaks, rfm, rfmSegment, RFM_SEGMENTS } from '../../../src/analytics/rfm.js';

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
