import { describe, expect, it } from 'vitest';
import { followedMetricFigures, metricValue, type MemberTotals, type PeriodTotals } from '../../../src/analytics/followed-metric.js';

const t = (revenue: number, orders: number, customers: number): PeriodTotals => ({ revenue, orders, customers });
const m = (dimension: string, member: string, previous: PeriodTotals, current: PeriodTotals): MemberTotals => ({ dimension, member, name: member.toUpperCase(), previous, current });

describe('followed metric figures', () => {
  // Region North: 2 orders 200 → 1 order 300; South: 2 orders 100 → 4 orders 200.
  const members = [
    m('region', 'north', t(200, 2, 2), t(300, 1, 1)),
    m('region', 'south', t(100, 2, 1), t(200, 4, 2)),
    m('category', 'only', t(300, 4, 3), t(500, 5, 3)),
  ];
  const buckets = new Map([
    [5, t(120, 3, 2)],
    [6, t(300, 4, 3)],
    [7, t(500, 5, 3)],
  ]);

  it('value, previous, change and ratio of the last two periods; missing periods are zero', () => {
    const f = followedMetricFigures('revenue', buckets, 8, members);
    expect(f).toMatchObject({ value: 500, previous: 300, change: 200, changeRatio: 200 / 300 });
    expect(f.trend).toEqual([0, 0, 0, 0, 0, 120, 300, 500]);
  });

  it('attributes additive metrics to members by their own change, leaving out a dimension with one member', () => {
    const f = followedMetricFigures('orders', buckets, 8, members);
    expect(f.drivers).toEqual([{ dimension: 'region', member: 'south', name: 'SOUTH', previous: 2, current: 4, contribution: 2 }]);
    expect(f.detractors).toEqual([{ dimension: 'region', member: 'north', name: 'NORTH', previous: 2, current: 1, contribution: -1 }]);
  });

  it('attributes the average basket by rate effect weighted by current orders', () => {
    const f = followedMetricFigures('avg-basket', buckets, 8, members);
    expect(f.value).toBe(100);
    expect(f.previous).toBe(75);
    // north: (300 − 100) × 1/5 = 40; south: (50 − 50) × 4/5 = 0 (not reported)
    expect(f.drivers).toEqual([{ dimension: 'region', member: 'north', name: 'NORTH', previous: 100, current: 300, contribution: 40 }]);
    expect(f.detractors).toEqual([]);
  });

  it('has no basket without orders and no ratio against zero', () => {
    expect(metricValue('avg-basket', t(0, 0, 0))).toBeNull();
    const f = followedMetricFigures('avg-basket', new Map([[1, t(50, 2, 1)]]), 2, []);
    expect(f).toMatchObject({ value: 25, previous: null, change: null, changeRatio: null });
    const g = followedMetricFigures('revenue', new Map([[1, t(50, 2, 1)]]), 2, []);
    expect(g).toMatchObject({ value: 50, previous: 0, change: 50, changeRatio: null });
  });
});
