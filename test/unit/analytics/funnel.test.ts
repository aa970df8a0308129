import { describe, expect, it } from 'vitest';
import { funnel, type LeadRow } from '../../../src/analytics/funnel.js';

const lead = (leadId: number, salesmanId: number | null, createdAt: string, o: Partial<LeadRow> = {}): LeadRow => ({
  leadId,
  salesmanId,
  createdAt,
  opportunityAt: null,
  wonAt: null,
  lostAt: null,
  lostReason: null,
  ...o,
});

describe('funnel', () => {
  const window = { from: '2024-01-01T00:00:00Z', to: '2024-02-01T00:00:00Z' };
  const leads: LeadRow[] = [
    lead(1, 1, '2024-01-02T00:00:00Z', { opportunityAt: '2024-01-03T00:00:00Z', wonAt: '2024-01-12T00:00:00Z' }), // won, 10 days
    lead(2, 1, '2024-01-05T00:00:00Z', { opportunityAt: '2024-01-06T00:00:00Z', lostAt: '2024-01-09T00:00:00Z', lostReason: 'price' }), // lost, 4 days
    lead(3, 2, '2024-01-10T00:00:00Z', { lostAt: '2024-01-12T00:00:00Z', lostReason: ' ' }), // lost, 2 days, no reason
    lead(4, 2, '2024-01-11T00:00:00Z', { opportunityAt: '2024-01-20T00:00:00Z' }), // open
    lead(5, 2, '2024-01-15T00:00:00Z', { wonAt: new Date('2024-01-21T00:00:00Z') }), // won directly, 6 days
    lead(6, null, '2023-12-01T00:00:00Z', { wonAt: Date.parse('2024-01-05T00:00:00Z') }), // earlier cohort, closed in window: 35 days
    lead(7, 1, '2024-01-20T00:00:00Z', { opportunityAt: '2024-01-22T00:00:00Z', lostAt: '2024-02-10T00:00:00Z', lostReason: 'price' }), // closed after window
    lead(8, 1, '2024-01-25T00:00:00Z', { lostAt: '2024-01-26T00:00:00Z', wonAt: '2024-01-28T00:00:00Z' }), // reopened and won: 3 days
  ];
  const r = funnel(leads, window);

  it('counts the cohort funnel with conversions and lost reasons apart', () => {
    // cohort: 1,2,3,4,5,7,8 = 7; opportunity: 1,2,4,5(won),7,8(won) = 6; won: 1,5,8 = 3
    expect(r.stages).toEqual([
      { stage: 'lead', count: 7, conversion: null },
      { stage: 'opportunity', count: 6, conversion: 6 / 7 },
      { stage: 'won', count: 3, conversion: 0.5 },
    ]);
    expect(r.lost).toEqual({ count: 3, reasons: [{ reason: 'price', count: 2 }, { reason: 'unspecified', count: 1 }] });
    expect(r.open).toBe(1);
  });

  it('win rate and median days to close over leads closed in the window', () => {
    // closed in window: 1 won(10), 2 lost(4), 3 lost(2), 5 won(6), 6 won(35), 8 won(3)
    expect(r.won).toBe(4);
    expect(r.lostClosed).toBe(2);
    expect(r.winRate).toBeCloseTo(4 / 6, 12);
    expect(r.medianDaysToClose).toBe(5); // 2,3,4,6,10,35
    expect(r.medianDaysToWin).toBe(8); // 3,6,10,35
    expect(r.bySalesman).toEqual([
      { salesmanId: 1, won: 2, lost: 1, winRate: 2 / 3, medianDaysToClose: 4 }, // 10, 4, 3
      { salesmanId: null, won: 1, lost: 0, winRate: 1, medianDaysToClose: 35 }, // equal won: higher win rate first
      { salesmanId: 2, won: 1, lost: 1, winRate: 0.5, medianDaysToClose: 4 }, // 2, 6
    ]);
  });

  it('handles no leads', () => {
    const e = funnel([], window);
    expect(e.stages.map((s) => [s.count, s.conversion])).toEqual([[0, null], [0, null], [0, null]]);
    expect(e).toMatchObject({ bySalesman: [], winRate: null, medianDaysToClose: null, medianDaysToWin: null, open: 0 });
  });
});
