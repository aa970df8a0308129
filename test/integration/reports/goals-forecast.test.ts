import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnv } from '../../../src/config/env.js';
import type { GoalsReport } from '../../../src/reports/goals/goals-report.js';
import { reportByName } from '../../../src/reports/registry.js';
import { runReport } from '../../../src/reports/run-report.js';
import { seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';

/**
 * The goals report's seasonal share from the daily ETS model, through the real SQL (goalDailySeries).
 * Every Monday sells 300, Tuesday–Friday 100, weekends nothing, from Mon 2025-12-29 through the as-of
 * day Mon 2026-03-09 (62 days before March: enough history, no earlier March, so the stand-in would be
 * the linear working-day share 6/22 ≈ 0.273). March expects 5 Mondays × 300 + 17 other weekdays × 100 =
 * 3200; through the 9th: Mondays 2 and 9 (600) + Tue–Fri 3–6 (400) = 1000 → share 1000/3200 = 0.3125,
 * projected ≈ 1000 + 2200 = 3200.
 */
describe('goals: seasonal pace from the daily forecast', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    resetEnv();
    t = await createTestDatabase();
    const s = seed().customer('A', { name: 'Alpha' });
    let n = 0;
    for (let day = Date.UTC(2025, 11, 29); day <= Date.UTC(2026, 2, 9); day += 86_400_000) {
      const d = new Date(day);
      const wd = d.getUTCDay();
      if (wd === 0 || wd === 6) continue;
      s.sale({ order: `O${++n}`, on: d.toISOString().slice(0, 10), customer: 'A', price: wd === 1 ? 300 : 100 });
    }
    await s.target({ period: '2026-03', metric: 'revenue', amount: 4000 }).load(t.database);
  }, 120_000);
  afterAll(async () => {
    await t?.drop();
  });

  it('puts 0.3125 of March before Monday the 9th (not the 6/22 of working days) and projects ≈ 3200', async () => {
    const r = (await runReport(t.database, reportByName('goals')!, { filters: {}, asOf: '2026-03-09' })) as unknown as GoalsReport;
    const g = r.targets[0]!;
    expect(g.actual).toBe(1000);
    expect(g.expectedShare.source).toBe('ets');
    expect(g.expectedShare.share).toBeGreaterThan(0.3025);
    expect(g.expectedShare.share).toBeLessThan(0.3225);
    expect(g.seasonalPace).toBeCloseTo(4000 * g.expectedShare.share, 9);
    expect(g.projected!.basis).toBe('ets');
    expect(g.projected!.point).toBeGreaterThan(3100);
    expect(g.projected!.point).toBeLessThan(3300);
    expect(g.projected!.lower).toBeLessThanOrEqual(g.projected!.point);
    expect(g.projected!.upper).toBeGreaterThanOrEqual(g.projected!.point);
  });
});
