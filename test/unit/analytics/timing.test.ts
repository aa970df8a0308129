import { describe, expect, it } from 'vitest';
import { timing } from '../../../src/analytics/timing.js';

describe('timing', () => {
  it('fills 7×24 matrices and finds the peak (Mon = 0)', () => {
    const r = timing([
      { dayOfWeek: 0, hour: 9, revenue: 100, orders: 2 },
      { dayOfWeek: 4, hour: 15, revenue: 300, orders: 1 },
      { dayOfWeek: 4, hour: 15, revenue: 50, orders: 1 },
      { dayOfWeek: 6, hour: 23, revenue: -20, orders: 1 }, // refund
    ]);
    expect(r.matrix).toHaveLength(7);
    expect(r.matrix.every((row) => row.length === 24)).toBe(true);
    expect(r.matrix[4]![15]).toBe(350);
    expect(r.orders[4]![15]).toBe(2);
    expect(r.matrix[6]![23]).toBe(-20);
    expect(r.peak).toEqual({ dayOfWeek: 4, hour: 15 });
  });

  it('breaks ties by orders, then the earliest cell; empty → null peak', () => {
    expect(
      timing([
        { dayOfWeek: 2, hour: 10, revenue: 100, orders: 1 },
        { dayOfWeek: 3, hour: 10, revenue: 100, orders: 3 },
        { dayOfWeek: 1, hour: 11, revenue: 100, orders: 3 },
      ]).peak,
    ).toEqual({ dayOfWeek: 1, hour: 11 });
    const e = timing([]);
    expect(e.peak).toBeNull();
    expect(e.matrix.flat().every((v) => v === 0)).toBe(true);
    expect(() => timing([{ dayOfWeek: 7, hour: 0, revenue: 1, orders: 1 }])).toThrow(RangeError);
  });
});
