import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env } from '../../../src/config/env.js';
import { kpiReport } from '../../../src/reports/kpi/kpi-module.js';
import { buildContext, runReport } from '../../../src/reports/run-report.js';
import { appHomeData } from '../../../src/services/app-home.js';
import { buildDigest } from '../../../src/services/digest.js';
import { buildFollowDigest } from '../../../src/services/follow-digest.js';
import { followMetric } from '../../../src/services/follows.js';
import type { Actor } from '../../../src/services/slack-identity.js';
import { followDigestMessage } from '../../../src/slack/blocks/follow-message.js';
import { expectedRange } from '../../../src/services/expected-range.js';
import { loadDemoData } from '../../../src/services/load-demo-data.js';
import { refreshAnalytics } from '../../../src/services/refresh.js';
import { digestMessage } from '../../../src/slack/blocks/digest-message.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';

/** The demo's planted peak month: its last day, with 26 complete months (two Novembers) before it. */
const PEAK_END = '2025-11-30';

let t: TestDatabase;
/** November's KPI with the demo's planted tender still in it (see beforeAll). */
let withTender: Awaited<ReturnType<typeof kpiAt>>;

beforeAll(async () => {
  t = await createTestDatabase();
  const loaded = await loadDemoData(t.database, { orders: 8000, seed: 15, end: PEAK_END, timeZone: 'UTC' });
  // The demo also plants an anomaly in its last complete week (PLANTED.tender): here 24–30 November. The
  // peak's tests are about the season, so the tender is taken out again, as an import would (rollups rebuilt).
  const tender = loaded.planted.tender!;
  expect(tender.day.slice(0, 7)).toBe('2025-11');
  withTender = await kpiAt(PEAK_END);
  await t.database.db.execute(sql`delete from order_items where order_id in (select id from orders where external_id = ${tender.orderId})`);
  await refreshAnalytics(t.database, { trigger: 'test', timeZone: env().SALES_TZ });
}, 300_000);
afterAll(() => t.drop());

async function kpiAt(asOf: string) {
  return runReport(t.database, kpiReport, { filters: {}, asOf });
}

describe('expected ranges on the demo data (planted November peak)', () => {
  it('the peak November is within its expected range, so it is not news', async () => {
    const kpi = await kpiAt(PEAK_END);
    const e = kpi.expectedMonth!;
    expect(e).toBeDefined();
    expect(e.month).toBe('2025-11');
    // a real peak: the month is well above the monthly average the model was not told about
    const october = await runReport(t.database, kpiReport, { filters: {}, asOf: '2025-10-31' });
    expect(kpi.runRate).toBeGreaterThan(october.runRate * 1.2);
    expect(kpi.runRate).toBeGreaterThanOrEqual(e.lower);
    expect(kpi.runRate).toBeLessThanOrEqual(e.upper);
    expect(e.position).toBe('within');
    expect(kpiReport.view(kpi).keyFigures.find((f) => f.label === 'Revenue run rate')!.value).toMatch(/, expected [\d,]+–[\d,]+ for the month$/);
    // With the planted tender, the same November is news: the range is the same, the run rate above it.
    expect(withTender.expectedMonth).toMatchObject({ lower: e.lower, upper: e.upper, position: 'above' });
    expect(withTender.runRate).toBeGreaterThan(e.upper);
  });

  it('App Home shows the month against its expected range', async () => {
    const home = await appHomeData(t.database, 'U0EXP', () => Promise.resolve({ slackUserId: 'U0EXP', role: 'admin', scope: { kind: 'all' } }));
    const runRate = home.numbers!.keyFigures.find((f) => f.label === 'Revenue run rate')!;
    expect(runRate.value).toMatch(/, expected [\d,]+–[\d,]+ for the month$/);
  });

  it('the digests show the period against its expected range', async () => {
    for (const periodDays of [1, 7, 30]) {
      const digest = await buildDigest(t.database, { filters: {}, scope: { kind: 'all' }, periodDays, asOf: PEAK_END, timeZone: 'UTC' });
      const e = digest.revenue.expected!;
      expect(e, `period ${periodDays}`).toBeDefined();
      expect(e.lower).toBeLessThanOrEqual(e.point);
      expect(e.upper).toBeGreaterThanOrEqual(e.point);
      const text = JSON.stringify(digestMessage(digest).blocks);
      expect(text).toMatch(/Revenue this period.*, expected [\d,]+–[\d,]+/);
    }
  });

  it('follow digests get a range for every metric from the history before the period', async () => {
    const ctx = await buildContext(t.database, { filters: {}, asOf: PEAK_END });
    for (const metric of ['revenue', 'orders', 'active-customers', 'avg-basket'] as const)
      for (const periodDays of [1, 7]) {
        // the demo has Sundays without an order: a day without orders has no average basket, so no daily range
        if (metric === 'avg-basket' && periodDays === 1) {
          expect(await expectedRange(t.database, { metric, periodDays, lines: ctx.lines, asOf: PEAK_END })).toBeUndefined();
          continue;
        }
        const e = await expectedRange(t.database, { metric, periodDays, lines: ctx.lines, asOf: PEAK_END });
        expect(e, `${metric} ${periodDays}`).toBeDefined();
        expect(e!.upper).toBeGreaterThan(e!.lower);
        if (metric === 'orders' || metric === 'active-customers') expect(e!.lower).toBeGreaterThanOrEqual(0);
      }
    // a data set that starts after asOf has no history: no range
    expect(await expectedRange(t.database, { metric: 'revenue', periodDays: 7, lines: ctx.lines, asOf: '2023-09-10' })).toBeUndefined();
  });

  it('the follow digest shows each metric against its expected range', async () => {
    const actor: Actor = { slackUserId: 'U0FOL', role: 'admin', scope: { kind: 'all' } };
    const req = { filters: {}, cadence: 'weekly' as const, timeZone: 'UTC', fallbackTimeZone: 'UTC' };
    const change = await followMetric(t.database, actor, { ...req, metric: 'revenue' });
    await followMetric(t.database, actor, { ...req, metric: 'orders' });
    const digest = await buildFollowDigest(t.database, { subscriptionId: change.digest.id, cadence: 'weekly', owner: actor, timeZone: 'UTC', asOf: PEAK_END });
    expect(digest.lines).toHaveLength(2);
    for (const line of digest.lines) expect(line.expected, line.metric).toBeDefined();
    const text = JSON.stringify(followDigestMessage(digest).blocks);
    expect(text.match(/expected [\d,]+–[\d,]+/g)).toHaveLength(2);
  });

  it('a quiet November is flagged below its expected range', async () => {
    // Thin November 2025 to about half its orders, then rebuild the rollups as an import would.
    await t.database.db.execute(sql`delete from order_items where order_id in (
      select order_id from order_items where ordered_at >= '2025-11-01' and ordered_at < '2025-12-01' and order_id % 2 = 0)`);
    await refreshAnalytics(t.database, { trigger: 'test', timeZone: env().SALES_TZ });
    const kpi = await kpiAt(PEAK_END);
    expect(kpi.expectedMonth!.position).toBe('below');
    expect(kpi.runRate).toBeLessThan(kpi.expectedMonth!.lower);
    expect(kpiReport.view(kpi).keyFigures.find((f) => f.label === 'Revenue run rate')!.value).toContain('below the expected range');
    const digest = await buildDigest(t.database, { filters: {}, scope: { kind: 'all' }, periodDays: 30, asOf: PEAK_END, timeZone: 'UTC' });
    // the digest carries the month's card; its own 30-day run is judged on 30-day runs (a wider band, see expected-range.ts)
    expect(JSON.stringify(digestMessage(digest).blocks)).toContain('below the expected range');
  });
});
