import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import { expectedBand, MIN_HISTORY, rangePosition } from '../../../src/analytics/expected-range.js';

/** Jan..Dec factors with a November peak (the demo's shape). */
const MONTH_FACTOR = [0.9, 0.95, 1.05, 1.0, 1.0, 0.9, 0.72, 0.66, 1.05, 1.1, 1.55, 1.2];

/** Monthly revenue from January of year 0: level 100k growing 0.5 %/month, seasonal factor, ±4 % seeded noise. */
function monthly(count: number, seed: number): number[] {
  const rng = xoroshiro128plus(seed);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const u = uniformFloat64(rng);
    out.push(100_000 * (1 + 0.005 * i) * MONTH_FACTOR[i % 12]! * (1 + 0.08 * (u - 0.5)));
  }
  return out;
}

describe('expectedBand', () => {
  // 3 years and 10 months: history ends with October, the judged period is November.
  const series = monthly(47, 7);
  const history = series.slice(0, 46);
  const november = series[46]!;

  it('expects the seasonal November peak: its value lies inside the 95 % range', () => {
    const band = expectedBand(history, 12)!;
    expect(band).toBeDefined();
    expect(november).toBeGreaterThan(history[45]! * 1.3); // the peak is a real jump over October
    expect(rangePosition(november, band)).toBe('within');
    expect(band.lower80).toBeGreaterThanOrEqual(band.lower95);
    expect(band.upper80).toBeLessThanOrEqual(band.upper95);
    expect(band.point).toBeGreaterThan(band.lower80);
    expect(band.point).toBeLessThan(band.upper80);
  });

  it('flags a quiet November: 40 % below the seasonal expectation lies below the range', () => {
    const band = expectedBand(history, 12)!;
    expect(rangePosition(band.point * 0.6, band)).toBe('below');
    expect(rangePosition(band.point * 1.4, band)).toBe('above');
  });

  it('without a season the November peak would be news (why the season matters)', () => {
    const flat = expectedBand(history, 1)!;
    expect(rangePosition(november, flat)).toBe('above');
  });

  it('judges a period further ahead: two months after November, January is expected well below it', () => {
    const next = expectedBand(history, 12, { ahead: 1 })!;
    const later = expectedBand(history, 12, { ahead: 3 })!;
    expect(later.upper95).toBeLessThan(next.lower95);
    expect(later.point / next.point).toBeCloseTo(0.9 / 1.55, 1);
    expect(() => expectedBand(history, 12, { ahead: 0 })).toThrow(RangeError);
  });

  it('gives no range on too little history', () => {
    expect(expectedBand(series.slice(0, MIN_HISTORY - 1), 1)).toBeUndefined();
    expect(expectedBand(series.slice(0, 23), 12)).toBeUndefined(); // under two seasons
    expect(expectedBand(series.slice(0, 24), 12)).toBeDefined();
    expect(expectedBand(Array.from({ length: 13 }, (_, i) => 10 + (i % 7)), 7)).toBeUndefined();
  });

  it('gives no range when a value is missing', () => {
    expect(expectedBand([...history.slice(0, 30), Number.NaN, ...history.slice(31)], 12)).toBeUndefined();
  });

  it('gives a zero-width range on a constant history', () => {
    const band = expectedBand(Array.from({ length: 12 }, () => 500), 1)!;
    expect(band).toMatchObject({ point: 500, lower95: 500, upper95: 500, lower80: 500, upper80: 500 });
  });

  it('never expects below zero a metric that never went below zero', () => {
    const sparse = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 0 : i % 5));
    const band = expectedBand(sparse, 1)!;
    expect(band.lower95).toBeGreaterThanOrEqual(0);
    expect(band.upper95).toBeGreaterThan(0);
  });

  it('fits a weekday season on daily data', () => {
    const weekday = [1.0, 1.3, 1.05, 1.0, 0.85, 0.1, 0.04];
    const days = Array.from({ length: 125 }, (_, i) => 1000 * weekday[i % 7]! * (1 + 0.1 * Math.sin(i * 1.7)));
    const band = expectedBand(days.slice(0, 124), 7)!; // judged: day 124, a Saturday-like quiet day
    expect(rangePosition(days[124]!, band)).toBe('within');
    expect(rangePosition(1000, band)).toBe('above'); // a weekday-sized Sunday is news
  });
});
