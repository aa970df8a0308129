import { describe, expect, it } from 'vitest';
import {
  attainment,
  expectedShare,
  linearPace,
  neededPerWorkingDay,
  periodProgress,
  projectEnd,
  seasonalPace,
} from '../../../src/analytics/goal-pace.js';
import { goalPeriod, parseGoalPeriod, periodOf, samePeriodYearsBefore, shiftPeriod } from '../../../src/analytics/goal-period.js';

const MON_FRI = [1, 2, 3, 4, 5];

describe('goal periods', () => {
  it('reads months and quarters, and refuses anything else', () => {
    expect(parseGoalPeriod('2026-03')).toMatchObject({ text: '2026-03', from: '2026-03-01', to: '2026-03-31' });
    expect(parseGoalPeriod('2024-02')).toMatchObject({ from: '2024-02-01', to: '2024-02-29' });
    expect(parseGoalPeriod('2026-q4')).toMatchObject({ text: '2026-Q4', from: '2026-10-01', to: '2026-12-31' });
    for (const bad of ['2026-13', '2026-00', '2026-Q5', '26-03', 'March', '2026-3']) expect(parseGoalPeriod(bad), bad).toBeNull();
  });

  it('moves across year ends', () => {
    expect(shiftPeriod(goalPeriod('month', 2026, 12), 1).text).toBe('2027-01');
    expect(shiftPeriod(goalPeriod('quarter', 2026, 1), -1).text).toBe('2025-Q4');
    expect(periodOf('quarter', '2026-05-17').text).toBe('2026-Q2');
    expect(samePeriodYearsBefore(goalPeriod('quarter', 2026, 1), 2).text).toBe('2024-Q1');
  });
});

describe('goal pace', () => {
  // March 2026: 1st is a Sunday; 22 weekdays. Through Tue 10 March: 2,3,4,5,6,9,10 = 7.
  const march = { from: '2026-03-01', to: '2026-03-31' };

  it('counts working days elapsed (as-of day included) and left', () => {
    expect(periodProgress(march, '2026-03-10', MON_FRI)).toEqual({ total: 22, elapsed: 7, left: 15 });
    expect(periodProgress(march, '2026-02-20', MON_FRI)).toEqual({ total: 22, elapsed: 0, left: 22 });
    expect(periodProgress(march, '2026-04-02', MON_FRI)).toEqual({ total: 22, elapsed: 22, left: 0 });
    // A six-day week: Saturdays 7, 14, 21, 28 join.
    expect(periodProgress(march, '2026-03-10', [1, 2, 3, 4, 5, 6]).total).toBe(26);
  });

  it('paces linearly by working days and seasonally by the pooled share of earlier years', () => {
    const p = periodProgress(march, '2026-03-10', MON_FRI);
    expect(linearPace(22_000, p)).toBeCloseTo(7_000, 9);
    // Two years: 30 of 100 and 10 of 100 by the same day → pooled 40/200 = 20 %.
    const share = expectedShare(
      [
        { toDate: 30, total: 100, workingDaysLeft: 15 },
        { toDate: 10, total: 100, workingDaysLeft: 16 },
        { toDate: 5, total: 0, workingDaysLeft: 15 }, // an empty year says nothing
      ],
      p,
    );
    expect(share).toEqual({ share: 0.2, source: 'history', years: 2 });
    expect(seasonalPace(22_000, share)).toBeCloseTo(4_400, 9);
    expect(expectedShare([], p)).toEqual({ share: 7 / 22, source: 'linear', years: 0 });
  });

  it('projects with the rest-of-period rates of earlier years, their spread as the range', () => {
    const p = periodProgress(march, '2026-03-10', MON_FRI); // 15 left
    const past = [
      { toDate: 300, total: 1800, workingDaysLeft: 15 }, // 100/day
      { toDate: 0, total: 3000, workingDaysLeft: 15 }, // 200/day
      { toDate: 100, total: 2350, workingDaysLeft: 15 }, // 150/day
    ];
    expect(projectEnd(1000, p, past)).toEqual({ point: 1000 + 15 * 150, lower: 1000 + 15 * 100, upper: 1000 + 15 * 200, basis: 'history' });
  });

  it('falls back to the period’s own run rate, says so with no range, and projects nothing from nothing', () => {
    const p = periodProgress(march, '2026-03-10', MON_FRI);
    expect(projectEnd(700, p, [])).toEqual({ point: 700 + (15 * 700) / 7, lower: 2200, upper: 2200, basis: 'run-rate' });
    expect(projectEnd(0, periodProgress(march, '2026-02-27', MON_FRI), [])).toBeNull();
    expect(projectEnd(5, periodProgress(march, '2026-04-01', MON_FRI), [{ toDate: 1, total: 9, workingDaysLeft: 3 }])).toEqual({
      point: 5,
      lower: 5,
      upper: 5,
      basis: 'final',
    });
  });

  it('needs the gap spread over the working days left; attainment is actual over target', () => {
    const p = periodProgress(march, '2026-03-10', MON_FRI);
    expect(neededPerWorkingDay(22_000, 7_000, p)).toBe(1_000);
    expect(neededPerWorkingDay(22_000, 30_000, p)).toBe(0);
    expect(neededPerWorkingDay(1, 0, periodProgress(march, '2026-04-01', MON_FRI))).toBeNull();
    expect(attainment(200, 50)).toBe(0.25);
    expect(attainment(0, 50)).toBeNull();
  });
});
