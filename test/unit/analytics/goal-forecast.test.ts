import { describe, expect, it } from 'vitest';
import { forecastPace, MIN_FORECAST_DAYS } from '../../../src/analytics/goal-forecast.js';

/**
 * A weekday pattern: Mon 100, Tue 100, Wed 100, Thu 50, Fri 50, Sat 0, Sun 0 (week total 400), with a
 * small deterministic wobble so the fit is not degenerate. Mon–Wed hold 300 of 400 = 0.75 of a week,
 * where a linear calendar share would say 3/7 ≈ 0.43.
 */
const PATTERN = [100, 100, 100, 50, 50, 0, 0];
function weeks(count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count * 7; i++) out.push(PATTERN[i % 7]! + (PATTERN[i % 7]! > 0 ? ((i * 37) % 11) - 5 : 0));
  return out;
}

describe('forecastPace (seasonal share from the daily ETS model)', () => {
  it('Mon–Wed elapsed of a Mon–Sun week: the share is the weekday profile (≈ 0.75), not 3/7', () => {
    // 12 whole weeks of history, then Mon–Wed of the period week (series ends on the as-of Wednesday).
    const series = [...weeks(12), ...weeks(1).slice(0, 3)];
    const actual = series.slice(-3).reduce((s, v) => s + v, 0);
    const r = forecastPace(series, 3, 7, actual)!;
    expect(r).not.toBeNull();
    expect(r.share).toBeGreaterThan(0.72);
    expect(r.share).toBeLessThan(0.78);
    // Remaining Thu–Sun are expected ≈ 50 + 50 + 0 + 0.
    expect(r.expectedRest).toBeGreaterThan(90);
    expect(r.expectedRest).toBeLessThan(110);
    expect(r.projected.point).toBeCloseTo(actual + r.expectedRest, 9);
    expect(r.projected.lower).toBeLessThanOrEqual(r.projected.point);
    expect(r.projected.upper).toBeGreaterThanOrEqual(r.projected.point);
    expect(r.model).toMatch(/,A\)$/);
  });

  it('a period starting on a Thursday with Thu–Sun elapsed: ≈ 100 of the 400 expected, not 4/7', () => {
    // 13 whole weeks end on a Sunday; the period is Thu–Wed, its first four days (Thu–Sun) elapsed.
    const series = weeks(13);
    const r = forecastPace(series, 4, 7, 100)!;
    expect(r.share).toBeGreaterThan(0.2);
    expect(r.share).toBeLessThan(0.3);
  });

  it('falls back (null) when the history before the period is too short, the period is over or not started, or all zero', () => {
    const short = weeks(MIN_FORECAST_DAYS / 7).slice(1);
    expect(forecastPace([...short, 100, 100, 100], 3, 7, 300)).toBeNull();
    const long = weeks(12);
    expect(forecastPace(long, 0, 7, 0)).toBeNull();
    expect(forecastPace(long, 7, 7, 400)).toBeNull();
    expect(forecastPace(new Array(100).fill(0), 3, 7, 0)).toBeNull();
  });
});

describe('forecastPace on intermittent history', () => {
  it('leaves a series selling on fewer than half the days to the stand-in', () => {
    const sparse = Array.from({ length: 120 }, (_, i) => (i % 5 === 0 ? 100 : 0));
    expect(forecastPace(sparse, 3, 7, 100)).toBeNull();
  });
});
