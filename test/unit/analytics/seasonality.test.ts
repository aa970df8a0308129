import { describe, expect, it } from 'vitest';
import { MONTH_NAMES, seasonalDecomposition } from '../../../src/analytics/seasonality.js';

// a seasonal pattern Jan..Dec with mean exactly 1
const PATTERN = [0.8, 0.9, 1.0, 1.0, 1.0, 1.1, 1.3, 1.2, 1.0, 0.9, 0.9, 0.9];

describe('seasonalDecomposition', () => {
  it('recovers an exact multiplicative pattern and orders indices Jan..Dec from any start month', () => {
    // start in March 2020: value at t is 100 × pattern[(2 + t) mod 12]
    const values = Array.from({ length: 36 }, (_, t) => 100 * PATTERN[(2 + t) % 12]!);
    const res = seasonalDecomposition(values, '2020-03');
    expect(res.status).toBe('ok');
    if (res.status !== 'ok') return;
    res.seasonalIndex.forEach((v, i) => expect(v).toBeCloseTo(PATTERN[i]!, 12));
    expect(res.peakMonths).toEqual([7, 8, 6]); // Jul 1.3, Aug 1.2, Jun 1.1 (> 1.05)
    expect(res.strongestMonth).toBe(7);
    expect(res.strength).toBeCloseTo(1, 12);
    expect(res.months).toHaveLength(36);
    expect(res.months[0]).toMatchObject({ month: '2020-03', value: 80 * 1.25, trend: null, remainder: null });
    expect(res.months[6]!.trend).toBeCloseTo(100, 12);
    expect(res.months[6]!.remainder).toBeCloseTo(1, 12);
    expect(res.months[35]!.month).toBe('2023-02');
    expect(MONTH_NAMES[res.strongestMonth - 1]).toBe('Jul');
  });

  it('a flat series has indices 1, no peaks and strength 0', () => {
    const res = seasonalDecomposition(new Float64Array(24).fill(50), '2021-01');
    expect(res.status).toBe('ok');
    if (res.status !== 'ok') return;
    res.seasonalIndex.forEach((v) => expect(v).toBeCloseTo(1, 12));
    expect(res.peakMonths).toEqual([]);
    expect(res.strength).toBe(0);
  });

  it('respects a custom peak threshold', () => {
    const values = Array.from({ length: 24 }, (_, t) => 100 * PATTERN[t % 12]!);
    const res = seasonalDecomposition(values, '2020-01', { peakThreshold: 1.25 });
    expect(res.status === 'ok' && res.peakMonths).toEqual([7]);
  });

  it('needs at least 24 months', () => {
    const res = seasonalDecomposition(Array.from({ length: 23 }, () => 10), '2020-01');
    expect(res).toMatchObject({ status: 'insufficient', monthsAvailable: 23, monthsRequired: 24 });
    expect(seasonalDecomposition([], '2020-01')).toMatchObject({ status: 'insufficient', monthsAvailable: 0 });
  });

  it('rejects zero, negative or missing months with their labels (multiplicative model)', () => {
    const values = Array.from({ length: 30 }, () => 10);
    values[1] = 0;
    values[13] = -5;
    values[20] = Number.NaN;
    const res = seasonalDecomposition(values, '2019-12');
    expect(res).toMatchObject({ status: 'non-positive', nonPositiveMonths: ['2020-01', '2021-01', '2021-08'] });
  });

  it('rejects a malformed start month', () => {
    expect(() => seasonalDecomposition([1], '2020-13')).toThrow(RangeError);
    expect(() => seasonalDecomposition([1], '2020/01')).toThrow(RangeError);
  });
});
