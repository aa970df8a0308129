import { describe, expect, it } from 'vitest';
import { assessChurnRisk, CHURN_RULES, classifyChurnColumns, classifyChurnRisk, rankChurnRisk } from '../../../src/analytics/churn-risk.js';

describe('assessChurnRisk — own rhythm (≥ 4 orders)', () => {
  it('is at risk only when days since the last order exceed the 90th percentile of the gaps', () => {
    const c = { orderDays: [0, 10, 20, 30, 40], pAlive: 0.99, revenue: 500 };
    const onTime = assessChurnRisk(c, 50);
    expect(onTime).toMatchObject({ atRisk: false, rule: 'own-rhythm', orders: 5, daysSinceLastOrder: 10, typicalGapDays: 10, gapP90Days: 10 });
    expect(assessChurnRisk(c, 51)).toMatchObject({ atRisk: true, rule: 'own-rhythm', overdueRatio: 1.1 });
  });

  it('uses type-7 quantiles of unsorted gaps and ignores P(alive)', () => {
    // gaps 40, 5, 20, 10 → sorted 5, 10, 20, 40: median 15; P90 h = 2.7 → 20 + 0.7·20 = 34
    const c = { orderDays: [75, 0, 40, 45, 65], pAlive: 0.01, revenue: 100 };
    const a = assessChurnRisk(c, 75 + 34);
    expect(a.typicalGapDays).toBe(15);
    expect(a.gapP90Days).toBeCloseTo(34, 12);
    expect(a.atRisk).toBe(false);
    expect(assessChurnRisk(c, 75 + 35).atRisk).toBe(true);
  });

  it('merges same-day orders and ignores orders after as-of', () => {
    const a = assessChurnRisk({ orderDays: [0, 0, 10, 10, 20, 30, 500], pAlive: null, revenue: 0 }, 100);
    expect(a.orders).toBe(4);
    expect(a.gapP90Days).toBe(10);
    expect(a.daysSinceLastOrder).toBe(70);
    expect(a.atRisk).toBe(true);
  });
});

describe('assessChurnRisk — fewer orders use P(alive)', () => {
  it('is at risk when P(alive) < 0.5', () => {
    expect(assessChurnRisk({ orderDays: [0, 30], pAlive: 0.49, revenue: 80 }, 60)).toMatchObject({ atRisk: true, rule: 'p-alive', typicalGapDays: 30 });
    expect(assessChurnRisk({ orderDays: [0, 30], pAlive: 0.5, revenue: 80 }, 60)).toMatchObject({ atRisk: false, rule: 'p-alive' });
    expect(assessChurnRisk({ orderDays: [0], pAlive: 0.2, revenue: 80 }, 60)).toMatchObject({
      atRisk: true,
      typicalGapDays: null,
      gapP90Days: null,
      overdueRatio: null,
    });
  });

  it('without a model or orders it is never at risk', () => {
    expect(assessChurnRisk({ orderDays: [0, 5], pAlive: null, revenue: 10 }, 400)).toMatchObject({ atRisk: false, rule: 'no-model' });
    expect(assessChurnRisk({ orderDays: [0, 5], pAlive: Number.NaN, revenue: 10 }, 400)).toMatchObject({ rule: 'no-model', pAlive: null });
    expect(assessChurnRisk({ orderDays: [], pAlive: 0.1, revenue: 0 }, 10)).toMatchObject({
      atRisk: false,
      rule: 'no-orders',
      orders: 0,
      daysSinceLastOrder: null,
      valueAtRisk: 0,
    });
  });
});

describe('value at risk', () => {
  it('is the average yearly revenue, not extrapolated for customers younger than a year', () => {
    const old = assessChurnRisk({ orderDays: [0], pAlive: 0.1, revenue: 1000 }, 730.5);
    expect(old.averageYearlyRevenue).toBeCloseTo(500, 10);
    expect(old.valueAtRisk).toBeCloseTo(500, 10);
    const young = assessChurnRisk({ orderDays: [0], pAlive: 0.1, revenue: 1000 }, 100);
    expect(young.averageYearlyRevenue).toBe(1000);
    const safe = assessChurnRisk({ orderDays: [0], pAlive: 0.9, revenue: 1000 }, 100);
    expect(safe.valueAtRisk).toBe(0);
  });

  it('rankChurnRisk keeps the at-risk customers, highest value first, ties by days since last order', () => {
    const ranked = rankChurnRisk(
      [
        { customerId: 'safe', orderDays: [0], pAlive: 0.9, revenue: 9999 },
        { customerId: 'small', orderDays: [300], pAlive: 0.1, revenue: 100 },
        { customerId: 'big', orderDays: [300], pAlive: 0.1, revenue: 5000 },
        { customerId: 'tie-older', orderDays: [200], pAlive: 0.1, revenue: 100 },
      ],
      365,
    );
    expect(ranked.map((r) => r.customerId)).toEqual(['big', 'tie-older', 'small']);
    expect(rankChurnRisk([], 10)).toEqual([]);
  });
});

describe('classifyChurnColumns', () => {
  it('decides exactly as classifyChurnRisk, row by row', () => {
    const cases: Array<{ orders: number; since: number; tenure: number; p90: number | null; pAlive: number | null; revenue: number }> = [];
    for (const orders of [1, 2, 3, 4, 9])
      for (const since of [0, 27, 28, 29, 400])
        for (const p90 of [null, 28, 27.400000000000002])
          for (const pAlive of [null, 0.2, 0.5, 0.9])
            cases.push({ orders, since, tenure: since + orders * 20, p90, pAlive, revenue: 100 * orders - 50 });
    const cols = classifyChurnColumns({
      orders: cases.map((c) => c.orders),
      daysSinceLastOrder: cases.map((c) => c.since),
      tenureDays: cases.map((c) => c.tenure),
      gapP90Days: cases.map((c) => c.p90 ?? Number.NaN),
      pAlive: cases.map((c) => c.pAlive ?? Number.NaN),
      revenue: cases.map((c) => c.revenue),
    });
    cases.forEach((c, i) => {
      const one = classifyChurnRisk({
        orders: c.orders,
        daysSinceLastOrder: c.since,
        tenureDays: c.tenure,
        typicalGapDays: null,
        gapP90Days: c.p90,
        pAlive: c.pAlive,
        revenue: c.revenue,
      });
      expect([cols.atRisk[i] === 1, CHURN_RULES[cols.rule[i]!], cols.valueAtRisk[i], cols.averageYearlyRevenue[i]]).toEqual([
        one.atRisk,
        one.rule,
        one.valueAtRisk,
        one.averageYearlyRevenue,
      ]);
    });
    const noModel = classifyChurnColumns({ orders: [2], daysSinceLastOrder: [500], tenureDays: [600], gapP90Days: [10], pAlive: null, revenue: [1] });
    expect([noModel.atRisk[0], CHURN_RULES[noModel.rule[0]!]]).toEqual([0, 'no-model']);
  });
});
