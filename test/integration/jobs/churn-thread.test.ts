import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessRunner, type InProcessRunner } from '../../../src/jobs/in-process.js';
import type { JobName, JobPayloads } from '../../../src/jobs/queues.js';
import { ALERT_ACTION_IDS } from '../../../src/slack/blocks/churn-alert-message.js';
import type { RecordedCall } from '../../helpers/fake-slack.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import type { FixtureFiles } from '../../helpers/fixtures.js';
import { seed } from '../../helpers/seed.js';
import type { TestDatabase } from '../../helpers/services.js';
import { SlackHarness } from '../../helpers/slack-harness.js';
import { daysAgo, databaseWith, postsTo, posterFor, silentLog, subscription, jobSettings } from './jobs-setup.js';

const AT_RISK = 160;
const pad = (i: number) => String(i).padStart(3, '0');

/** 160 customers (two salesmen) who ordered weekly and stopped 40 days ago; value at risk grows with the number. */
function manyAtRisk(): FixtureFiles {
  const s = seed()
    .salesman('S1', { name: 'Ann Smith', email: 'ann@example.com', slackUser: 'U0ANN' })
    .salesman('S2', { name: 'Bob Jones', email: 'bob@example.com', slackUser: 'U0BOB' })
    .product('P1', { name: 'Printer' });
  for (let i = 1; i <= AT_RISK; i++) {
    s.customer(`C${pad(i)}`, { name: `Customer ${pad(i)}`, salesman: i % 2 ? 'S1' : 'S2' });
    for (let d = 110, k = 0; d >= 40; d -= 7, k++) s.sale({ order: `O${pad(i)}-${k}`, on: daysAgo(d), customer: `C${pad(i)}`, product: 'P1', price: 100 + i });
  }
  s.customer('CFRESH', { name: 'Fresh buyer', salesman: 'S1' });
  for (let d = 60, k = 0; d >= 0; d -= 3, k++) s.sale({ order: `F-${k}`, on: daysAgo(d), customer: 'CFRESH', product: 'P1', price: 10 });
  return s.files();
}

/**
 * The churn alert with 160 customers newly at risk, through the real processors, Postgres, the Bolt app
 * (buttons) and the fake Slack: nobody is left for a later week.
 */
describe('churn alert with 160 customers newly at risk', () => {
  let t: TestDatabase;
  let h: SlackHarness;
  let runner: InProcessRunner;
  let n = 0;
  let subId = 0;
  const run = async <N extends JobName>(name: N, payload: JobPayloads[N]) => {
    const results = await runner.run(name, payload, `t${++n}`);
    for (const r of results) if (r.error) throw r.error;
    return results;
  };
  const rows = async <T>(q: string, ...params: unknown[]): Promise<T[]> => {
    if (t.database.kind !== 'postgres') throw new Error('postgres expected');
    return (await t.database.driver.unsafe(q, params as never[])) as unknown as T[];
  };
  const blocksOf = (c: RecordedCall) => JSON.stringify(c.args.blocks);
  const customersIn = (c: RecordedCall) => [...blocksOf(c).matchAll(/\*Customer (\d{3})\*/g)].map((m) => m[1]!);
  const buttonsIn = (c: RecordedCall, actionId: string) =>
    (c.args.blocks as { type: string; elements?: { action_id: string; value: string }[] }[])
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements ?? [])
      .filter((e) => e.action_id === actionId);

  beforeAll(async () => {
    t = await databaseWith(manyAtRisk());
    h = await new SlackHarness(t.database).start();
    runner = createInProcessRunner({ database: t.database, slack: posterFor(h.slack), log: silentLog(), settings: jobSettings({ staleAfterHours: 24 * 60 }), charts: false, backoffMs: 10 });
    subId = (await subscription(t.database, { kind: 'alert', subject: 'churn', target: 'C0BIG' })).id;
  });
  afterAll(async () => {
    await h.stop();
    await t.drop();
  });

  it('one summary (count, value at risk, top 10) and the other 150 in its thread: every customer once, each with buttons', async () => {
    await run('subscription-run', { subscriptionId: subId, runKey: 'w1', trigger: 'manual' });
    const posts = postsTo(h.slack, 'C0BIG');
    const [summary, ...thread] = posts;
    expect(summary!.args.thread_ts).toBeUndefined();
    expect(thread).toHaveLength(10); // 150 / 15
    expect(thread.every((p) => p.args.thread_ts !== undefined)).toBe(true);
    const summaryTs = (await rows<{ ts: string }>(`select message_ts as ts from deliveries where idempotency_key = $1`, `sub${subId}:w1:C0BIG`))[0]!.ts;
    expect(thread.every((p) => p.args.thread_ts === summaryTs)).toBe(true);

    expect(blocksOf(summary!)).toContain('160 customers');
    expect(blocksOf(summary!)).toContain('150 more customers');
    expect(String(summary!.args.text)).toMatch(/^160 customers newly at risk/);
    // the top 10 by value at risk are in the summary
    expect(customersIn(summary!)).toEqual(['160', '159', '158', '157', '156', '155', '154', '153', '152', '151']);
    expect(blocksOf(thread[0]!)).toContain('11–25 of 160');
    expect(blocksOf(thread.at(-1)!)).toContain('146–160 of 160');

    const named = posts.flatMap(customersIn);
    expect(named).toHaveLength(AT_RISK);
    expect(new Set(named).size).toBe(AT_RISK);
    expect(posts.flatMap((p) => buttonsIn(p, ALERT_ACTION_IDS.handled))).toHaveLength(AT_RISK);
    for (const p of posts) expect(blockKitViolations(p.args)).toEqual([]);

    const stored = await rows<{ message_ts: string; thread: string }>(
      `select message_ts, details->>'threadTs' as thread from alert_state where subject_key like 'C0BIG:%'`,
    );
    expect(stored).toHaveLength(AT_RISK);
    expect(stored.every((r) => /^\d+\.\d+$/.test(r.message_ts) && r.thread === summaryTs)).toBe(true);

    // Next week: nobody is "newly at risk" again.
    await run('subscription-run', { subscriptionId: subId, runKey: 'w2', trigger: 'manual' });
    expect(postsTo(h.slack, 'C0BIG')).toHaveLength(11);
  });

  it('a click in the thread updates that message and the totals of the summary', async () => {
    const posts = postsTo(h.slack, 'C0BIG');
    const summaryTs = String(posts[1]!.args.thread_ts);
    const threadMsg = (await rows<{ ts: string }>(`select message_ts as ts from alert_state where details->>'name' = 'Customer 100'`))[0]!.ts;
    const id = (await rows<{ id: number }>(`select id from alert_state where details->>'name' = 'Customer 100'`))[0]!.id;
    const before = h.slack.callsTo('chat.update').length;
    const reply = await h.click({ action_id: ALERT_ACTION_IDS.handled, value: String(id) }, 'U0ADMIN', { message: { channel: 'C0BIG', ts: threadMsg } });
    expect(reply.status).toBe(200);
    await h.slack.waitFor(() => h.slack.callsTo('chat.update').length >= before + 2);
    const updates = h.slack.callsTo('chat.update').slice(before);
    expect(updates.map((u) => u.args.ts)).toEqual([threadMsg, summaryTs]);
    expect(blocksOf(updates[0]!)).toContain('Handled by <@U0ADMIN>');
    expect(blocksOf(updates[1]!)).toContain('1 handled');
    expect(blocksOf(updates[1]!)).toContain('150 more customers');
    for (const u of updates) expect(blockKitViolations(u.args)).toEqual([]);
  });

  it('a customer in the thread who orders again: their message and the summary are updated, and the thread says so', async () => {
    const summaryTs = String(postsTo(h.slack, 'C0BIG')[1]!.args.thread_ts);
    const threadMsg = (await rows<{ ts: string }>(`select message_ts as ts from alert_state where details->>'name' = 'Customer 042'`))[0]!.ts;
    const updates = h.slack.callsTo('chat.update').length;
    const postCount = postsTo(h.slack, 'C0BIG').length;
    await seed()
      .sale({ order: 'C042-back', on: daysAgo(0), customer: 'C042', product: 'P1', price: 100 })
      .load(t.database);
    await run('snapshot-refresh', { trigger: 'import', alreadyRefreshed: true });
    const changed = h.slack.callsTo('chat.update').slice(updates);
    expect(changed.map((u) => u.args.ts).sort()).toEqual([threadMsg, summaryTs].sort());
    expect(blocksOf(changed.find((u) => u.args.ts === threadMsg)!)).toContain('Recovered');
    expect(blocksOf(changed.find((u) => u.args.ts === summaryTs)!)).toContain('1 recovered');
    const note = postsTo(h.slack, 'C0BIG').slice(postCount);
    expect(note).toHaveLength(1);
    expect(note[0]!.args.thread_ts).toBe(summaryTs);
    expect(blocksOf(note[0]!)).toContain('1 customer ordered again');
    expect(blocksOf(note[0]!)).toContain('Customer 042');
    expect(blockKitViolations(note[0]!.args)).toEqual([]);
  });

  it('a Slack failure half-way through the thread: the retry posts only what is missing, numbered the same', async () => {
    const sub = await subscription(t.database, { kind: 'alert', subject: 'churn', target: 'C0RETRY' });
    // After the summary and three thread messages, the next post fails once (a transient Slack error).
    void h.slack.waitFor(() => postsTo(h.slack, 'C0RETRY').length >= 4, 60_000).then(() => h.slack.inject('chat.postMessage', { error: 'internal_error' }));
    const results = await runner.run('subscription-run', { subscriptionId: sub.id, runKey: 'r1', trigger: 'manual' }, 'retry-run');
    expect(results.map((r) => r.error)).toEqual([undefined]);
    const calls = postsTo(h.slack, 'C0RETRY');
    expect(calls).toHaveLength(12); // summary + 10 thread messages + the one refused attempt
    const failed = calls[4]!;
    const delivered = calls.filter((c) => c !== failed);
    const named = delivered.flatMap(customersIn);
    const atRisk = AT_RISK - 1; // Customer 042 ordered again above
    expect(named).toHaveLength(atRisk);
    expect(new Set(named).size).toBe(atRisk);
    expect(named).not.toContain('042');
    expect(delivered.slice(1).map((c) => /(\d+)–(\d+) of 159/.exec(blocksOf(c))?.[1])).toEqual(['11', '26', '41', '56', '71', '86', '101', '116', '131', '146']);
    expect(calls[5]!.args.thread_ts).toBe(calls[1]!.args.thread_ts);
  });
});
