import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSlackUser } from '../../../src/db/queries/slack-users.js';
import { scheduleSubscription, subscriptionSchedulerId } from '../../../src/jobs/schedules.js';
import { reachSalesmen, RECHECK_AFTER_MS } from '../../../src/services/reach-salesmen.js';
import { startWorkers, type RunningWorkers } from '../../../src/jobs/worker.js';
import type { FakeSlack } from '../../helpers/fake-slack.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import type { FixtureFiles } from '../../helpers/fixtures.js';
import { seed } from '../../helpers/seed.js';
import type { TestDatabase } from '../../helpers/services.js';
import { daysAgo, databaseWith, fakeSlack, postsTo, posterFor, redisFor, silentLog, subscription, jobSettings } from './jobs-setup.js';

/** The scheduled instant of "weekly mon at 08:00" for a fan-out: Monday 14 Dec 2026, 08:00 in UTC+14. */
const SCHEDULED = new Date('2026-12-13T18:00:00Z');
const HOUR = 3_600_000;

/**
 * Five salesmen, one customer each, every customer at risk:
 * - S1 Ann: slack_user_id U0ANN from the import, in New York;
 * - S2 Bob: no Slack id, but his email is a Slack member in Tokyo (found by users.lookupByEmail);
 * - S3 Cid: an email nobody in Slack has;
 * - S4 Dee: slack_user_id of a deactivated account;
 * - S5 Eve: neither email nor Slack id.
 */
function fiveSalesmen(): FixtureFiles {
  const s = seed()
    .salesman('S1', { name: 'Ann Smith', email: 'ann@example.com', slackUser: 'U0ANN' })
    .salesman('S2', { name: 'Bob Jones', email: 'bob@example.com' })
    .salesman('S3', { name: 'Cid Moss', email: 'cid@example.com' })
    .salesman('S4', { name: 'Dee Park', slackUser: 'U0DEE' })
    .salesman('S5', { name: 'Eve Stone' })
    .customer('CA', { name: "Ann's customer", salesman: 'S1' })
    .customer('CB', { name: "Bob's customer", salesman: 'S2' })
    .customer('CC', { name: "Cid's customer", salesman: 'S3' })
    .customer('CD', { name: "Dee's customer", salesman: 'S4' })
    .customer('CE', { name: "Eve's customer", salesman: 'S5' })
    .customer('CF', { name: 'Fresh buyer', salesman: 'S1' })
    .product('P1', { name: 'Printer' });
  for (const [i, c] of ['CA', 'CB', 'CC', 'CD', 'CE'].entries()) {
    for (let d = 100, k = 0; d >= 35; d -= 7, k++) s.sale({ order: `${c}-${k}`, on: daysAgo(d, SCHEDULED), customer: c, product: 'P1', price: 100 + i });
  }
  for (let d = 30, k = 0; d >= 0; d -= 2, k++) s.sale({ order: `F-${k}`, on: daysAgo(d, SCHEDULED), customer: 'CF', product: 'P1', price: 10 });
  return s.files();
}

describe('fan-out to every salesman: found at run time, delivered at their local time, owner told who was missed', () => {
  let t: TestDatabase;
  let slack: FakeSlack;
  let w: RunningWorkers;
  const redis = redisFor();
  const blocksOf = (c: { args: Record<string, unknown> }) => JSON.stringify(c.args.blocks);

  beforeAll(async () => {
    t = await databaseWith(fiveSalesmen());
    slack = await fakeSlack(); // U0ANN in America/New_York
    slack.users.delete('U0BOB');
    slack.users.set('U0BOBTYO', { id: 'U0BOBTYO', tz: 'Asia/Tokyo', email: 'Bob@Example.com' });
    slack.users.set('U0DEE', { id: 'U0DEE', tz: 'UTC', deleted: true });
    w = await startWorkers({
      database: t.database,
      connection: redis,
      slack: posterFor(slack, redis),
      log: silentLog(),
      settings: jobSettings({ staleAfterHours: 0 }),
      charts: false,
      nightlyCron: null,
      reconcile: false,
      now: () => SCHEDULED,
    });
  });
  afterAll(async () => {
    await w.close(true).catch(() => {});
    await redis.close();
    await redis.clear();
    await slack.stop();
    await t.drop();
  });

  async function completed(queue: 'runs' | 'messages', id: string) {
    for (let i = 0; i < 200; i++) {
      const job = await w.queues.byName[queue].getJob(id);
      if (job && (await job.isCompleted())) return job;
      if (job && (await job.isFailed())) throw new Error(`job ${id} failed: ${job.failedReason}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`job ${id} did not complete`);
  }

  it('the scheduler of a fan-out runs where 08:00 comes first (UTC+14)', async () => {
    const sub = await subscription(t.database, { kind: 'alert', subject: 'at-risk', target: 'salesmen', cron: '0 8 * * 1', timeZone: 'Europe/Berlin' });
    const next = await scheduleSubscription(w.queues, sub, 'UTC');
    const s = await w.queues.byName.runs.getJobScheduler(subscriptionSchedulerId(sub.id));
    expect(s?.tz).toBe('Pacific/Kiritimati');
    // Monday 08:00 at UTC+14 is Sunday 18:00 UTC
    expect(new Date(next!).getUTCDay()).toBe(0);
    expect(new Date(next!).getUTCHours()).toBe(18);
    await w.queues.byName.runs.removeJobScheduler(subscriptionSchedulerId(sub.id));
  });

  it('Ann gets 08:00 New York, Bob (found by email) 08:00 Tokyo; the owner hears once about Cid, Dee and Eve', async () => {
    const sub = await subscription(t.database, { kind: 'alert', subject: 'at-risk', target: 'salesmen', cron: '0 8 * * 1', timeZone: 'Europe/Berlin' });
    const runKey = `s${SCHEDULED.getTime()}`;
    await w.queues.add('subscription-run', { subscriptionId: sub.id, runKey }, { jobId: 'reach-1' });
    const run = await completed('runs', 'reach-1');
    expect(run.returnvalue).toMatchObject({ status: 'queued' });

    // Two DMs wait in the delayed set, each until 08:00 on the recipient's own clock.
    const queued = await w.queues.byName.messages.getDelayed();
    const delayed = queued.filter((j) => j.name === 'at-risk-dm');
    const report = queued.find((j) => j.name === 'fanout-report')!;
    const byUser = new Map(delayed.map((j) => [(j.data as { slackUserId?: string }).slackUserId, j]));
    expect([...byUser.keys()].sort()).toEqual(['U0ANN', 'U0BOBTYO']);
    expect(byUser.get('U0BOBTYO')!.opts.delay).toBe(5 * HOUR); // Mon 08:00 Tokyo = Sun 23:00 UTC
    expect(byUser.get('U0ANN')!.opts.delay).toBe(19 * HOUR); // Mon 08:00 New York = Mon 13:00 UTC
    expect(postsTo(slack, 'U0ANN')).toHaveLength(0);

    // Bob's Slack user is remembered for the next run, with his time zone.
    const bob = await findSlackUser(t.database, 'U0BOBTYO');
    expect(bob?.salesman?.externalId).toBe('S2');

    // One notice to the owner, naming each one missed and why.
    const notices = postsTo(slack, 'U0ADMIN');
    expect(notices).toHaveLength(1);
    const text = blocksOf(notices[0]!);
    expect(text).toContain('could not reach *3 salesmen*');
    expect(text).toMatch(/Cid Moss\* \(S3\): nobody in this Slack workspace has the email cid@example.com/);
    expect(text).toMatch(/Dee Park\* \(S4\): their Slack account is deactivated/);
    expect(text).toMatch(/Eve Stone\* \(S5\): the salesmen file gives neither an email nor a Slack user id/);
    expect(text).not.toContain('Ann Smith');
    expect(blockKitViolations(notices[0]!.args)).toEqual([]);

    // When their time comes (promoted here instead of waiting hours), each gets their own customer.
    for (const j of delayed) await j.promote();
    for (const j of delayed) await completed('messages', j.id!);
    expect(postsTo(slack, 'U0ANN')).toHaveLength(1);
    expect(blocksOf(postsTo(slack, 'U0ANN')[0]!)).toContain("Ann's customer");
    expect(postsTo(slack, 'U0BOBTYO')).toHaveLength(1);
    expect(blocksOf(postsTo(slack, 'U0BOBTYO')[0]!)).toContain("Bob's customer");
    expect(postsTo(slack, 'U0DEE')).toHaveLength(0);
    // the run's report finds nothing refused: no second notice
    await report.promote();
    expect((await completed('messages', report.id!)).returnvalue).toMatchObject({ status: 'skipped' });
    expect(postsTo(slack, 'U0ADMIN')).toHaveLength(1);

    // A retry of the same run sends the owner nothing more.
    await w.queues.add('subscription-run', { subscriptionId: sub.id, runKey }, { jobId: 'reach-1-again' });
    await completed('runs', 'reach-1-again');
    expect(postsTo(slack, 'U0ADMIN')).toHaveLength(1);
  });

  it('a DM Slack refuses at send time is reported to the owner once, after the run, with what to do', async () => {
    // Ann's customer is new to her again (as if announced to nobody yet); her DM will be refused.
    if (t.database.kind !== 'postgres') throw new Error('postgres expected');
    await t.database.driver.unsafe(`delete from alert_state where subject_key like 'U0ANN:%'`);
    const sub = await subscription(t.database, { kind: 'alert', subject: 'at-risk', target: 'salesmen', cron: '0 8 * * 1', timeZone: 'Europe/Berlin' });
    const runKey = `s${SCHEDULED.getTime()}`;
    await w.queues.add('subscription-run', { subscriptionId: sub.id, runKey }, { jobId: 'reach-3' });
    await completed('runs', 'reach-3');
    const before = postsTo(slack, 'U0ADMIN').length; // the run's unreachable notice (Cid, Dee, Eve)
    const delayed = (await w.queues.byName.messages.getDelayed()).filter((j) => (j.data as { subscriptionId: number }).subscriptionId === sub.id);
    const dm = delayed.find((j) => j.name === 'at-risk-dm')!;
    const report = delayed.find((j) => j.name === 'fanout-report')!;
    expect(delayed.filter((j) => j.name === 'at-risk-dm')).toHaveLength(1);
    expect(report.opts.delay).toBe(19 * HOUR + 15 * 60_000); // after Ann's 08:00 New York, with room for retries
    slack.inject('chat.postMessage', { error: 'messages_tab_disabled' });
    await dm.promote();
    for (let i = 0; i < 100 && !(await dm.isFailed()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await dm.isFailed()).toBe(true);
    expect(postsTo(slack, 'U0ADMIN')).toHaveLength(before); // no notice per failed DM
    await report.promote();
    await completed('messages', report.id!);
    const notices = postsTo(slack, 'U0ADMIN').slice(before);
    expect(notices).toHaveLength(1);
    expect(blocksOf(notices[0]!)).toContain('Slack refused *1 DM*');
    expect(blocksOf(notices[0]!)).toContain('<@U0ANN> cannot receive direct messages from me');
    expect(blockKitViolations(notices[0]!.args)).toEqual([]);
  });

  it('a salesman confirmed in Slack recently is not looked up again; after RECHECK_AFTER_MS they are', async () => {
    if (t.database.kind !== 'postgres') throw new Error('postgres expected');
    const ids = ((await t.database.driver.unsafe(`select id from salesmen order by id`)) as unknown as { id: number }[]).map((r) => Number(r.id));
    const poster = posterFor(slack);
    const now = new Date();
    await reachSalesmen(t.database, poster, ids, now); // confirms Ann and Bob as of now
    const lookups = () => slack.callsTo('users.info').length + slack.callsTo('users.lookupByEmail').length;
    const before = lookups();
    const again = await reachSalesmen(t.database, poster, ids, now);
    expect(again.reachable.map((r) => [r.slackUserId, r.timeZone])).toEqual([
      ['U0ANN', 'America/New_York'],
      ['U0BOBTYO', 'Asia/Tokyo'],
    ]);
    expect(again.unreachable.map((u) => u.reason)).toEqual(['email_not_in_slack', 'deactivated', 'no_slack_user']);
    // only the three who could not be reached were looked up again (Cid by email, Dee by id)
    expect(slack.callsTo('users.info').length + slack.callsTo('users.lookupByEmail').length - before).toBe(2);
    const later = lookups();
    await reachSalesmen(t.database, poster, ids, new Date(now.getTime() + RECHECK_AFTER_MS + 60_000));
    expect(lookups() - later).toBe(4); // Ann and Bob checked again, plus Cid and Dee
  });
});
