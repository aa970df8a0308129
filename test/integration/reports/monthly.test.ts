import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReportChart } from '../../../src/reports/report-chart.js';
import { monthlyReport } from '../../../src/reports/monthly/monthly-module.js';
import { runReport } from '../../../src/reports/run-report.js';
import { seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';

describe('monthly report', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seed()
      .customer('A', { name: 'Alpha', region: 'North' })
      .customer('B', { name: 'Beta', region: 'South' })
      .sale({ order: 1, on: '2023-01-15', customer: 'A', price: 999 })
      .sale({ order: 2, on: '2023-05-02', customer: 'A', price: 100 })
      .sale({ order: 3, on: '2023-05-20', customer: 'B', qty: 2, price: 50 })
      .sale({ order: 4, on: '2023-07-31', customer: 'B', price: 300 })
      .sale({ order: 5, on: '2024-03-30', customer: 'A', price: 40 })
      .sale({ order: 6, on: '2024-04-10', customer: 'B', price: 80 })
      .load(t.database);
  });
  afterAll(() => t.drop());

  it('sums each month of the last 12 to the as-of day, zeros kept, change against the month before', async () => {
    const r = await runReport(t.database, monthlyReport, { filters: {}, asOf: '2024-04-15' });
    expect([r.from, r.to]).toEqual(['2023-05-01', '2024-04-15']);
    // January 2023 is outside the 12 months; the series starts at the first month with a sale (May).
    expect(r.months.map((m) => m.month)).toEqual(['2023-05', '2023-06', '2023-07', '2023-08', '2023-09', '2023-10', '2023-11', '2023-12', '2024-01', '2024-02', '2024-03', '2024-04']);
    expect(r.months.map((m) => m.revenue)).toEqual([200, 0, 300, 0, 0, 0, 0, 0, 0, 0, 40, 80]);
    expect(r.months.map((m) => m.change)).toEqual([null, -1, null, -1, null, null, null, null, null, null, null, 1]);
    expect(r.total).toBe(620);
    expect(r.bestMonth).toBe('2023-07');
    expect(r.lastMonthPartial).toBe(true);
    const v = monthlyReport.view(r);
    expect(v.rows[0]).toEqual(['2023-05', '200', '—']);
    expect(v.rows[11]).toEqual(['2024-04', '80', '+100.0%']);
    expect(v.notes).toContain('2024-04 runs to 2024-04-15: month to date.');
  });

  it('widens an explicit window to whole months and applies filters in SQL', async () => {
    const r = await runReport(t.database, monthlyReport, { filters: { from: '2023-01-20', to: '2023-05-31', region: ['South'] }, asOf: '2024-04-15' });
    expect([r.from, r.to]).toEqual(['2023-01-01', '2023-05-31']);
    expect(r.months).toEqual([{ month: '2023-05', revenue: 100, change: null }]);
    expect(r.lastMonthPartial).toBe(false);
  });

  it('draws one bar per month, and nothing for a window without sales', async () => {
    const r = await runReport(t.database, monthlyReport, { filters: {}, asOf: '2024-04-15' });
    const png = await renderReportChart('monthly', r);
    expect(png?.subarray(1, 4).toString('latin1')).toBe('PNG');
    const empty = await runReport(t.database, monthlyReport, { filters: { from: '2022-01-01', to: '2022-03-31' }, asOf: '2024-04-15' });
    expect(empty.months).toEqual([]);
    expect(empty.emptyWindow).toEqual({ from: '2022-01-01', to: '2022-03-31' });
    expect(monthlyReport.chart(empty)).toBeNull();
    expect(monthlyReport.view(empty).notes).toContain('No sales in this window.');
  });
});
