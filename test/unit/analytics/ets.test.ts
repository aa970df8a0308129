import { describe, expect, it } from 'vitest';
import { forecastEts, hasAnalyticVariance } from '../../../src/analytics/ets/ets-intervals.js';
import { candidateModels, selectEts } from '../../../src/analytics/ets/ets-select.js';
import { etsName } from '../../../src/analytics/ets/ets-types.js';
import { fitEts } from '../../../src/analytics/ets/ets-fit.js';
import { readDatasetCsv } from '../../helpers/datasets.js';

/** Deterministic pseudo-noise in [−0.5, 0.5). */
function noise(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

describe('ETS candidate models', () => {
  it('has the 15 default models for positive seasonal data, none multiplicative otherwise', () => {
    const all = candidateModels(60, 12, true).map(etsName);
    expect(all).toHaveLength(15);
    expect(all).not.toContain('ETS(A,N,M)');
    const signed = candidateModels(60, 12, false).map(etsName);
    expect(signed).toHaveLength(6);
    expect(signed.every((n) => !n.includes('M'))).toBe(true);
  });

  it('drops the season when the cycle is too long for ETS or the series too short', () => {
    expect(candidateModels(200, 52, true).every((s) => s.season === 'N')).toBe(true);
    expect(candidateModels(10, 12, true).every((s) => s.season === 'N')).toBe(true);
  });
});

describe('selectEts', () => {
  it('gives a constant series a flat, zero-width forecast', () => {
    const sel = selectEts([5, 5, 5, 5, 5, 5], 12);
    expect(sel.degenerate).toBe('constant');
    const f = forecastEts(sel.best, 3);
    expect(f.map((p) => [p.point, p.lower95, p.upper95])).toEqual([
      [5, 5, 5],
      [5, 5, 5],
      [5, 5, 5],
    ]);
  });

  it('fits series with zeros and negatives with additive models only', () => {
    const r = noise(3);
    const y = Array.from({ length: 40 }, (_, t) => 10 * Math.sin((2 * Math.PI * t) / 4) + 20 * r());
    const sel = selectEts(y, 4);
    expect(sel.best.spec.error).toBe('A');
    expect(sel.candidates.every((c) => !c.name.includes('M'))).toBe(true);
  });

  it('rejects a series of fewer than 3 values with a sentence saying what to try', () => {
    expect(() => selectEts([1, 2], 12)).toThrow(/at least 3 periods/);
  });

  it('AirPassengers 1949–1959: a multiplicative season, and 1960 forecast within ±15 % of each month', () => {
    const rows = readDatasetCsv('seasonality/AirPassengers.csv');
    const values = rows.map((r) => Number(Object.values(r)[1]));
    expect(values).toHaveLength(144);
    const sel = selectEts(values.slice(0, 132), 12);
    expect(sel.best.spec.season).toBe('M');
    const f = forecastEts(sel.best, 12);
    const actual = values.slice(132);
    f.forEach((p, i) => {
      expect(Math.abs(p.point / actual[i]! - 1)).toBeLessThan(0.15);
      expect(p.lower95).toBeLessThan(p.point);
      expect(p.upper95).toBeGreaterThan(p.point);
    });
  });
});

describe('forecastEts intervals', () => {
  const r = noise(11);
  const y = Array.from({ length: 80 }, (_, t) => 100 + 0.5 * t + 8 * Math.sin((2 * Math.PI * t) / 4) + 6 * r());

  it('class 1 (ETS(A,N,N)): the h = 1 interval is point ± z·σ, and widens with h as σ²(1 + (h−1)α²)', () => {
    const fit = fitEts(y, { error: 'A', trend: 'N', damped: false, season: 'N', m: 1 })!;
    expect(hasAnalyticVariance(fit)).toBe(true);
    const f = forecastEts(fit, 3);
    const sd1 = Math.sqrt(fit.sigma2);
    expect(f[0]!.upper95 - f[0]!.point).toBeCloseTo(1.959963984540054 * sd1, 8);
    const sd3 = Math.sqrt(fit.sigma2 * (1 + 2 * fit.params.alpha ** 2));
    expect(f[2]!.upper80 - f[2]!.point).toBeCloseTo(1.2815515655446004 * sd3, 8);
  });

  it('simulated intervals (ETS(M,A,A)) are seeded, ordered and close to the analytic width of the additive twin', () => {
    const fit = fitEts(y, { error: 'M', trend: 'A', damped: false, season: 'A', m: 4 })!;
    expect(hasAnalyticVariance(fit)).toBe(false);
    const a = forecastEts(fit, 4, { seed: 5 });
    expect(forecastEts(fit, 4, { seed: 5 })).toEqual(a);
    for (const p of a) {
      expect(p.lower95).toBeLessThan(p.lower80);
      expect(p.lower80).toBeLessThan(p.point);
      expect(p.point).toBeLessThan(p.upper80);
      expect(p.upper80).toBeLessThan(p.upper95);
    }
    // h = 1: y = ŷ(1 + ε), so the 95 % half-width is about 1.96·σ·ŷ
    const half = (a[0]!.upper95 - a[0]!.lower95) / 2;
    expect(half / (1.96 * Math.sqrt(fit.sigma2) * a[0]!.point)).toBeGreaterThan(0.93);
    expect(half / (1.96 * Math.sqrt(fit.sigma2) * a[0]!.point)).toBeLessThan(1.07);
  });
});
