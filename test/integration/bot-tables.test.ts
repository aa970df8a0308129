import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import {
  alertsOfThread,
  alertsOnMessage,
  attachAlertMessage,
  attachAlertThread,
  claimPendingAlerts,
  customerAlertsWithNewOrders,
  findAlert,
  markAlertsRecovered,
  openAlert,
  productAlertsWithNewSales,
  setAlertState,
} from '../../src/db/queries/alert-state.js';
import { callListEntry, closeCallListEntry, insertCallListEntry, openCallList } from '../../src/db/queries/call-list.js';
import { insertCrossSellFeedback, latestCrossSellVerdicts } from '../../src/db/queries/cross-sell-feedback.js';
import { claimDelivery, deliveriesWithPrefix, findDelivery, finishDelivery, recentFailedDeliveries } from '../../src/db/queries/deliveries.js';
import { finishJobRun, lastRunsOf, lastSystemRuns, recentFailedRuns, startJobRun } from '../../src/db/queries/job-runs.js';
import { readSnapshot, writeSnapshot } from '../../src/db/queries/report-snapshots.js';
import {
  adminSlackUserIds,
  findSlackUser,
  insertSlackUser,
  rememberSalesmanSlackUser,
  salesmanContacts,
  upsertSlackUser,
} from '../../src/db/queries/slack-users.js';
import { subscriptionsOwnedBy } from '../../src/db/queries/subscriptions-list.js';
import {
  activeAlertSubscriptions,
  deleteSubscription,
  findSubscription,
  insertSubscription,
  listSubscriptions,
  setLastResultHash,
  setSubscriptionPaused,
  type NewSubscription,
} from '../../src/db/queries/subscriptions.js';
import { rows } from '../../src/db/sql/run.js';
import { createPgliteDatabase, createTestDatabase } from '../helpers/services.js';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * The bot's own tables go through Drizzle's query builder: the same calls must give the same plain
 * rows (numbers, ISO instants, parsed JSON) on Postgres and on the embedded PGlite.
 */
describe.each(['postgres', 'pglite'] as const)('bot tables on %s', (engine) => {
  let database: Database;
  let done: () => Promise<void>;

  beforeAll(async () => {
    if (engine === 'postgres') {
      const t = await createTestDatabase();
      database = t.database;
      done = t.drop;
    } else {
      database = await createPgliteDatabase();
      done = () => database.close();
    }
    await database.db.execute(sql`
      insert into salesmen (external_id, name, email, slack_user_id, active, is_placeholder)
      values ('S1', 'Ann', 'ann@example.com', 'U0ANN', true, false), ('S2', 'Bob', null, null, true, false),
             ('S3', 'Gone', null, null, false, false)`);
    await database.db.execute(sql`insert into customers (external_id, name) values ('C1', 'Acme'), ('C2', 'Globex')`);
    await database.db.execute(sql`insert into products (external_id, name) values ('P1', 'Printer'), ('P2', 'Toner')`);
  });
  afterAll(async () => done());

  const sub = (over: Partial<NewSubscription> = {}): NewSubscription => ({
    ownerSlackUserId: 'U1',
    target: 'C0CHAN',
    kind: 'report',
    subject: 'kpi',
    filters: { region: 'North' },
    cron: '0 8 * * 1',
    timeZone: 'Europe/Berlin',
    skipWhenEmpty: false,
    onlyWhenChanged: true,
    ...over,
  });

  it('stores, lists, pauses and deletes subscriptions', async () => {
    const a = await insertSubscription(database, sub());
    const b = await insertSubscription(database, sub({ ownerSlackUserId: 'U2', kind: 'alert', subject: 'churn', filters: {} }));
    const c = await insertSubscription(database, sub({ kind: 'alert', subject: 'slow' }));
    expect(a).toEqual({
      id: expect.any(Number),
      ownerSlackUserId: 'U1',
      target: 'C0CHAN',
      kind: 'report',
      subject: 'kpi',
      filters: { region: 'North' },
      cron: '0 8 * * 1',
      timeZone: 'Europe/Berlin',
      paused: false,
      skipWhenEmpty: false,
      onlyWhenChanged: true,
      lastResultHash: null,
      createdAt: expect.stringMatching(ISO),
    });
    expect(await findSubscription(database, a.id)).toEqual(a);
    expect(await findSubscription(database, 999_999)).toBeUndefined();

    expect((await listSubscriptions(database)).map((s) => s.id)).toEqual([a.id, b.id, c.id]);
    expect((await listSubscriptions(database, { ownerSlackUserId: 'U1' })).map((s) => s.id)).toEqual([a.id, c.id]);
    expect(await activeAlertSubscriptions(database, [])).toEqual([]);
    expect((await activeAlertSubscriptions(database, ['churn', 'slow'])).map((s) => s.id)).toEqual([b.id, c.id]);

    expect((await setSubscriptionPaused(database, c.id, true))?.paused).toBe(true);
    expect(await setSubscriptionPaused(database, 999_999, true)).toBeUndefined();
    expect((await listSubscriptions(database, { ownerSlackUserId: 'U1', activeOnly: true })).map((s) => s.id)).toEqual([a.id]);
    expect((await activeAlertSubscriptions(database, ['churn', 'slow'])).map((s) => s.id)).toEqual([b.id]);

    await setLastResultHash(database, a.id, 'h1');
    expect((await findSubscription(database, a.id))?.lastResultHash).toBe('h1');

    expect(await subscriptionsOwnedBy(database, 'U1', 1)).toEqual([
      { id: c.id, kind: 'alert', subject: 'slow', target: 'C0CHAN', cron: '0 8 * * 1', timeZone: 'Europe/Berlin', paused: true },
    ]);
    expect((await subscriptionsOwnedBy(database, 'U1')).map((s) => s.id)).toEqual([c.id, a.id]);

    expect(await deleteSubscription(database, c.id)).toBe(true);
    expect(await deleteSubscription(database, c.id)).toBe(false);
  });

  it('records job runs and counts a job once, by its last attempt', async () => {
    const [s1, s2] = await Promise.all([insertSubscription(database, sub()), insertSubscription(database, sub())]);
    const first = await startJobRun(database, { jobName: 'report', jobId: 'j1', subscriptionId: s1!.id });
    await finishJobRun(database, first, { status: 'failed', error: 'boom' });
    const retry = await startJobRun(database, { jobName: 'report', jobId: 'j1', subscriptionId: s1!.id });
    await finishJobRun(database, retry, { status: 'succeeded' });
    const other = await startJobRun(database, { jobName: 'report', jobId: 'j2', subscriptionId: s2!.id });
    await finishJobRun(database, other, { status: 'failed', error: 'nope' });
    const system = await startJobRun(database, { jobName: 'refresh', jobId: null, subscriptionId: null });

    const last = await lastRunsOf(database, [s1!.id, s2!.id]);
    expect(last.map((r) => [r.id, r.status])).toEqual([
      [retry, 'succeeded'],
      [other, 'failed'],
    ]);
    expect(last[1]).toEqual({
      id: other,
      jobName: 'report',
      jobId: 'j2',
      subscriptionId: s2!.id,
      status: 'failed',
      error: 'nope',
      startedAt: expect.stringMatching(ISO),
      finishedAt: expect.stringMatching(ISO),
    });
    expect(await lastRunsOf(database, [])).toEqual([]);

    expect((await recentFailedRuns(database, { limit: 10 })).map((r) => r.id)).toEqual([other]);
    expect((await recentFailedRuns(database, { subscriptionIds: [s1!.id], limit: 10 })).map((r) => r.id)).toEqual([]);
    expect(await recentFailedRuns(database, { subscriptionIds: [], limit: 10 })).toEqual([]);

    const systemRuns = await lastSystemRuns(database);
    expect(systemRuns.map((r) => [r.id, r.jobName, r.status, r.finishedAt])).toEqual([[system, 'refresh', 'running', null]]);
  });

  it('claims a delivery once, lets a failed one be retried and keeps its message', async () => {
    const key = 'run_1:U1';
    const claimed = await claimDelivery(database, { idempotencyKey: key, subscriptionId: null, jobName: 'digest', recipient: 'U1' });
    expect(claimed).toEqual({
      idempotencyKey: key,
      subscriptionId: null,
      jobName: 'digest',
      recipient: 'U1',
      status: 'pending',
      messageTs: null,
      error: null,
      updatedAt: expect.stringMatching(ISO),
      resumed: false,
      claimedAt: expect.stringMatching(ISO),
    });
    // claimed again before it was finished: an interrupted attempt, whose message may be in Slack
    expect(await claimDelivery(database, { idempotencyKey: key, subscriptionId: null, jobName: 'digest', recipient: 'U1' })).toMatchObject({
      status: 'pending',
      resumed: true,
      claimedAt: claimed.claimedAt,
    });
    await finishDelivery(database, key, { status: 'failed', error: 'rate limited' });
    expect(await recentFailedDeliveries(database, { limit: 5 })).toMatchObject([{ idempotencyKey: key, error: 'rate limited' }]);
    expect(await recentFailedDeliveries(database, { subscriptionIds: [], limit: 5 })).toEqual([]);

    const again = await claimDelivery(database, { idempotencyKey: key, subscriptionId: null, jobName: 'digest', recipient: 'U1' });
    expect([again.status, again.error, again.resumed]).toEqual(['pending', null, true]);
    await finishDelivery(database, key, { status: 'sent', messageTs: '111.222' });
    await finishDelivery(database, key, { status: 'sent' });
    expect(await findDelivery(database, key)).toMatchObject({ status: 'sent', messageTs: '111.222', error: null });
    const sent = await claimDelivery(database, { idempotencyKey: key, subscriptionId: null, jobName: 'digest', recipient: 'U1' });
    expect([sent.status, sent.resumed]).toEqual(['sent', false]);
    expect(await findDelivery(database, 'missing')).toBeUndefined();

    await claimDelivery(database, { idempotencyKey: 'runX1:U2', subscriptionId: null, jobName: 'digest', recipient: 'U2' });
    await claimDelivery(database, { idempotencyKey: 'run_1:U3', subscriptionId: null, jobName: 'digest', recipient: 'U3' });
    // `_` in the prefix is a character, not a wildcard.
    expect((await deliveriesWithPrefix(database, 'run_1:')).map((d) => d.idempotencyKey)).toEqual([key, 'run_1:U3']);
  });

  it('opens, claims, threads and recovers alerts', async () => {
    const ids = await customerIds(database);
    const low = await openAlert(database, { alertKind: 'churn', subjectKey: 'U1:C1', customerId: ids[0]!, details: { rank: 1, lastOrderDay: '2026-01-01' } });
    const high = await openAlert(database, { alertKind: 'churn', subjectKey: 'U1:C2', customerId: ids[1]!, details: { rank: 5, lastOrderDay: '2026-01-01' } });
    expect(low).toEqual({
      id: expect.any(Number),
      alertKind: 'churn',
      subjectKey: 'U1:C1',
      customerId: ids[0],
      productId: null,
      state: 'open',
      snoozedUntil: null,
      assignedSlackUserId: null,
      channelId: null,
      messageTs: null,
      details: { rank: 1, lastOrderDay: '2026-01-01' },
      openedAt: expect.stringMatching(ISO),
      updatedAt: expect.stringMatching(ISO),
    });

    const claimed = await claimPendingAlerts(database, { alertKind: 'churn', recipient: 'U1', claim: 'pending:d1', limit: 10 });
    expect(claimed.map((a) => [a.id, a.messageTs])).toEqual([
      [high.id, 'pending:d1'],
      [low.id, 'pending:d1'],
    ]);
    // Another delivery gets nothing; a retry of the same one gets the same rows back.
    expect(await claimPendingAlerts(database, { alertKind: 'churn', recipient: 'U1', claim: 'pending:d2', limit: 10 })).toEqual([]);
    expect((await claimPendingAlerts(database, { alertKind: 'churn', recipient: 'U1', claim: 'pending:d1', limit: 1 })).map((a) => a.id)).toEqual([
      high.id,
    ]);

    await attachAlertThread(database, [low.id, high.id], 'C0CHAN', '100.1');
    await attachAlertMessage(database, [low.id, high.id], 'C0CHAN', '100.1');
    expect((await alertsOfThread(database, 'C0CHAN', '100.1')).map((a) => a.id)).toEqual([high.id, low.id]);
    expect((await alertsOnMessage(database, 'C0CHAN', '100.1')).map((a) => a.id)).toEqual([high.id, low.id]);
    expect((await findAlert(database, low.id))?.details).toEqual({ rank: 1, lastOrderDay: '2026-01-01', threadChannel: 'C0CHAN', threadTs: '100.1' });

    const snoozed = await setAlertState(database, low.id, { state: 'snoozed', snoozedUntil: new Date('2030-01-02T03:04:05.678Z'), assignedSlackUserId: 'U9' });
    expect([snoozed?.state, snoozed?.snoozedUntil, snoozed?.assignedSlackUserId]).toEqual(['snoozed', '2030-01-02T03:04:05.678Z', 'U9']);
    const handled = await setAlertState(database, low.id, { state: 'handled', details: { note: 'called' } });
    expect([handled?.snoozedUntil, handled?.assignedSlackUserId, handled?.details.note, handled?.details.rank]).toEqual([null, 'U9', 'called', 1]);
    expect(await setAlertState(database, 999_999, { state: 'open' })).toBeUndefined();

    // C1 ordered after the day its alert was raised on; C2 did not.
    await database.db.execute(sql`
      insert into customer_rollup (customer_id, first_order_at, last_order_at, orders, purchase_days, revenue)
      values (${ids[0]!}, '2025-01-01T00:00:00Z', '2026-02-01T12:00:00Z', 3, 3, 10),
             (${ids[1]!}, '2025-01-01T00:00:00Z', '2026-01-01T12:00:00Z', 3, 3, 10)`);
    expect((await customerAlertsWithNewOrders(database, ['churn'], 'UTC')).map((a) => a.id)).toEqual([low.id]);
    expect(await customerAlertsWithNewOrders(database, [], 'UTC')).toEqual([]);

    const productIds = await idsOf(database, 'products');
    const never = await openAlert(database, { alertKind: 'slow', subjectKey: 'U1:P1', productId: productIds[0]!, details: { lastSoldAt: null } });
    const old = await openAlert(database, { alertKind: 'slow', subjectKey: 'U1:P2', productId: productIds[1]!, details: { lastSoldAt: '2026-03-01' } });
    await database.db.execute(sql`
      insert into product_rollup (product_id, last_sold_at, orders, units, revenue)
      values (${productIds[0]!}, '2026-02-01T12:00:00Z', 1, 1, 1), (${productIds[1]!}, '2026-02-01T12:00:00Z', 1, 1, 1)`);
    expect((await productAlertsWithNewSales(database, ['slow'], 'UTC')).map((a) => a.id)).toEqual([never.id]);

    await markAlertsRecovered(database, [low.id, never.id]);
    expect((await findAlert(database, low.id))?.state).toBe('recovered');
    expect((await findAlert(database, old.id))?.state).toBe('open');

    // Re-opening resets the message, snooze and assignee and replaces the details.
    const reopened = await openAlert(database, { alertKind: 'churn', subjectKey: 'U1:C1', customerId: ids[0]!, details: { rank: 2 } });
    expect(reopened).toMatchObject({ id: low.id, state: 'open', details: { rank: 2 }, messageTs: null, channelId: null, assignedSlackUserId: null });
  });

  it('replaces and reads report snapshots', async () => {
    expect(await readSnapshot(database, 'rfm', 'default')).toBeUndefined();
    await writeSnapshot(database, { report: 'rfm', paramsKey: 'default', asOf: '2026-03-04', dataAsOf: null, result: { a: [1, 2] }, durationMs: 12 });
    await writeSnapshot(database, {
      report: 'rfm',
      paramsKey: 'default',
      asOf: '2026-03-05',
      dataAsOf: '2026-03-05T10:11:12.000Z',
      result: { a: [3] },
      durationMs: 7,
    });
    expect(await readSnapshot(database, 'rfm', 'default')).toEqual({
      asOf: '2026-03-05',
      dataAsOf: '2026-03-05T10:11:12.000Z',
      result: { a: [3] },
      createdAt: expect.stringMatching(ISO),
    });
  });

  it('records Slack users and links them to salesmen', async () => {
    const [s1, s2] = await idsOf(database, 'salesmen');
    expect(await findSlackUser(database, 'U1')).toBeUndefined();
    expect(await insertSlackUser(database, { slackUserId: 'U1', role: 'salesman', salesmanId: null })).toEqual({
      slackUserId: 'U1',
      teamId: null,
      role: 'salesman',
      email: null,
      salesman: null,
    });
    // A second first sighting changes nothing.
    await insertSlackUser(database, { slackUserId: 'U1', role: 'admin', salesmanId: s1!, teamId: 'T1' });
    expect((await findSlackUser(database, 'U1'))?.role).toBe('salesman');

    expect(await upsertSlackUser(database, 'U1', { role: 'admin', salesmanId: s1! })).toEqual({
      slackUserId: 'U1',
      teamId: null,
      role: 'admin',
      email: null,
      salesman: { id: s1, externalId: 'S1', name: 'Ann' },
    });
    expect(await upsertSlackUser(database, 'U1', { email: 'ann@example.com' })).toMatchObject({ role: 'admin', email: 'ann@example.com', salesman: { id: s1 } });
    expect(await upsertSlackUser(database, 'U7', { teamId: 'T1' })).toMatchObject({ teamId: 'T1', role: 'salesman', salesman: null });
    expect(await adminSlackUserIds(database)).toEqual(['U1']);

    // An admin's link is kept; the time zone is always the latest.
    await rememberSalesmanSlackUser(database, { slackUserId: 'U1', salesmanId: s2!, email: 'other@example.com', timeZone: 'Europe/Paris' });
    await rememberSalesmanSlackUser(database, { slackUserId: 'U2', salesmanId: s2!, timeZone: 'America/New_York' });
    expect((await findSlackUser(database, 'U1'))?.salesman?.id).toBe(s1);
    expect((await findSlackUser(database, 'U1'))?.email).toBe('ann@example.com');

    const contacts = await salesmanContacts(database, [s1!, s2!, 999_999]);
    expect(contacts).toEqual([
      {
        salesmanId: s1,
        externalId: 'S1',
        name: 'Ann',
        email: 'ann@example.com',
        linkedSlackUserId: 'U1',
        linkedTimeZone: 'Europe/Paris',
        linkedCheckedAt: expect.stringMatching(ISO),
        importedSlackUserId: 'U0ANN',
      },
      {
        salesmanId: s2,
        externalId: 'S2',
        name: 'Bob',
        email: null,
        linkedSlackUserId: 'U2',
        linkedTimeZone: 'America/New_York',
        linkedCheckedAt: expect.stringMatching(ISO),
        importedSlackUserId: null,
      },
    ]);
    expect(await salesmanContacts(database, [])).toEqual([]);
  });

  it('keeps the latest cross-sell verdict per customer and product', async () => {
    const [c1] = await customerIds(database);
    const [p1, p2] = await idsOf(database, 'products');
    await insertCrossSellFeedback(database, { salesmanId: null, customerId: c1!, productId: p1!, verdict: 'not_relevant', slackUserId: 'U1' });
    await insertCrossSellFeedback(database, { salesmanId: null, customerId: c1!, productId: p1!, verdict: 'call_list', slackUserId: 'U1' });
    await insertCrossSellFeedback(database, { salesmanId: null, customerId: c1!, productId: p2!, verdict: 'not_relevant', slackUserId: 'U1' });
    expect(await latestCrossSellVerdicts(database, [c1!])).toEqual(
      new Map([
        [`${c1}:${p1}`, 'call_list'],
        [`${c1}:${p2}`, 'not_relevant'],
      ]),
    );
    expect(await latestCrossSellVerdicts(database, [])).toEqual(new Map());
  });
  it('keeps one open call-list entry per customer and product, and closes it once', async () => {
    const [c1, c2] = await customerIds(database);
    const [p1] = await idsOf(database, 'products');
    const [s1] = await idsOf(database, 'salesmen');
    await database.db.execute(sql`update customers set salesman_id = ${s1!} where id = ${c1!}`);
    const first = await insertCallListEntry(database, { customerId: c1!, productId: p1!, reason: 'bought paper', addedBy: 'U1' });
    expect(first.created).toBe(true);
    expect(await insertCallListEntry(database, { customerId: c1!, productId: p1!, reason: 'again', addedBy: 'U2' })).toEqual({ id: first.id, created: false });
    const noProduct = await insertCallListEntry(database, { customerId: c2!, productId: null, reason: 'catch up', addedBy: 'U1' });
    expect(noProduct.created).toBe(true);

    expect(await callListEntry(database, first.id)).toEqual({
      id: first.id,
      customerId: c1,
      customerExternalId: 'C1',
      customerName: 'Acme',
      productExternalId: 'P1',
      productName: 'Printer',
      reason: 'bought paper',
      addedBy: 'U1',
      addedAt: expect.stringMatching(ISO),
      status: 'open',
      ownerSalesmanId: s1,
      ownerName: 'Ann',
    });
    expect(await callListEntry(database, 999_999)).toBeUndefined();

    const all = await openCallList(database, { limit: 1, offset: 0 });
    expect([all.total, all.rows.map((r) => r.id)]).toEqual([2, [first.id]]);
    const second = await openCallList(database, { limit: 1, offset: 1 });
    expect(second.rows).toMatchObject([{ id: noProduct.id, productExternalId: null, productName: null, ownerSalesmanId: null, ownerName: null }]);
    expect((await openCallList(database, { ownerSalesmanId: s1!, limit: 10, offset: 0 })).total).toBe(1);

    expect(await closeCallListEntry(database, first.id, 'done', 'U1')).toBe(true);
    expect(await closeCallListEntry(database, first.id, 'removed', 'U2')).toBe(false);
    expect((await callListEntry(database, first.id))?.status).toBe('done');
    expect((await insertCallListEntry(database, { customerId: c1!, productId: p1!, reason: 'new', addedBy: 'U1' })).created).toBe(true);
  });
});

async function idsOf(database: Database, table: 'customers' | 'products' | 'salesmen'): Promise<number[]> {
  const r = await rows<{ id: number }>(database, sql`select id from ${sql.identifier(table)} order by id`);
  return r.map((x) => Number(x.id));
}

const customerIds = (database: Database) => idsOf(database, 'customers');
