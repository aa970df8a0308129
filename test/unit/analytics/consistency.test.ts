import { describe, expect, it } from 'vitest';
import { consistency } from '../../../src/analytics/consistency.js';
import { workingDays } from '../../../src/analytics/calendar-day.js';

describe('consistency', () => {
  const days = workingDays('2024-01-01', '2024-01-07'); // Mon 1 … Fri 5
  it('uses the working days with zeros, population std, cv and 1/(1+cv)', () => {
    expect(days).toEqual(['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05']);
    const r = consistency(
      [
        { salesmanId: 2, name: 'Burst', orders: 1, daily: [{ day: '2024-01-03', revenue: 500 }] },
        { salesmanId: 1, name: 'Steady', orders: 5, daily: days.map((day) => ({ day, revenue: 100 })) },
        { salesmanId: 3, name: 'Idle', orders: 0, daily: [] },
        { salesmanId: 4, name: 'Refunds', orders: 1, daily: [{ day: '2024-01-02', revenue: -50 }] },
        { salesmanId: 5, name: 'Saturday', orders: 1, daily: [{ day: '2024-01-06', revenue: 120 }] },
      ],
      days,
    );
    const by = Object.fromEntries(r.salesmen.map((s) => [s.name, s]));
    expect(by['Steady']).toMatchObject({ revenue: 500, days: 5, meanDaily: 100, stdDaily: 0, cv: 0, consistency: 1 });
    // 500, 0, 0, 0, 0 → mean 100, std √((400² + 4·100²)/5) = 200, cv 2
    expect(by['Burst']).toMatchObject({ meanDaily: 100, stdDaily: 200, cv: 2 });
    expect(by['Burst']!.consistency).toBeCloseTo(1 / 3, 12);
    expect(by['Idle']).toMatchObject({ revenue: 0, meanDaily: 0, stdDaily: 0, cv: null, consistency: 0 });
    expect(by['Refunds']).toMatchObject({ revenue: -50, meanDaily: -10, cv: null, consistency: 0 });
    // a weekend sale adds an observation: 6 days, mean 20, std √((100² + 5·20²)/6) = √2000
    expect(by['Saturday']).toMatchObject({ days: 6, meanDaily: 20 });
    expect(by['Saturday']!.stdDaily).toBeCloseTo(Math.sqrt(2000), 9);
    expect(r.salesmen.map((s) => s.name)).toEqual(['Steady', 'Burst', 'Saturday', 'Idle', 'Refunds']);
  });

  it('sums several entries of one day and copes with an empty window', () => {
    const r = consistency([{ salesmanId: 1, name: 'x', orders: 2, daily: [{ day: '2024-01-01', revenue: 30 }, { day: '2024-01-01', revenue: 70 }] }], ['2024-01-01']);
    expect(r.salesmen[0]).toMatchObject({ revenue: 100, meanDaily: 100, cv: 0, consistency: 1 });
    expect(consistency([{ salesmanId: 1, name: 'x', orders: 0, daily: [] }], [])).toEqual({
      salesmen: [{ salesmanId: 1, name: 'x', revenue: 0, orders: 0, days: 0, meanDaily: 0, stdDaily: 0, cv: null, consistency: 0 }],
    });
    expect(consistency([], days)).toEqual({ salesmen: [] });
  });
});
