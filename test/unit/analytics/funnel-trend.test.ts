import { describe, expect, it } from 'vitest';
import { funnelByMonth, monthsBetween, type TrendLead } from '../../../src/analytics/funnel-trend.js';
import { pooled } from '../../../src/reports/cycle/cycle-view.js';

const at = (day: string) => `${day}T12:00:00Z`;
function lead(created: string, opp: string | null, won: string | null, lost: string | null): TrendLead {
  return {
    createdAt: at(created),
    opportunityAt: opp && at(opp),
    wonAt: won && at(won),
    lostAt: lost && at(lost),
    createdMonth: created.slice(0, 7),
    opportunityMonth: opp && opp.slice(0, 7),
    wonMonth: won && won.slice(0, 7),
    lostMonth: lost && lost.slice(0, 7),
  };
}

describe('funnelByMonth', () => {
  it('counts each stage in the month it is left, not the month the lead was created', () => {
    const months = funnelByMonth(
      [
        lead('2025-01-01', '2025-01-11', '2025-03-02', null), // 10 d as lead, 50 d as opportunity, won in March
        lead('2025-01-20', '2025-02-19', null, '2025-03-21'), // 30 d as lead, 30 d as opportunity, lost in March
        lead('2025-02-01', null, null, '2025-02-05'), // lost as a lead after 4 d
        lead('2025-03-01', null, null, null), // still open as a lead
      ],
      ['2025-01', '2025-02', '2025-03'],
    );
    expect(months.map((m) => [m.month, m.created, m.leftLead, m.leftLeadForward, m.medianDaysAsLead])).toEqual([
      ['2025-01', 2, 1, 1, 10],
      ['2025-02', 1, 2, 1, 17],
      ['2025-03', 1, 0, 0, null],
    ]);
    expect(months[2]).toMatchObject({ closedOpportunities: 2, opportunitiesWon: 1, opportunityToWon: 0.5, medianDaysAsOpportunity: 40, won: 1, lost: 1, winRate: 0.5, medianDaysToClose: 60 });
    // A lead lost after being won keeps its latest outcome: lost.
    const relost = funnelByMonth([lead('2025-01-01', null, '2025-01-05', '2025-01-09')], ['2025-01']);
    expect(relost[0]).toMatchObject({ won: 0, lost: 1, leftLeadForward: 0 });
  });

  it('gives nulls, never 0 ÷ 0, for a month without leads, and ignores months outside the list', () => {
    const [m] = funnelByMonth([lead('2024-12-01', '2024-12-05', '2024-12-09', null)], ['2025-01']);
    expect(m).toEqual({
      month: '2025-01', created: 0, leftLead: 0, leftLeadForward: 0, leadToOpportunity: null, medianDaysAsLead: null,
      closedOpportunities: 0, opportunitiesWon: 0, opportunityToWon: null, medianDaysAsOpportunity: null,
      won: 0, lost: 0, winRate: null, medianDaysToClose: null,
    });
  });

  it('pools months as ratios of sums, so a small month weighs little', () => {
    const months = funnelByMonth(
      [
        lead('2025-01-01', '2025-01-02', null, null),
        ...Array.from({ length: 9 }, () => lead('2025-02-01', null, null, '2025-02-02')),
        lead('2025-02-01', '2025-02-03', null, null),
      ],
      ['2025-01', '2025-02'],
    );
    expect(pooled(months).leadToOpportunity).toBeCloseTo(2 / 11, 12);
  });
});

describe('monthsBetween', () => {
  it('lists the months of a window across a year end', () => {
    expect(monthsBetween('2024-11-15', '2025-02-01')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(monthsBetween('2025-02-10', '2025-02-20')).toEqual(['2025-02']);
  });
});
