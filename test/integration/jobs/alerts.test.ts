import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from 'date-fns/addDays';
import { findAlert } from '../../../src/db/queries/alert-state.js';
import { createInProcessRunner, type InProcessRunner } from '../../../src/jobs/in-process.js';
import { readableTime } from '../../../src/lib/readable-time.js';
import type { JobName, JobPayloads } from '../../../src/jobs/queues.js';
import { ALERT_ACTION_IDS } from '../../../src/slack/blocks/churn-alert-message.js';
import { CROSSSELL_ACTION_IDS } from '../../../src/slack/blocks/crosssell-dm-message.js';
import type { RecordedCall } from '../../helpers/fake-slack.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import { seed } from '../../helpers/seed.js';
import type { TestDatabase } from '../../helpers/services.js';
import { SlackHarness } from '../../helpers/slack-harness.js';
import { daysAgo, databaseWith, freshSales, postsTo, posterFor, silentLog, subscription, jobSettings } from './jobs-setup.js';

/**
 * Alerts through the real processors (in-process runner), a real Postgres, the real Bolt app for the
 * buttons, and the fake Slack for both.
 */
describe('churn, at-risk, slow-mover and cross-sell alerts', () => {
  let t: TestDatabase;
  let h: SlackHarness;
  let clock = new Date();
  let runner: InProcessRunner;
  let n = 0;

  const run = async <N extends JobName>(name: N, payload: JobPayloads[N]) => {
    const results = await runner.run(name, payload, `t${++n}`);
    for (const r of results) if (r.error) throw r.error;
    return results;
  };
  const runSub = (subscriptionId: number) => run('subscription-run', { subscriptionId, runKey: `run${++n}`, trigger: 'manual' });
  const rows = async <T>(q: string, ...params: unknown[]): Promise<T[]> => {
    if (t.database.kind !== 'postgres') throw new Error('postgres expected');
    return (await t.database.driver.unsafe(q, params as never[])) as unknown as T[];
  };
  const blocksOf = (c: RecordedCall) => JSON.stringify(c.args.blocks);
  const alertIdFor = async (name: string, channel: string) =>
    (await rows<{ id: number }>(`select id from alert_state where details->>'name' = $1 and subject_key like $2 order by id desc limit 1`, name, `${channel}:%`))[0]!.id;

  /** Clicks a button of a message the bot posted, as Slack sends it; returns the response_url. */
  async function click(actionId: string, value: string, user: string, where: { channel: string; ts: string }) {
    const reply = await h.click({ action_id: actionId, value }, user, { message: where });
    expect(reply.status).toBe(200);
    return reply.responseUrl!;
  }

  beforeAll(async () => {
    t = await databaseWith(freshSales());
    h = await new SlackHarness(t.database).start();
    // Ann and Bob are members of the workspace (fan-outs look each salesman up at run time).
    h.slack.users.set('U0ANN', { id: 'U0ANN', tz: 'America/New_York', email: 'ann@example.com' });
    h.slack.users.set('U0BOB', { id: 'U0BOB', tz: 'UTC', email: 'bob@example.com' });
    // The app registers the alert and cross-sell buttons itself (src/slack/listeners/index.ts).
    runner = createInProcessRunner({ database: t.database, slack: posterFor(h.slack), log: silentLog(), settings: jobSettings({ staleAfterHours: 24 * 60 }), charts: false, now: () => clock, backoffMs: 10 });
  });
  afterAll(async () => {
    await h.stop();
    await t.drop();
  });

  it('announces customers newly at risk once, with owner, rhythm, value and buttons', async () => {
    const sub = await subscription(t.database, { kind: 'alert', subject: 'churn', target: 'C0ALERT' });
    await runSub(sub.id);
    const posts = postsTo(h.slack, 'C0ALERT');
    expect(posts).toHaveLength(1);
    const text = blocksOf(posts[0]!);
    expect(text).toContain('Acme GmbH');
    expect(text).toContain('owner Ann Smith');
    expect(text).toContain('ordered every ~7 days, last order 43 days ago');
    expect(text).toContain('Beta Inc');
    expect(text).not.toContain('Gamma Ltd'); // orders every 4 days, up to today
    expect(blockKitViolations(posts[0]!.args)).toEqual([]);
    // A second run finds nothing new: open alerts are not sent again.
    await runSub(sub.id);
    expect(postsTo(h.slack, 'C0ALERT')).toHaveLength(1);
    const open = await rows<{ state: string; channel_id: string; message_ts: string }>(`select state, channel_id, message_ts from alert_state where subject_key like 'C0ALERT:%'`);
    expect(open).toHaveLength(2);
    expect(open.every((r) => r.state === 'open' && r.channel_id === 'C0ALERT' && /^\d+\.\d+$/.test(r.message_ts))).toBe(true);
  });

  it('a snoozed alert is not resent until the snooze ends; a handled one is not resent at all', async () => {
    const sub = (await rows<{ id: number }>(`select id from subscriptions where target = 'C0ALERT'`))[0]!;
    const [first] = postsTo(h.slack, 'C0ALERT');
    const ts = (await rows<{ message_ts: string }>(`select message_ts from alert_state where subject_key like 'C0ALERT:%' limit 1`))[0]!.message_ts;
    const acme = await alertIdFor('Acme GmbH', 'C0ALERT');
    const beta = await alertIdFor('Beta Inc', 'C0ALERT');
    await click(ALERT_ACTION_IDS.snooze, String(acme), 'U0ADMIN', { channel: 'C0ALERT', ts });
    await h.slack.waitFor(() => h.slack.callsTo('chat.update').length >= 1);
    await click(ALERT_ACTION_IDS.handled, String(beta), 'U0ADMIN', { channel: 'C0ALERT', ts });
    await h.slack.waitFor(() => h.slack.callsTo('chat.update').length >= 2);
    const update = h.slack.callsTo('chat.update').at(-1)!;
    expect(update.args).toMatchObject({ channel: 'C0ALERT', ts });
    expect(blocksOf(update)).toContain(':zzz: Snoozed until');
    expect(blocksOf(update)).toContain('Handled by <@U0ADMIN>');
    expect(blockKitViolations(update.args)).toEqual([]);
    expect((await findAlert(t.database, acme))!.state).toBe('snoozed');
    expect(first).toBeDefined();

    clock = addDays(new Date(), 6); // snooze still running
    await runSub(sub.id);
    expect(postsTo(h.slack, 'C0ALERT')).toHaveLength(1);

    clock = addDays(new Date(), 8); // snooze over, still at risk → announced again; Beta is handled → not
    await runSub(sub.id);
    const posts = postsTo(h.slack, 'C0ALERT');
    expect(posts).toHaveLength(2);
    expect(blocksOf(posts[1]!)).toContain('Acme GmbH');
    expect(blocksOf(posts[1]!)).not.toContain('Beta Inc');
    clock = new Date();
  });

  it('refuses a forged button: an alert id from another message, or a customer the clicker may not see', async () => {
    const acme = await alertIdFor('Acme GmbH', 'C0ALERT');
    const updates = h.slack.callsTo('chat.update').length;
    const wrongMessage = await click(ALERT_ACTION_IDS.handled, String(acme), 'U0ADMIN', { channel: 'C0ALERT', ts: '1.000001' });
    expect(JSON.stringify((await h.responsesTo(wrongMessage))[0])).toContain('no longer there');
    // Bob (salesman S2) may not act on Ann's customer, even with the right message.
    const row = (await findAlert(t.database, acme))!;
    const otherSalesman = await click(ALERT_ACTION_IDS.handled, String(acme), 'U0BOB', { channel: 'C0ALERT', ts: row.messageTs! });
    expect(JSON.stringify((await h.responsesTo(otherSalesman))[0])).toContain('belongs to another salesman');
    expect((await findAlert(t.database, acme))!.state).toBe('open');
    expect(h.slack.callsTo('chat.update')).toHaveLength(updates);
  });

  it('a customer who orders again is marked recovered and the original message is updated', async () => {
    const acme = await findAlert(t.database, await alertIdFor('Acme GmbH', 'C0ALERT'));
    const updates = h.slack.callsTo('chat.update').length;
    await seed()
      .sale({ order: 'C1-back', on: daysAgo(0), customer: 'C1', product: 'P1', price: 100 })
      .load(t.database);
    await run('snapshot-refresh', { trigger: 'import', alreadyRefreshed: true });
    expect((await findAlert(t.database, acme!.id))!.state).toBe('recovered');
    const update = h.slack.callsTo('chat.update').slice(updates);
    expect(update).toHaveLength(1);
    expect(update[0]!.args).toMatchObject({ channel: 'C0ALERT', ts: acme!.messageTs });
    expect(blocksOf(update[0]!)).toContain('Recovered');
    expect(blockKitViolations(update[0]!.args)).toEqual([]);
  });

  it('at-risk DMs: each salesman gets their own customers, once', async () => {
    const sub = await subscription(t.database, { kind: 'alert', subject: 'at-risk', target: 'salesmen' });
    const results = await runSub(sub.id);
    expect(results.map((r) => r.name)).toEqual(['subscription-run', 'at-risk-dm', 'fanout-report']); // Acme recovered: only Bob has a case; the report finds no refused DM
    const bob = postsTo(h.slack, 'U0BOB');
    expect(bob).toHaveLength(1);
    expect(blocksOf(bob[0]!)).toContain('Beta Inc');
    expect(blocksOf(bob[0]!)).not.toContain('Acme');
    expect(blocksOf(bob[0]!)).not.toContain(ALERT_ACTION_IDS.assign);
    expect(postsTo(h.slack, 'U0ANN')).toHaveLength(0);
    await runSub(sub.id);
    expect(postsTo(h.slack, 'U0BOB')).toHaveLength(1);
  });

  it('slow movers go to the stock channel with the stock value, once', async () => {
    const sub = await subscription(t.database, { kind: 'alert', subject: 'slow', target: 'C0STOCK' });
    await runSub(sub.id);
    await runSub(sub.id);
    const posts = postsTo(h.slack, 'C0STOCK');
    expect(posts).toHaveLength(1);
    expect(blocksOf(posts[0]!)).toContain('*Old stock* [P4] · never sold · stock 50 · *500*');
    expect(blocksOf(posts[0]!)).toContain('No sale in 90+ days');
    expect(blockKitViolations(posts[0]!.args)).toEqual([]);
  });

  it('a refresh queues the at-risk and slow-mover runs at once: only the new case goes out', async () => {
    const before = postsTo(h.slack, 'C0STOCK').length;
    await seed()
      .product('P5', { name: 'Dusty widget', category: 'Hardware', price: 12, cost: 4, stock: 30, active: true })
      .load(t.database);
    const results = await run('snapshot-refresh', { trigger: 'import', alreadyRefreshed: true });
    expect(results.map((r) => r.name)).toEqual(['snapshot-refresh', 'subscription-run', 'subscription-run']); // at-risk and slow
    const posts = postsTo(h.slack, 'C0STOCK');
    expect(posts).toHaveLength(before + 1);
    expect(blocksOf(posts.at(-1)!)).toContain('Dusty widget');
    expect(blocksOf(posts.at(-1)!)).not.toContain('Old stock');
    expect(postsTo(h.slack, 'U0BOB').filter((c) => blocksOf(c).includes('at risk'))).toHaveLength(1); // nothing new for Bob
  });

  it('cross-sell DMs carry each salesman’s suggestions; answers are recorded and "not relevant" is not suggested again', async () => {
    const sub = await subscription(t.database, { kind: 'alert', subject: 'crosssell', target: 'salesmen' });
    await runSub(sub.id);
    const dm = postsTo(h.slack, 'U0BOB').filter((c) => blocksOf(c).includes('Cross-sell'));
    expect(dm).toHaveLength(1);
    expect(blocksOf(dm[0]!)).toContain('*Beta Inc* → *Toner*');
    expect(blocksOf(dm[0]!)).toContain('they bought Printer');
    expect(postsTo(h.slack, 'U0ANN')).toHaveLength(0); // Ann's customers already buy both
    expect(blockKitViolations(dm[0]!.args)).toEqual([]);

    const row = (await rows<{ id: number; channel_id: string; message_ts: string }>(`select id, channel_id, message_ts from alert_state where alert_kind = 'crosssell'`))[0]!;
    expect(row.channel_id).toBe('D0BOB');
    // Ann cannot answer for Bob's customer.
    const forged = await click(CROSSSELL_ACTION_IDS.notRelevant, String(row.id), 'U0ANN', { channel: row.channel_id, ts: row.message_ts });
    expect(JSON.stringify((await h.responsesTo(forged))[0])).toContain('belongs to another salesman');
    const updates = h.slack.callsTo('chat.update').length;
    await click(CROSSSELL_ACTION_IDS.notRelevant, String(row.id), 'U0BOB', { channel: row.channel_id, ts: row.message_ts });
    await h.slack.waitFor(() => h.slack.callsTo('chat.update').length > updates);
    expect(blocksOf(h.slack.callsTo('chat.update').at(-1)!)).toContain('Not relevant (<@U0BOB>)');
    const feedback = await rows<{ verdict: string; slack_user_id: string }>(`select verdict, slack_user_id from cross_sell_feedback`);
    expect(feedback).toEqual([{ verdict: 'not_relevant', slack_user_id: 'U0BOB' }]);

    // Next week: the rejected suggestion is not made again, so Bob gets nothing.
    const before = postsTo(h.slack, 'U0BOB').length;
    await runSub(sub.id);
    expect(postsTo(h.slack, 'U0BOB')).toHaveLength(before);
  });

  it('the freshness gate sends "not updated since" instead of a report built on stale data', async () => {
    const digest = await subscription(t.database, { kind: 'digest', subject: null, target: 'C0DIGEST', cron: '0 8 * * 1' });
    const fanout = (await rows<{ id: number }>(`select id from subscriptions where subject = 'crosssell'`))[0]!;
    const stale = createInProcessRunner({ database: t.database, slack: posterFor(h.slack), log: silentLog(), settings: jobSettings({ staleAfterHours: 72 }), charts: false, now: () => addDays(new Date(), 10) });
    const [out] = await stale.run('subscription-run', { subscriptionId: digest.id, runKey: 'stale1', trigger: 'manual' }, 'stale-1');
    expect(out!.outcome).toMatchObject({ status: 'stale', messages: 1 });
    const posts = postsTo(h.slack, 'C0DIGEST');
    expect(posts).toHaveLength(1);
    // the day as people write it, in the business time zone (was the ISO day)
    expect(String(posts[0]!.args.text)).toContain(`No digest this time: the sales data has not been updated since ${readableTime(`${daysAgo(0)}T12:00:00Z`, 'UTC', { time: false })}.`);
    expect(blockKitViolations(posts[0]!.args)).toEqual([]);
    // A fan-out to every salesman is skipped quietly.
    const dms = h.slack.callsTo('chat.postMessage').length;
    const [skipped] = await stale.run('subscription-run', { subscriptionId: fanout.id, runKey: 'stale2', trigger: 'manual' }, 'stale-2');
    expect(skipped!.outcome!.status).toBe('stale');
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(dms);
  });

  it('the digest: KPI cards, revenue vs the previous period, movers, segment shifts and two charts', async () => {
    const sub = await subscription(t.database, { kind: 'digest', subject: null, target: 'C0EXEC', cron: '0 8 * * 1' });
    const withCharts = createInProcessRunner({ database: t.database, slack: posterFor(h.slack), log: silentLog(), settings: jobSettings(), charts: true });
    const [r] = await withCharts.run('subscription-run', { subscriptionId: sub.id, runKey: 'digest1', trigger: 'manual' }, 'digest-1');
    expect(r!.error).toBeUndefined();
    const [post] = postsTo(h.slack, 'C0EXEC');
    const text = blocksOf(post!);
    expect(String(post!.args.text)).toMatch(/^Weekly digest · /);
    expect(text).toContain('Revenue this period');
    expect(text).toContain('Revenue run rate');
    expect(text).toContain('RFM segment');
    expect((text.match(/"slack_file":\{"id":"F[0-9A-F]+"\}/g) ?? []).length).toBe(2);
    expect(h.slack.callsTo('files.completeUploadExternal').length).toBeGreaterThanOrEqual(2);
    expect(blockKitViolations(post!.args)).toEqual([]);
  });
});
