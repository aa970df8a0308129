import { describe, expect, it } from 'vitest';
import { assessDeals, MIN_STAGE_HISTORY, stageThresholds, totalsByReason, type DealFacts } from '../../../src/analytics/deal-risk.js';

const AS_OF = '2026-03-31';
const deal = (over: Partial<DealFacts>): DealFacts => ({
  leadId: 'L',
  customerId: 'C',
  customer: 'Customer',
  salesmanId: 'S',
  salesman: 'Sam',
  stage: 'opportunity',
  amount: '100',
  stageDay: '2026-03-30',
  expectedClose: null,
  lastActivityDay: '2026-03-30',
  orderedSinceWon: false,
  ...over,
});

describe('stageThresholds', () => {
  it('is the type-7 90th percentile of finished stays, from aggregated counts', () => {
    // opportunity: 1..10 once each → h = 9 × 0.9 = 8.1 → 9 + 0.1 × (10 − 9) = 9.1
    const counts = Array.from({ length: 10 }, (_, i) => ({ stage: 'opportunity', days: 10 - i, count: 1 }));
    // lead: 2 × 4 days, 3 × 8 days → [4,4,8,8,8]: h = 3.6 → 8
    counts.push({ stage: 'lead', days: 8, count: 3 }, { stage: 'lead', days: 4, count: 2 }, { stage: 'won', days: 99, count: 50 });
    expect(stageThresholds(counts)).toEqual([
      { stage: 'lead', history: 5, p90Days: 8 },
      { stage: 'opportunity', history: 10, p90Days: expect.closeTo(9.1, 9) },
    ]);
  });

  it('gives no threshold with too little history, so nothing in that stage is called stalled', () => {
    const few = [{ stage: 'opportunity', days: 1, count: MIN_STAGE_HISTORY - 1 }];
    const [, opp] = stageThresholds(few);
    expect(opp).toEqual({ stage: 'opportunity', history: MIN_STAGE_HISTORY - 1, p90Days: null });
    expect(assessDeals([deal({ stageDay: '2025-01-01', lastActivityDay: '2026-03-31' })], stageThresholds(few), AS_OF)).toEqual([]);
  });
});

describe('assessDeals', () => {
  const thresholds = [
    { stage: 'lead' as const, history: 10, p90Days: 10 },
    { stage: 'opportunity' as const, history: 10, p90Days: 20 },
  ];
  const reasons = (d: Partial<DealFacts>) => assessDeals([deal(d)], thresholds, AS_OF)[0]?.reasons ?? [];

  it('stalled: strictly more days in the stage than its p90', () => {
    expect(reasons({ stageDay: '2026-03-11', lastActivityDay: '2026-03-30' })).toEqual([]); // 20 days
    expect(reasons({ stageDay: '2026-03-10', lastActivityDay: '2026-03-30' })).toEqual(['stalled']); // 21 days
    expect(reasons({ stage: 'lead', stageDay: '2026-03-20', lastActivityDay: null })).toEqual(['stalled']); // 11 > 10
  });

  it('no activity: an opportunity 14+ days since its last activity or its stage entry, whichever is later', () => {
    expect(reasons({ stageDay: '2026-03-17', lastActivityDay: '2026-03-01' })).toEqual(['no_activity']); // 14 days since entry
    expect(reasons({ stageDay: '2026-03-18', lastActivityDay: '2026-03-01' })).toEqual([]); // 13
    expect(reasons({ stageDay: '2026-03-12', lastActivityDay: '2026-03-20' })).toEqual([]); // touched 11 days ago
    expect(reasons({ stageDay: '2026-03-17', lastActivityDay: null, customerId: null })).toEqual(['no_activity']);
    expect(reasons({ stage: 'lead', stageDay: '2026-03-25', lastActivityDay: null })).toEqual([]); // leads are not opportunities
  });

  it('overdue: an open deal whose expected close is before the as-of day', () => {
    expect(reasons({ expectedClose: '2026-03-30' })).toEqual(['overdue']);
    expect(reasons({ expectedClose: AS_OF })).toEqual([]);
    expect(reasons({ stage: 'lost', expectedClose: '2026-01-01' })).toEqual([]);
  });

  it('won, no order: more than 30 days since the win and no order since; needs a customer', () => {
    expect(reasons({ stage: 'won', stageDay: '2026-02-28' })).toEqual(['won_no_order']); // 31 days
    expect(reasons({ stage: 'won', stageDay: '2026-03-01' })).toEqual([]); // 30 days
    expect(reasons({ stage: 'won', stageDay: '2026-01-01', orderedSinceWon: true })).toEqual([]);
    expect(reasons({ stage: 'won', stageDay: '2026-01-01', customerId: null })).toEqual([]);
    expect(reasons({ stage: 'won', stageDay: '2026-01-01', expectedClose: '2025-12-01' })).toEqual(['won_no_order']);
  });

  it('orders by number of reasons, then amount (unknown last), and totals per reason', () => {
    const out = assessDeals(
      [
        deal({ leadId: 'A', amount: '50', expectedClose: '2026-03-01' }),
        deal({ leadId: 'B', amount: null, expectedClose: '2026-03-01' }),
        deal({ leadId: 'C', amount: '10', expectedClose: '2026-03-01', stageDay: '2026-01-01', lastActivityDay: null }),
        deal({ leadId: 'D', amount: '70', expectedClose: '2026-03-01' }),
      ],
      thresholds,
      AS_OF,
    );
    expect(out.map((d) => [d.leadId, d.reasons.length])).toEqual([['C', 3], ['D', 1], ['A', 1], ['B', 1]]);
    expect(totalsByReason(out)).toEqual([
      { key: 'stalled', deals: 1, amount: 10 },
      { key: 'no_activity', deals: 1, amount: 10 },
      { key: 'overdue', deals: 4, amount: 130 },
      { key: 'won_no_order', deals: 0, amount: 0 },
    ]);
  });
});
