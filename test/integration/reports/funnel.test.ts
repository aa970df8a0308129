import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycleReport } from '../../../src/reports/cycle/cycle-module.js';
import { cycleView } from '../../../src/reports/cycle/cycle-view.js';
import { funnelReport } from '../../../src/reports/funnel/funnel-module.js';
import { runReport } from '../../../src/reports/run-report.js';
import { winrateReport } from '../../../src/reports/winrate/winrate-module.js';
import { seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';

describe('funnel and winrate reports', () => {
  let t: TestDatabase;
  let empty: TestDatabase;
  beforeAll(async () => {
    [t, empty] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    await seed()
      .salesman('S1', { name: 'Sam' })
      .salesman('S2', { name: 'Sue' })
      .salesman('S3', { name: 'Idle' })
      .customer('A', { name: 'Alpha', region: 'North' })
      .customer('B', { name: 'Beta', region: 'South' })
      // Several rows of one lead are its history (stage_changed_at = when it entered the stage).
      .lead({ lead: 'L1', created: '2024-01-10', stage: 'lead', customer: 'A', salesman: 'S1' })
      .lead({ lead: 'L1', created: '2024-01-10', stage: 'opportunity', customer: 'A', salesman: 'S1', changed: '2024-01-20' })
      .lead({ lead: 'L1', created: '2024-01-10', stage: 'won', customer: 'A', salesman: 'S1', changed: '2024-02-09' })
      .lead({ lead: 'L2', created: '2024-01-15', stage: 'lost', customer: 'A', salesman: 'S1', changed: '2024-02-14', lostReason: 'price' })
      .lead({ lead: 'L3', created: '2024-02-01', stage: 'opportunity', customer: 'B', salesman: 'S2', changed: '2024-02-10' })
      .lead({ lead: 'L4', created: '2023-12-01', stage: 'won', customer: 'B', salesman: 'S2', changed: '2024-01-11' })
      .lead({ lead: 'L5', created: '2024-03-01', stage: 'lead' })
      .lead({ lead: 'L6', created: '2024-01-05', stage: 'lost', customer: 'A', salesman: 'S1', changed: '2024-01-15' })
      .load(t.database);
  });
  afterAll(() => Promise.all([t.drop(), empty.drop()]));

  const window = { from: '2024-01-01', to: '2024-03-31' };

  it('counts the cohort created in the window and win rates of leads closed in it', async () => {
    const r = await runReport(t.database, funnelReport, { filters: window, asOf: '2024-04-15' });
    expect(r.window).toEqual(window);
    expect(r.stages).toEqual([
      { stage: 'lead', count: 5, conversion: null },
      { stage: 'opportunity', count: 2, conversion: 0.4 },
      { stage: 'won', count: 1, conversion: 0.5 },
    ]);
    expect(r.lost).toEqual({ count: 2, reasons: [{ reason: 'price', count: 1 }, { reason: 'unspecified', count: 1 }] });
    expect(r.open).toBe(2);
    // L4 was created before the window but won in it; ties on won → higher win rate first.
    expect(r.bySalesman).toEqual([
      { salesmanId: 'S2', name: 'Sue', won: 1, lost: 0, winRate: 1, medianDaysToClose: 41 },
      { salesmanId: 'S1', name: 'Sam', won: 1, lost: 2, winRate: 1 / 3, medianDaysToClose: 30 },
    ]);
    expect(r).toMatchObject({ won: 2, lostClosed: 2, winRate: 0.5, medianDaysToClose: 30, medianDaysToWin: 35.5 });
  });

  it('defaults to the 365 days ending on the as-of day', async () => {
    const r = await runReport(t.database, funnelReport, { filters: {}, asOf: '2024-03-31' });
    expect(r.window).toEqual({ from: '2023-04-02', to: '2024-03-31' });
    expect(r.stages[0]!.count).toBe(6);
    expect(r.stages[2]!.count).toBe(2);
  });

  it('filters by salesman and by the lead customer region', async () => {
    const s2 = await runReport(t.database, winrateReport, { filters: { ...window, salesman: ['S2'] }, asOf: '2024-04-15' });
    expect(s2.stages[0]!.count).toBe(1);
    expect(s2.bySalesman.map((s) => s.salesmanId)).toEqual(['S2']);
    const north = await runReport(t.database, funnelReport, { filters: { ...window, region: ['North'] }, asOf: '2024-04-15' });
    expect(north.stages.map((s) => s.count)).toEqual([3, 1, 1]);
    expect(north.winRate).toBeCloseTo(1 / 3, 12);
    const idle = await runReport(t.database, winrateReport, { filters: { ...window, salesman: ['S3'] }, asOf: '2024-04-15' });
    expect(idle).toMatchObject({ bySalesman: [], winRate: null, medianDaysToClose: null });
    expect(winrateReport.view(idle).notes).toEqual(['No lead was won or lost in this window.']);
  });

  it('views: funnel shows stages, winrate shows salesmen', async () => {
    const r = await runReport(t.database, funnelReport, { filters: window, asOf: '2024-04-15' });
    expect(funnelReport.view(r).rows.map((x) => x[0])).toEqual(['lead', 'opportunity', 'won']);
    expect(winrateReport.view(r).rows.map((x) => x[0])).toEqual(['S2', 'S1']);
  });

  it('no leads is a valid empty result', async () => {
    const r = await runReport(empty.database, funnelReport, { filters: {}, asOf: '2024-03-31' });
    expect(r.stages.map((s) => s.count)).toEqual([0, 0, 0]);
    expect(r).toMatchObject({ bySalesman: [], winRate: null, open: 0, lost: { count: 0, reasons: [] } });
  });
  it('gives conversion and median days per stage by the month leads left each stage (cycle)', async () => {
    const r = await runReport(t.database, cycleReport, { filters: window, asOf: '2024-04-15' });
    expect(r.byMonth.map((m) => m.month)).toEqual(['2024-01', '2024-02', '2024-03']);
    // January: L1 → opportunity after 10 d, L4 won straight from lead after 41 d, L6 lost after 10 d;
    // L4 (won) and L6 (lost) closed; no opportunity closed.
    expect(r.byMonth[0]).toEqual({
      month: '2024-01', created: 3, leftLead: 3, leftLeadForward: 2, leadToOpportunity: 2 / 3, medianDaysAsLead: 10,
      closedOpportunities: 0, opportunitiesWon: 0, opportunityToWon: null, medianDaysAsOpportunity: null,
      won: 1, lost: 1, winRate: 0.5, medianDaysToClose: 25.5,
    });
    // February: L2 lost after 30 d as a lead, L3 → opportunity after 9 d; L1 won 20 d after its opportunity.
    expect(r.byMonth[1]).toEqual({
      month: '2024-02', created: 1, leftLead: 2, leftLeadForward: 1, leadToOpportunity: 0.5, medianDaysAsLead: 19.5,
      closedOpportunities: 1, opportunitiesWon: 1, opportunityToWon: 1, medianDaysAsOpportunity: 20,
      won: 1, lost: 1, winRate: 0.5, medianDaysToClose: 30,
    });
    expect(r.byMonth[2]).toMatchObject({ month: '2024-03', created: 1, leftLead: 0, leadToOpportunity: null, winRate: null });
    const view = cycleView(r);
    expect(view.rows[1]).toEqual(['2024-02', '1', '50.0%', '19.5 d', '100.0%', '20.0 d', '50.0%', '30.0 d']);
    // Fewer than six months: no before/after headline, the window's win rate instead.
    expect(view.keyFigures[0]!.value).toMatch(/^50.0%/);
  });

  it('cycle: a window whose last six months hold no lead gives the win rate, not "— → —"', async () => {
    // Leads only in January–March, so July–December compared with the three months before is empty.
    const late = cycleView(await runReport(t.database, cycleReport, { filters: { from: '2024-01-01', to: '2024-12-31' }, asOf: '2025-01-15' }));
    expect(late.keyFigures).toEqual([{ label: 'Win rate (closed in window)', value: '50.0% (2 won, 2 lost)' }]);
    const none = await runReport(empty.database, cycleReport, { filters: { from: '2023-07-01', to: '2024-03-31' }, asOf: '2024-04-15' });
    expect(none.byMonth.length).toBeGreaterThanOrEqual(6);
    const view = cycleView(none);
    expect(view.keyFigures).toEqual([{ label: 'Win rate (closed in window)', value: '— (0 won, 0 lost)' }]);
    expect(JSON.stringify(view.keyFigures)).not.toContain('→');
    // Leads in the compared months keep the before / after headline.
    const compared = cycleView(await runReport(t.database, cycleReport, { filters: { from: '2023-10-01', to: '2024-03-31' }, asOf: '2024-04-15' }));
    expect(compared.keyFigures[0]!.label).toMatch(/^Lead → opportunity \(2024-01–2024-03 vs 3 months before\)$/);
    expect(compared.keyFigures[0]!.value).toBe('— → 60.0%');
  });
});
