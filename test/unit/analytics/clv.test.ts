import { describe, expect, it } from 'vitest';
import { bgnbdConditionalExpectedPurchases, bgnbdPAlive, type BgNbdParams } from '../../../src/analytics/bgnbd.js';
import {
  DAYS_PER_MONTH,
  clvAnalysis,
  clvScores,
  customerLifetimeValue,
  customerSummary,
  daysPerUnit,
  discountedPurchases,
  unitsPerMonth,
} from '../../../src/analytics/clv.js';
import { gammaGammaExpectedSpend } from '../../../src/analytics/gamma-gamma.js';

const BG_WEEK: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const GG = { p: 6.25, q: 3.74, v: 15.44 };

describe('time units', () => {
  it('uses 1 month = 30.4375 days = 4.348214 weeks', () => {
    expect(DAYS_PER_MONTH).toBe(365.25 / 12);
    expect(daysPerUnit('day')).toBe(1);
    expect(daysPerUnit('week')).toBe(7);
    expect(unitsPerMonth('day')).toBe(30.4375);
    expect(unitsPerMonth('week')).toBeCloseTo(4.348214, 6);
  });
});

describe('customerSummary', () => {
  it('merges same-day purchases, excludes the first day from monetary, ignores days after as-of', () => {
    // days 0 (10 + 5), 14 (20), 28 (40), 100 (after as-of 70)
    const s = customerSummary([14, 0, 0, 28, 100], [20, 10, 5, 40, 999], 70, 'week');
    expect(s).toEqual({ x: 2, tx: 4, T: 10, monetary: 30, recencyDays: 42 });
    expect(customerSummary([0, 0], [3, 4], 7, 'day')).toEqual({ x: 0, tx: 0, T: 7, monetary: 0, recencyDays: 7 });
    expect(customerSummary([10], [1], 5, 'day')).toBeNull();
    expect(customerSummary([], undefined, 5, 'day')).toBeNull();
    expect(customerSummary([1, 3], undefined, 5, 'day')).toMatchObject({ x: 1, monetary: 0 });
  });

  it('reproduces the CDNOW T convention: first purchase 1997-01-01, as-of 1997-09-30 → T = 38.857 weeks', () => {
    const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;
    const s = customerSummary([day(1997, 1, 1), day(1997, 1, 18), day(1997, 8, 2)], [29.33, 29.73, 14.96], day(1997, 9, 30), 'week')!;
    expect(s.x).toBe(2);
    expect(s.tx).toBeCloseTo(30.43, 2);
    expect(s.T).toBeCloseTo(38.86, 2);
    expect(s.monetary).toBeCloseTo((29.73 + 14.96) / 2, 10);
  });
});

describe('customerLifetimeValue', () => {
  it('without discounting telescopes to spend × E[Y(H months)]', () => {
    const [x, tx, T, m] = [2, 30.43, 38.86, 22.35];
    const clv = customerLifetimeValue(BG_WEEK, GG, x, tx, T, m, { unit: 'week', horizonMonths: 12, monthlyDiscountRate: 0 });
    const expected = gammaGammaExpectedSpend(GG, x, m) * bgnbdConditionalExpectedPurchases(BG_WEEK, 12 * unitsPerMonth('week'), x, tx, T);
    expect(clv).toBeCloseTo(expected, 10);
  });

  it('discounting lowers the value; a zero horizon gives 0', () => {
    const undiscounted = customerLifetimeValue(BG_WEEK, GG, 2, 30, 38, 20, { monthlyDiscountRate: 0 });
    const discounted = customerLifetimeValue(BG_WEEK, GG, 2, 30, 38, 20);
    expect(discounted).toBeLessThan(undiscounted);
    expect(discounted).toBeGreaterThan(undiscounted / 1.01 ** 12);
    expect(customerLifetimeValue(BG_WEEK, GG, 2, 30, 38, 20, { horizonMonths: 0 })).toBe(0);
    expect(discountedPurchases(BG_WEEK, 2, 30, 38, { horizonMonths: 0 })).toBe(0);
  });

  it('does not depend on the time unit once α and the times are converted', () => {
    const bgDay: BgNbdParams = { ...BG_WEEK, alpha: BG_WEEK.alpha * 7 };
    const week = customerLifetimeValue(BG_WEEK, GG, 3, 20, 30, 25, { unit: 'week' });
    const day = customerLifetimeValue(bgDay, GG, 3, 140, 210, 25, { unit: 'day' });
    expect(day).toBeCloseTo(week, 10);
  });

  it('uses the population mean spend for customers without repeat purchases', () => {
    const clv = customerLifetimeValue(BG_WEEK, GG, 0, 0, 38, 0, { monthlyDiscountRate: 0 });
    const e = bgnbdConditionalExpectedPurchases(BG_WEEK, 12 * unitsPerMonth('week'), 0, 0, 38);
    expect(clv).toBeCloseTo(e * ((GG.p * GG.v) / (GG.q - 1)), 10);
  });
});

describe('clvAnalysis', () => {
  it('returns a clear result for empty input and when nobody repeated', () => {
    const empty = clvAnalysis({ customerIds: [], x: [], tx: [], T: [], monetary: [] });
    expect(empty).toEqual({ status: 'insufficient', reason: 'no-customers', customers: 0 });
    const none = clvAnalysis({ customerIds: ['a', 'b'], x: [0, 0], tx: [0, 0], T: [3, 4], monetary: [0, 0] });
    expect(none).toEqual({ status: 'insufficient', reason: 'no-repeat-purchases', customers: 2 });
  });

  it('keeps BG/NBD scores but null CLV when Gamma-Gamma cannot be fitted', () => {
    const res = clvAnalysis({ customerIds: ['a', 'b', 'c'], x: [0, 2, 0], tx: [0, 10, 0], T: [20, 30, 25], monetary: [0, 15, 0] });
    expect(res.status).toBe('ok');
    if (res.status !== 'ok') return;
    expect(res.model.gammaGamma).toBeNull();
    expect(res.customers.map((c) => c.customerId)).toEqual(['a', 'b', 'c']);
    for (const c of res.customers) {
      expect(c.clv).toBeNull();
      expect(c.expectedSpend).toBeNull();
      expect(c.pAlive).toBeGreaterThan(0);
      expect(c.pAlive).toBeLessThanOrEqual(1);
      expect(Number.isFinite(c.expectedPurchases)).toBe(true);
    }
    expect(res.purchaseHorizon).toBeCloseTo(12 * unitsPerMonth('week'), 12);
  });

  it('rejects mismatched array lengths', () => {
    expect(() => clvAnalysis({ customerIds: ['a'], x: [1, 2], tx: [1, 2], T: [3, 4], monetary: [1, 1] })).toThrow(RangeError);
  });
});

describe('clvScores', () => {
  const GG_FIT = { p: 6.25, q: 3.74, v: 15.44 };
  // customers sharing (x, T) with different t_x, and a few singletons, on a weekly grid
  const rows: Array<[number, number, number, number]> = [
    [0, 0, 38, 0],
    [0, 0, 38, 0],
    [2, 30, 38, 22.35],
    [2, 12, 38, 40],
    [2, 12, 38, 15],
    [5, 35.5, 36, 9.9],
    [1, 1 / 7, 10 / 7, 120],
    [14, 50, 51, 3],
  ];
  const input = { x: rows.map((r) => r[0]), tx: rows.map((r) => r[1]), T: rows.map((r) => r[2]), monetary: rows.map((r) => r[3]) };

  it('equals the per-customer functions (P(alive), expected purchases exactly; CLV to rounding)', () => {
    for (const options of [{}, { unit: 'day' as const, horizonMonths: 6, monthlyDiscountRate: 0.03, purchaseHorizon: 10 }]) {
      const s = clvScores(BG_WEEK, GG_FIT, input, options);
      const horizon = options.purchaseHorizon ?? 12 * unitsPerMonth('week');
      rows.forEach(([x, tx, T, m], i) => {
        expect(s.pAlive[i]).toBe(bgnbdPAlive(BG_WEEK, x, tx, T));
        expect(s.expectedPurchases[i]).toBe(bgnbdConditionalExpectedPurchases(BG_WEEK, horizon, x, tx, T));
        expect(s.expectedSpend[i]).toBe(gammaGammaExpectedSpend(GG_FIT, x, m));
        const clv = customerLifetimeValue(BG_WEEK, GG_FIT, x, tx, T, m, options);
        expect(Math.abs(s.clv[i]! - clv)).toBeLessThanOrEqual(1e-12 * Math.abs(clv));
      });
    }
  });

  it('without a spend model gives NaN spend and CLV, and rejects a non-integer x', () => {
    const s = clvScores(BG_WEEK, null, input);
    expect(Array.from(s.clv).every(Number.isNaN)).toBe(true);
    expect(Array.from(s.expectedSpend).every(Number.isNaN)).toBe(true);
    expect(Number.isFinite(s.pAlive[2]!)).toBe(true);
    expect(() => clvScores(BG_WEEK, null, { x: [1.5], tx: [1], T: [2], monetary: [1] })).toThrow(RangeError);
    expect(clvScores(BG_WEEK, GG_FIT, { x: [], tx: [], T: [], monetary: [] }).clv).toHaveLength(0);
  });
});
