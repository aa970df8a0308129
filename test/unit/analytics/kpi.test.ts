import { describe, expect, it } from 'vitest';
import { activeSalesmenRatio, kpi, runRate, topMover } from '../../../src/analytics/kpi.js';

describe('kpi', () => {
  it('run rate = MTD ÷ days elapsed (today included) × days in month', () => {
    expect(runRate(3100, '2024-01-10')).toEqual({ monthToDate: 3100, daysElapsed: 10, daysInMonth: 31, runRate: 9610 });
    expect(runRate(290, '2024-02-29')).toMatchObject({ daysElapsed: 29, daysInMonth: 29, runRate: 290 });
    expect(runRate(0, '2023-02-01')).toMatchObject({ daysInMonth: 28, runRate: 0 });
    expect(runRate(-30, '2023-04-01').runRate).toBe(-900); // refunds
  });

  it('active salesmen ratio guards zero', () => {
    expect(activeSalesmenRatio(4, 3).ratio).toBe(0.75);
    expect(activeSalesmenRatio(0, 0).ratio).toBeNull();
  });

  it('top mover: largest velocity increase among products with ≥ 5 recent units', () => {
    const rows = [
      { productId: 1, recentUnits: 30, priorUnits: 0 }, // +1/day
      { productId: 2, recentUnits: 4, priorUnits: 0 }, // below the minimum base volume
      { productId: 3, recentUnits: 60, priorUnits: 45 }, // +0.5/day
      { productId: 4, recentUnits: 90, priorUnits: 60 }, // +1/day, ties 1, higher velocity
      { productId: 5, recentUnits: 10, priorUnits: 100 }, // decline
    ];
    const m = topMover(rows);
    expect(m).toMatchObject({ productId: 4, velocity: 3, previousVelocity: 2, change: 1, changeRatio: 0.5 });
    expect(topMover(rows.filter((r) => r.productId !== 4))).toMatchObject({ productId: 1, changeRatio: null });
    expect(topMover(rows, { minRecentUnits: 1000 })).toBeNull();
    expect(topMover([{ productId: 5, recentUnits: 10, priorUnits: 100 }])).toBeNull();
    expect(topMover([])).toBeNull();
    expect(topMover([{ productId: 2, recentUnits: 4, priorUnits: 0 }], { minRecentUnits: 1, windowDays: 2 })).toMatchObject({ velocity: 2 });
  });

  it('kpi assembles the cards', () => {
    const k = kpi({ today: '2024-01-10', monthToDateRevenue: 3100, activeSalesmen: 2, salesmenWithSaleLast7Days: 1, products: [] });
    expect(k).toMatchObject({ runRate: 9610, monthToDate: 3100, activeSalesmenRatio: 0.5, topMover: null });
  });
});
