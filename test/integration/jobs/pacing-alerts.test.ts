import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/client.js';
import { upsertTarget } from '../../../src/db/queries/goals.js';
import { salesmanByExternalId } from '../../../src/db/queries/slack-users.js';
import { createInProcessRunner, type InProcessRunner } from '../../../src/jobs/in-process.js';
import type { RecordedCall } from '../../helpers/fake-slack.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import type { TestDatabase } from '../../helpers/services.js';
import { SlackHarness } from '../../helpers/slack-harness.js';
import { ALERT_ACTION_IDS } from '../../../src/slack/blocks/churn-alert-message.js';
import { databaseWith, FRESH_SALES_OWNERS, freshSales, jobSettings, postsTo, posterFor, silentLog, subscription } from './jobs-setup.js';

/**
 * Pacing alerts through the real processors (in-process runner), Postgres and the fake Slack, on
 * `pacingSales` (jobs-setup's freshSales with each line sold by the customer's salesman, as a
 * salesman's target counts his own lines) with its last day on Monday 2026-03-23 (UTC, Mon–Fri working days).
 * March 2026 has 22 working days; through the 23rd 16 have passed, 6 are left (6/22 < 1/3).
 * - Bob (S2): C4 buys 15 every 3 days → March 2, 5, 8, 11, 14, 17, 20, 23 = 120; C2 (weekly printer,
 *   last order 30 days ago) is overdue. No March 2025 and an intermittent daily series (23 selling
 *   days of the 56 before March) → run-rate projection 120 + 6 × 120/16 = 165; target 5000 → 4835 short.
 *   Cross-sell for his customer Beta Inc (C2): Toner (the customers who buy printers buy toner).
 * - Ann (S1): C3 on March 3, 7, 11, 15, 19, 23 = 10 + 120 + 10 + 120 + 10 + 120 = 390 → projected
 *   390 + 6 × 390/16 = 536.25 ≥ target 400: on track, no alert.
 * With the data ending Tuesday 2026-03-10 instead (7 passed, 15 left: more than a third), nobody is alerted.
 */
const pacingSales = (today: Date) => freshSales(today, { owners: FRESH_SALES_OWNERS });

const LONG_AGO_OK = jobSettings({ staleAfterHours: 24 * 800 });

async function targets(database: Database): Promise<void> {
  for (const [salesman, amount] of [
    ['S1', '400'],
    ['S2', '5000'],
  ] as const) {
    const s = await salesmanByExternalId(database, salesman);
    await upsertTarget(database, { period: '2026-03', metric: 'revenue', scopeKind: 'salesman', scopeValue: salesman, salesmanId: s!.id, amount, setBy: 'U0ADMIN' });
  }
}

describe('pacing alerts: a target behind with less than a third of the period left', () => {
  let t: TestDatabase;
  let early: TestDatabase;
  let h: SlackHarness;
  let runner: InProcessRunner;
  let n = 0;
  const blocksOf = (c: RecordedCall) => JSON.stringify(c.args.blocks);
  const pacingPosts = (user: string) => postsTo(h.slack, user).filter((c) => blocksOf(c).includes('falling behind'));
  const runSub = async (r: InProcessRunner, subscriptionId: number) => {
    for (const x of await r.run('subscription-run', { subscriptionId, runKey: `run${++n}`, trigger: 'manual' }, `p${n}`)) if (x.error) throw x.error;
  };

  beforeAll(async () => {
    t = await databaseWith(pacingSales(new Date('2026-03-23T12:00:00Z')));
    await targets(t.database);
    h = await new SlackHarness(t.database).start();
    h.slack.users.set('U0ANN', { id: 'U0ANN', tz: 'UTC', email: 'ann@example.com' });
    h.slack.users.set('U0BOB', { id: 'U0BOB', tz: 'UTC', email: 'bob@example.com' });
    runner = createInProcessRunner({ database: t.database, slack: posterFor(h.slack), log: silentLog(), settings: LONG_AGO_OK, charts: false, now: () => new Date(), backoffMs: 10 });
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await t?.drop();
    await early?.drop();
  });

  it('DMs the salesman behind once: gap, working days left, overdue customers, cross-sell ideas; the one on track gets nothing', async () => {
    const sub = await subscription(t.database, { kind: 'alert', subject: 'pacing', target: 'salesmen' });
    await runSub(runner, sub.id);
    const bob = pacingPosts('U0BOB');
    expect(bob).toHaveLength(1);
    expect(pacingPosts('U0ANN')).toHaveLength(0);
    const text = blocksOf(bob[0]!);
    expect(text).toContain('4,835');
    expect(text).toMatch(/6 working days left/);
    expect(text).toContain('165');
    expect(text).toContain('Usual orders overdue');
    expect(text).toContain('Beta Inc');
    expect(text).toContain('Cross-sell ideas');
    expect(text).toContain('Toner');
    expect(text).toContain('Snooze 7 days');
    expect(blockKitViolations(bob[0]!.args)).toEqual([]);
    if (t.database.kind !== 'postgres') throw new Error('postgres expected');
    const [row] = (await t.database.driver.unsafe(`select details from alert_state where alert_kind = 'pacing'`)) as unknown as { details: Record<string, number> }[];
    expect(row!.details.gap).toBeCloseTo(4835, 9);
    expect(row!.details.projected).toBeCloseTo(165, 9);
    expect([row!.details.workingDaysLeft, row!.details.workingDaysTotal]).toEqual([6, 22]);

    // The next run finds the same target still behind: no second alert.
    await runSub(runner, sub.id);
    expect(pacingPosts('U0BOB')).toHaveLength(1);
    expect(pacingPosts('U0ANN')).toHaveLength(0);
  });

  it('Mark handled: only the salesman it was sent to may close it; the message then says who did', async () => {
    if (t.database.kind !== 'postgres') throw new Error('postgres expected');
    const [a] = (await t.database.driver.unsafe(`select id, channel_id, message_ts from alert_state where alert_kind = 'pacing' and subject_key like 'U0BOB:%'`)) as unknown as { id: number; channel_id: string; message_ts: string }[];
    const where = { message: { channel: a!.channel_id, ts: a!.message_ts } };
    const forged = await h.click({ action_id: ALERT_ACTION_IDS.handled, value: String(a!.id) }, 'U0ANN', where);
    expect(JSON.stringify((await h.responsesTo(forged.responseUrl!))[0])).toContain('sent to someone else');
    const updates = h.slack.callsTo('chat.update').length;
    const r = await h.click({ action_id: ALERT_ACTION_IDS.handled, value: String(a!.id) }, 'U0BOB', where);
    expect(r.status).toBe(200);
    await h.slack.waitFor(() => h.slack.callsTo('chat.update').length > updates);
    const updated = h.slack.callsTo('chat.update').at(-1)!;
    expect(blocksOf(updated)).toContain('Handled by <@U0BOB>');
    expect(blocksOf(updated)).not.toContain('Mark handled');
    const [state] = (await t.database.driver.unsafe(`select state from alert_state where id = $1`, [a!.id])) as unknown as { state: string }[];
    expect(state!.state).toBe('handled');
  });

  it('a region target behind goes to the manager who subscribed (me), with the region’s overdue customers only', async () => {
    await upsertTarget(t.database, { period: '2026-03', metric: 'revenue', scopeKind: 'region', scopeValue: 'South', salesmanId: null, amount: '5000', setBy: 'U0ADMIN' });
    const sub = await subscription(t.database, { kind: 'alert', subject: 'pacing', target: 'U0ADMIN' });
    await runSub(runner, sub.id);
    const mine = pacingPosts('U0ADMIN');
    expect(mine).toHaveLength(1);
    const text = blocksOf(mine[0]!);
    // South = Bob's customers C2 and C4: the same 120 so far and 165 projected, 4835 short.
    expect(text).toContain('Region South');
    expect(text).toContain('Beta Inc');
    expect(text).not.toContain('Acme GmbH'); // overdue, but in the North
    expect(blockKitViolations(mine[0]!.args)).toEqual([]);
    await runSub(runner, sub.id);
    expect(pacingPosts('U0ADMIN')).toHaveLength(1);
  });

  it('says nothing while more than a third of the period is left (data ending Tue 2026-03-10)', async () => {
    early = await databaseWith(pacingSales(new Date('2026-03-10T12:00:00Z')));
    await targets(early.database);
    const r = createInProcessRunner({ database: early.database, slack: posterFor(h.slack), log: silentLog(), settings: LONG_AGO_OK, charts: false, now: () => new Date(), backoffMs: 10 });
    const before = h.slack.callsTo('chat.postMessage').length;
    const sub = await subscription(early.database, { kind: 'alert', subject: 'pacing', target: 'salesmen' });
    await runSub(r, sub.id);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(before);
    if (early.database.kind !== 'postgres') throw new Error('postgres expected');
    expect(await early.database.driver.unsafe(`select 1 from alert_state where alert_kind = 'pacing'`)).toHaveLength(0);
  }, 120_000);
});
