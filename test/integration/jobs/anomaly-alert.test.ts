import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addDays } from 'date-fns/addDays';
import { findAlert } from '../../../src/db/queries/alert-state.js';
import { createInProcessRunner, type InProcessRunner } from '../../../src/jobs/in-process.js';
import { ALERT_ACTION_IDS } from '../../../src/slack/blocks/churn-alert-message.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import { seed } from '../../helpers/seed.js';
import type { TestDatabase } from '../../helpers/services.js';
import { SlackHarness } from '../../helpers/slack-harness.js';
import { daysAgo, databaseWith, postsTo, posterFor, silentLog, subscription, jobSettings } from './jobs-setup.js';

/**
 * 160 days of Mon–Fri orders from four customers in two regions with a wobble; on the last working day
 * before today the South's big customer (Delta) orders nothing: one anomaly alert, naming the drivers.
 */
function salesWithDrop(today = new Date()) {
  const s = seed()
    .salesman('S1', { name: 'Ann Smith', email: 'ann@example.com', slackUser: 'U0ANN', region: 'North' })
    .salesman('S2', { name: 'Bob Jones', email: 'bob@example.com', slackUser: 'U0BOB', region: 'South' })
    .customer('C1', { name: 'Acme GmbH', region: 'North', salesman: 'S1' })
    .customer('C2', { name: 'Beta Inc', region: 'North', salesman: 'S1' })
    .customer('C3', { name: 'Gamma Ltd', region: 'South', salesman: 'S2' })
    .customer('C4', { name: 'Delta SA', region: 'South', salesman: 'S2' })
    .product('P1', { name: 'Printer', category: 'Hardware', price: 100, cost: 60, stock: 10, active: true })
    .product('P2', { name: 'Toner', category: 'Supplies', price: 20, cost: 8, stock: 100, active: true });
  let lastWorkday = -1;
  for (let d = 1; lastWorkday < 0; d++) if ([1, 2, 3, 4, 5].includes(new Date(today.getTime() - d * 86_400_000).getUTCDay())) lastWorkday = d;
  let x = 7;
  const wobble = () => ((x = (x * 48271) % 2147483647), 0.85 + 0.3 * (x / 2147483647));
  for (let d = 160; d >= lastWorkday; d--) {
    const dow = new Date(today.getTime() - d * 86_400_000).getUTCDay();
    if (dow === 0 || dow === 6) continue;
    for (const [c, product, qty] of [['C1', 'P1', 3], ['C2', 'P2', 10], ['C3', 'P2', 10], ['C4', 'P1', 8]] as const) {
      if (c === 'C4' && d === lastWorkday) continue;
      s.sale({ order: `${c}-${d}`, on: daysAgo(d, today), customer: c, product, qty: Math.max(1, Math.round(qty * wobble())), price: product === 'P1' ? 100 : 20 });
    }
  }
  return s.files();
}

describe('anomaly alert', () => {
  let t: TestDatabase;
  let h: SlackHarness;
  let clock = new Date();
  let runner: InProcessRunner;
  let n = 0;
  const runSub = async (subscriptionId: number) => {
    const results = await runner.run('subscription-run', { subscriptionId, runKey: `run${++n}`, trigger: 'manual' }, `t${++n}`);
    for (const r of results) if (r.error) throw r.error;
  };
  const rows = async <T>(q: string, ...params: unknown[]): Promise<T[]> => {
    if (t.database.kind !== 'postgres') throw new Error('postgres expected');
    return (await t.database.driver.unsafe(q, params as never[])) as unknown as T[];
  };

  beforeAll(async () => {
    t = await databaseWith(salesWithDrop());
    h = await new SlackHarness(t.database).start();
    runner = createInProcessRunner({ database: t.database, slack: posterFor(h.slack), log: silentLog(), settings: jobSettings({ staleAfterHours: 24 * 60 }), charts: false, now: () => clock, backoffMs: 10 });
  });
  afterAll(async () => {
    await h.stop();
    await t.drop();
  });

  it('announces the drop once, largest deviations first, with drivers; a re-run does not re-alert; snooze holds', async () => {
    const sub = await subscription(t.database, { kind: 'alert', subject: 'anomalies', target: 'C0ANOM', cron: '0 7 * * *' });
    await runSub(sub.id);
    const posts = postsTo(h.slack, 'C0ANOM');
    const summaries = posts.filter((p) => !p.args.thread_ts);
    expect(summaries).toHaveLength(1);
    const text = JSON.stringify(summaries[0]!.args.blocks);
    expect(text).toContain('outside the expected range');
    expect(text).toContain('Drivers vs expected');
    expect(text).toContain('Delta SA'); // the customer who did not order drives the drop
    expect(text).not.toContain('chart_with_upwards_trend'); // nothing planted above expected
    expect(blockKitViolations(summaries[0]!.args)).toEqual([]);
    const alerts = await rows<{ id: number; subject_key: string; message_ts: string; details: { metric: string; dimension: string; direction: string } }>(
      `select id, subject_key, message_ts, details from alert_state where alert_kind = 'anomalies' order by id`,
    );
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((a) => a.details.direction === 'below')).toBe(true);
    expect(alerts.some((a) => a.details.metric === 'revenue' && a.details.dimension === 'all')).toBe(true);
    expect(alerts.some((a) => a.details.dimension === 'region' && a.subject_key.includes('North'))).toBe(false);

    // Same data, next run: nothing new.
    await runSub(sub.id);
    expect(postsTo(h.slack, 'C0ANOM')).toHaveLength(posts.length);

    // Snooze one: stays quiet while the snooze runs, comes back once it has ended.
    const id = alerts[0]!.id;
    const reply = await h.click({ action_id: ALERT_ACTION_IDS.snooze, value: String(id) }, 'U0ADMIN', { message: { channel: 'C0ANOM', ts: alerts[0]!.message_ts } });
    expect(reply.status).toBe(200);
    // The button is acknowledged first and applied after: wait for the outcome, not a moment.
    await vi.waitFor(async () => expect((await findAlert(t.database, id))!.state).toBe('snoozed'), { timeout: 15_000, interval: 100 });
    clock = addDays(new Date(), 3);
    await runSub(sub.id);
    expect(postsTo(h.slack, 'C0ANOM')).toHaveLength(posts.length);
    clock = addDays(new Date(), 8);
    await runSub(sub.id);
    const after = postsTo(h.slack, 'C0ANOM').slice(posts.length);
    expect(after.filter((p) => !p.args.thread_ts)).toHaveLength(1);
    expect(JSON.stringify(after[0]!.args.blocks)).toContain(`alert-${id}"`);
  });
});
