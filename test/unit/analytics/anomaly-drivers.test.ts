import { describe, expect, it } from 'vitest';
import { anomalyDrivers } from '../../../src/analytics/anomaly-drivers.js';
import type { MemberTotals } from '../../../src/analytics/followed-metric.js';
import { anomalyGrainOf, checkedPeriod } from '../../../src/services/anomaly-alerts.js';

const t = (revenue: number, orders = 1, customers = 1) => ({ revenue, orders, customers });

describe('anomaly drivers against the expected value', () => {
  // Week before: North 600, South 400 (1000). Expected today 200 → members expected 120 / 80.
  const members: MemberTotals[] = [
    { dimension: 'region', member: 'North', name: 'North', previous: t(600, 6, 3), current: t(110, 1, 1) },
    { dimension: 'region', member: 'South', name: 'South', previous: t(400, 4, 2), current: t(0, 0, 0) },
  ];

  it('scales the comparison mix to the expected total: contributions add up to actual − expected', () => {
    const { drivers } = anomalyDrivers('revenue', t(1000, 10, 5), t(110, 1, 1), members, 200);
    expect(drivers.map((d) => d.member)).toEqual(['South', 'North']);
    expect(drivers[0]!.contribution).toBeCloseTo(-80, 6);
    expect(drivers[1]!.contribution).toBeCloseTo(-10, 6);
    expect(drivers.reduce((s, d) => s + d.contribution, 0)).toBeCloseTo(110 - 200, 6);
  });

  it('orders scale the order counts; nothing to scale gives no drivers', () => {
    const { drivers } = anomalyDrivers('orders', t(1000, 10, 5), t(110, 1, 1), members, 2);
    expect(drivers.map((d) => [d.member, Math.round(d.contribution * 100) / 100])).toEqual([['South', -0.8]]); // North's −0.2 order is under half a unit: not reported
    expect(anomalyDrivers('revenue', t(0, 0, 0), t(110, 1, 1), members, 200).drivers).toEqual([]);
  });
});

describe('anomaly periods', () => {
  it('weekly when the schedule names one weekday, daily otherwise', () => {
    expect(anomalyGrainOf('0 8 * * 1')).toBe('week');
    expect(anomalyGrainOf('0 8 * * *')).toBe('day');
    expect(anomalyGrainOf('0 8 * * 1-5')).toBe('day');
  });

  it('checks the last working day, or the last complete ISO week', () => {
    // 2026-12-06 is a Sunday: with Mon–Fri the day checked is Friday the 4th.
    expect(checkedPeriod('2026-12-06', 'day', [1, 2, 3, 4, 5])).toEqual({ from: '2026-12-04', to: '2026-12-04' });
    expect(checkedPeriod('2026-12-03', 'day', [1, 2, 3, 4, 5])).toEqual({ from: '2026-12-03', to: '2026-12-03' });
    expect(checkedPeriod('2026-12-06', 'week', [1, 2, 3, 4, 5])).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(checkedPeriod('2026-12-05', 'week', [1, 2, 3, 4, 5])).toEqual({ from: '2026-11-23', to: '2026-11-29' });
  });
});
