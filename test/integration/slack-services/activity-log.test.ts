import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/lib/errors.js';
import { logActivity } from '../../../src/services/activity-log.js';
import { activityReport } from '../../../src/reports/activity/activity-module.js';
import { runReport } from '../../../src/reports/run-report.js';
import { resolveSlackUser, type Actor } from '../../../src/services/slack-identity.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { portal } from './fixture.js';

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

/** The week of 2024-03-18 .. 03-24 (one 7-day block ending on `to`). */
const WEEK = { from: '2024-03-18', to: '2024-03-24' };
const NOW = new Date('2024-03-31T12:00:00Z');

describe('activity logging', () => {
  let t: TestDatabase;
  let sam: Actor;
  let boss: Actor;
  beforeAll(async () => {
    t = await createTestDatabase();
    // Sue's visit arrives through the import: Sam's logged one must count exactly like it.
    await portal()
      .activity({ id: 'imp1', at: '2024-03-21T09:00:00Z', salesman: 'S2', kind: 'visit', customer: 'C', notes: 'imported' })
      .load(t.database);
    sam = await resolveSlackUser(t.database, { slackUserId: 'U0SAM', adminIds: [] });
    boss = await resolveSlackUser(t.database, { slackUserId: 'U0BOSS', adminIds: ['U0BOSS'] });
  });
  afterAll(() => t.drop());

  const week = () => runReport(t.database, activityReport, { filters: WEEK, asOf: '2024-03-31', limit: 0 });

  it("stores the activity for the actor's salesman and the activity report counts it like an imported one", async () => {
    const before = await week();
    expect(before.salesmen.find((s) => s.salesmanId === 'S1')).toMatchObject({ visits: 0, activities: 0 });
    const logged = await logActivity(t.database, sam, { activityType: 'Visit', customerId: 'a', notes: '  Talked toner  ', at: '2024-03-20T10:00:00Z' }, NOW);
    expect(logged).toMatchObject({
      occurredAt: '2024-03-20T10:00:00.000Z',
      kind: 'visit',
      notes: 'Talked toner',
      outcome: null,
      source: 'slack',
      salesmanId: 'S1',
      salesmanName: 'Sam',
      customerId: 'A',
      customerName: 'Acme Supplies',
      created: true,
    });
    expect(logged.activityId).toMatch(/^slack:U0SAM:/);
    const after = await week();
    const s1 = after.salesmen.find((s) => s.salesmanId === 'S1')!;
    const s2 = after.salesmen.find((s) => s.salesmanId === 'S2')!;
    expect(s1).toMatchObject({ visits: 1, calls: 0, activities: 1, activeWeeks: 1 });
    expect({ visits: s1.visits, activities: s1.activities, activeWeeks: s1.activeWeeks }).toEqual({ visits: s2.visits, activities: s2.activities, activeWeeks: s2.activeWeeks });
    expect(after.totals.activities).toBe(before.totals.activities + 1);
    // Region filters place it by its customer, as they do imported ones.
    const north = await runReport(t.database, activityReport, { filters: { ...WEEK, region: ['North'] }, asOf: '2024-03-31', limit: 0 });
    expect(north.totals).toMatchObject({ visits: 2, activities: 2 });
    // And Sam's own scope sees it.
    const own = await runReport(t.database, activityReport, { filters: WEEK, asOf: '2024-03-31', limit: 0, scope: sam.scope });
    expect(own.totals.visits).toBe(1);
  });

  it('an activity without a customer, at "now", and a retried submission stored once', async () => {
    const first = await logActivity(t.database, sam, { activityType: 'call', notes: 'follow-up', idempotencyKey: 'view-123' }, NOW);
    const again = await logActivity(t.database, sam, { activityType: 'call', notes: 'follow-up', idempotencyKey: 'view-123' }, NOW);
    expect(first).toMatchObject({ kind: 'call', customerId: null, occurredAt: NOW.toISOString(), created: true });
    expect(again).toMatchObject({ activityId: first.activityId, created: false });
    const r = await runReport(t.database, activityReport, { filters: { from: '2024-03-25', to: '2024-03-31' }, asOf: '2024-03-31', limit: 0 });
    expect(r.salesmen.find((s) => s.salesmanId === 'S1')).toMatchObject({ calls: 1, activities: 1 });
  });

  it('refuses what an import would refuse, and what the actor may not do', async () => {
    const kind = await failure(logActivity(t.database, sam, { activityType: 'vist', customerId: 'A' }, NOW));
    expect(kind.code).toBe('USAGE');
    expect(kind.message).toBe('"vist" is not an activity type. Did you mean visit?');
    const other = await failure(logActivity(t.database, sam, { activityType: 'visit', customerId: 'C' }, NOW));
    // Another salesman's customer reads like an unknown one (issue 14).
    expect(other.code).toBe('NOT_FOUND');
    const unknown = await failure(logActivity(t.database, sam, { activityType: 'visit', customerId: 'Beta' }, NOW));
    expect(unknown.code).toBe('NOT_FOUND');
    expect(unknown.message).toBe('Customer "Beta" is not found in your data (you can see your own customers only). Did you mean Beta Books [B]?');
    const future = await failure(logActivity(t.database, sam, { activityType: 'visit', at: '2024-04-02T00:00:00Z' }, NOW));
    expect(future.code).toBe('USAGE');
    const notLinked = await failure(logActivity(t.database, boss, { activityType: 'visit', customerId: 'A' }, NOW));
    expect(notLinked.code).toBe('UNMAPPED_USER');
    expect(notLinked.hint).toContain('/sales admin link');
    // The boss is an admin: he is told to link himself, with a salesman id from his data, not to ask an admin.
    expect(notLinked.hint).not.toMatch(/ask an admin/i);
    expect(notLinked.hint).toMatch(/^You are an admin, so link yourself: `\/sales admin link @you S1`/);
    const r = await runReport(t.database, activityReport, { filters: { from: '2024-03-25', to: '2024-04-07' }, asOf: '2024-04-07', limit: 0 });
    expect(r.totals.activities).toBe(1);
  });
});
