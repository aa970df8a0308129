import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { deleteSubscription, findSubscription } from '../../../src/db/queries/subscriptions.js';
import { redisJobsControl } from '../../../src/jobs/control.js';
import { createQueues } from '../../../src/jobs/queues.js';
import { subscriptionSchedulerId } from '../../../src/jobs/schedules.js';
import { startWorkers, type RunningWorkers } from '../../../src/jobs/worker.js';
import { jobStatus } from '../../../src/services/job-status.js';
import { resolveSlackUser } from '../../../src/services/slack-identity.js';
import { handleSubscriptionCommand, type SubscriptionCommand } from '../../../src/slack/listeners/commands/handle-subscription.js';
import { parseCommand } from '../../../src/slack/parse/command.js';
import type { FakeSlack } from '../../helpers/fake-slack.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import type { TestDatabase } from '../../helpers/services.js';
import { BOT_TOKEN, databaseWith, fakeSlack, freshSales, postsTo, posterFor, redisFor, silentLog, slackUser, subscription, jobSettings } from './jobs-setup.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('scheduled subscriptions on BullMQ (real Redis, Postgres, fake Slack)', () => {
  let t: TestDatabase;
  let slack: FakeSlack;
  const redis = redisFor();
  const running: RunningWorkers[] = [];
  const conns: ReturnType<typeof redisFor>[] = [redis];

  async function worker(opts: { reconcile?: boolean } = {}): Promise<RunningWorkers> {
    const conn = redisFor(redis.prefix);
    conns.push(conn);
    const w = await startWorkers({
      database: t.database,
      connection: conn,
      slack: posterFor(slack, conn),
      log: silentLog(),
      settings: jobSettings(),
      charts: false,
      nightlyCron: null,
      reconcile: opts.reconcile ?? false,
      lockDurationMs: 5_000,
      stalledIntervalMs: 2_000,
    });
    running.push(w);
    return w;
  }

  const rows = async <T>(q: string, ...params: unknown[]): Promise<T[]> => {
    if (t.database.kind !== 'postgres') throw new Error('postgres expected');
    return (await t.database.driver.unsafe(q, params as never[])) as unknown as T[];
  };

  beforeAll(async () => {
    t = await databaseWith(freshSales());
    slack = await fakeSlack();
  });
  afterAll(async () => {
    for (const w of running) await w.close(true).catch(() => {});
    for (const c of conns) await c.close();
    await redis.clear();
    await slack.stop();
    await t.drop();
  });

  it('a scheduled subscription fires and posts once per scheduled time; a second worker does not duplicate it', async () => {
    const sub = await subscription(t.database, { target: 'C0SCHED', subject: 'kpi', cron: '*/2 * * * * *', timeZone: 'Europe/Berlin' });
    // Both workers upsert the scheduler at start (as every worker process does): still one scheduler.
    const a = await worker({ reconcile: true });
    const b = await worker({ reconcile: true });
    const schedulers = (await a.queues.byName.runs.getJobSchedulers(0, -1)).filter((s) => s.key === subscriptionSchedulerId(sub.id));
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({ pattern: '*/2 * * * * *', tz: 'Europe/Berlin' });

    await slack.waitFor(() => postsTo(slack, 'C0SCHED').length >= 3, 30_000);
    await a.queues.byName.runs.removeJobScheduler(subscriptionSchedulerId(sub.id));
    await sleep(2_500); // let a run that already started finish
    const runs = await rows<{ job_id: string; status: string }>(`select job_id, status from job_runs where subscription_id = $1 order by id`, sub.id);
    const sent = await rows<{ idempotency_key: string; status: string }>(`select idempotency_key, status from deliveries where subscription_id = $1`, sub.id);
    const posts = postsTo(slack, 'C0SCHED');
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
    expect(runs.every((r) => /^repeat:subscription-\d+:\d+$/.test(r.job_id))).toBe(true);
    // one run per scheduled time, never two workers on the same one, and one message per run
    expect(new Set(runs.map((r) => r.job_id)).size).toBe(runs.length);
    expect(posts).toHaveLength(runs.length);
    expect(sent).toHaveLength(runs.length);
    expect(sent.every((d) => d.status === 'sent' && new RegExp(`^sub${sub.id}:s\\d+:C0SCHED$`).test(d.idempotency_key))).toBe(true);
    const times = sent.map((d) => Number(/:s(\d+):/.exec(d.idempotency_key)![1]));
    expect(times.every((ms) => ms % 2000 === 0)).toBe(true);
    for (const p of posts) expect(blockKitViolations(p.args)).toEqual([]);
    await a.close();
    await b.close();
    await deleteSubscription(t.database, sub.id); // so later reconciles do not bring its 2-second schedule back
  });

  it('a worker start reconciles schedulers with the table and schedules the nightly refresh', async () => {
    const conn = redisFor(redis.prefix);
    conns.push(conn);
    const queues = createQueues(conn);
    await queues.byName.runs.upsertJobScheduler(subscriptionSchedulerId(99_999) as never, { pattern: '0 8 * * *' }); // its subscription is gone
    const sub = await subscription(t.database, { target: 'C0RECON', cron: '15 6 * * 1-5', timeZone: 'Asia/Tokyo' });
    const w = await startWorkers({ database: t.database, connection: conn, slack: posterFor(slack, conn), log: silentLog(), settings: jobSettings(), charts: false, nightlyCron: '0 2 * * *' });
    running.push(w);
    expect(await queues.byName.runs.getJobScheduler(subscriptionSchedulerId(99_999))).toBeUndefined();
    expect(await queues.byName.runs.getJobScheduler(subscriptionSchedulerId(sub.id))).toMatchObject({ pattern: '15 6 * * 1-5', tz: 'Asia/Tokyo' });
    expect(await queues.byName.runs.getJobScheduler('nightly-refresh')).toMatchObject({ pattern: '0 2 * * *', tz: 'UTC' });
    await w.close();
    await queues.byName.runs.removeJobScheduler(subscriptionSchedulerId(sub.id));
    await queues.byName.runs.removeJobScheduler('nightly-refresh');
    await queues.close();
  });

  it('a 429 from Slack delays only that job for Retry-After, then it posts once', async () => {
    const sub = await subscription(t.database, { target: 'C0RATE', subject: 'kpi' });
    const w = await worker();
    slack.inject('chat.postMessage', { retryAfter: 2 });
    await w.queues.add('subscription-run', { subscriptionId: sub.id, runKey: 'm429', trigger: 'manual' }, { jobId: 'rate-limited-run' });
    await slack.waitFor(() => postsTo(slack, 'C0RATE').length >= 2, 20_000);
    const job = await w.queues.byName.runs.getJob('rate-limited-run');
    for (let i = 0; i < 50 && !(await job!.isCompleted()); i++) await sleep(100);
    expect(await job!.isCompleted()).toBe(true);
    const [first, second] = postsTo(slack, 'C0RATE');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1_900);
    await sleep(500);
    expect(postsTo(slack, 'C0RATE')).toHaveLength(2);
    const sent = await rows<{ status: string }>(`select status from deliveries where subscription_id = $1`, sub.id);
    expect(sent).toEqual([{ status: 'sent' }]);
    // the attempt Slack rate-limited was retried and succeeded: /sales status lists no failure for it
    const admin = await resolveSlackUser(t.database, { slackUserId: 'U0ADMIN', adminIds: [] });
    expect((await jobStatus(t.database, admin, new Map())).failures.filter((f) => f.subscriptionId === sub.id)).toEqual([]);
    await w.close();
  });

  it('paces posts to one channel to about one per second across workers, so the fake never answers 429', async () => {
    slack.rateLimit = { perSecond: 1, burst: 1 };
    try {
      const subs = await Promise.all([1, 2, 3, 4].map(() => subscription(t.database, { target: 'C0PACE', subject: 'kpi' })));
      const [a, b] = [await worker(), await worker()];
      await Promise.all(subs.map((s, i) => (i % 2 ? a : b).queues.add('subscription-run', { subscriptionId: s.id, runKey: 'mpace', trigger: 'manual' }, { jobId: `pace-${s.id}` })));
      await slack.waitFor(() => postsTo(slack, 'C0PACE').length >= 4, 30_000);
      await sleep(500);
      const posts = postsTo(slack, 'C0PACE');
      expect(posts).toHaveLength(4); // no 429 was needed: a rejected attempt would be a fifth call
      const gaps = posts.slice(1).map((p, i) => p.at - posts[i]!.at);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(900);
      await a.close();
      await b.close();
    } finally {
      slack.rateLimit = undefined;
    }
  });

  it('a permanent Slack error is not retried: the subscription is paused and its owner told what to do', async () => {
    const sub = await subscription(t.database, { target: 'C0GONE', subject: 'kpi', cron: '0 8 * * 1' });
    const w = await worker();
    await w.queues.byName.runs.upsertJobScheduler(subscriptionSchedulerId(sub.id) as never, { pattern: '0 8 * * 1' });
    slack.inject('chat.postMessage', { error: 'channel_not_found' });
    await w.queues.add('subscription-run', { subscriptionId: sub.id, runKey: 'mgone', trigger: 'manual' }, { jobId: 'gone-run' });
    await slack.waitFor(() => postsTo(slack, 'U0ADMIN').length >= 1, 20_000);
    const job = await w.queues.byName.runs.getJob('gone-run');
    for (let i = 0; i < 50 && !(await job!.isFailed()); i++) await sleep(100);
    expect(await job!.isFailed()).toBe(true);
    const failed = (await w.queues.byName.runs.getJob('gone-run'))!;
    expect(failed.attemptsMade).toBe(1); // UnrecoverableError: no second attempt
    expect(failed.failedReason).toBe('Slack: channel_not_found');
    await sleep(1_000);
    expect(postsTo(slack, 'C0GONE')).toHaveLength(1); // not retried
    const dm = postsTo(slack, 'U0ADMIN');
    expect(dm).toHaveLength(1);
    expect(String(dm[0]!.args.text)).toContain(`#${sub.id}`);
    expect(JSON.stringify(dm[0]!.args.blocks)).toContain('I cannot find <#C0GONE>');
    expect(JSON.stringify(dm[0]!.args.blocks)).toContain(`/sales resume ${sub.id}`);
    expect((await findSubscription(t.database, sub.id))!.paused).toBe(true);
    expect(await w.queues.byName.runs.getJobScheduler(subscriptionSchedulerId(sub.id))).toBeUndefined();
    const admin = await resolveSlackUser(t.database, { slackUserId: 'U0ADMIN', adminIds: [] });
    const status = await jobStatus(t.database, admin, new Map());
    expect(status.failures.map((f) => f.reason)).toContain('Slack: channel_not_found');
    // one failure, not one for the job and another for its delivery
    expect(status.failures.filter((f) => f.subscriptionId === sub.id)).toEqual([expect.objectContaining({ recipient: 'C0GONE', reason: 'Slack: channel_not_found' })]);
    expect(status.subscriptions.find((s) => s.subscription.id === sub.id)!.lastRun!.status).toBe('failed');
    await w.close();
  });

  it('/sales subscribe, subscriptions, pause, resume, unsubscribe and status keep the schedulers in step', async () => {
    const conn = redisFor(redis.prefix);
    conns.push(conn);
    const queues = createQueues(conn);
    const jobs = redisJobsControl(queues, 'UTC');
    const client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    const replies: { text: string; blocks: unknown[] }[] = [];
    const run = async (text: string, user = 'U0ADMIN', channel = 'C0HERE') => {
      const parsed = parseCommand(text);
      if (!parsed.ok) throw new Error(parsed.usage.message);
      const call = {
        deps: { database: t.database, adminIds: [], timeZone: 'UTC', jobs, log: silentLog(), renderChart: async () => null, afterAck: <T>(work: () => Promise<T>) => work() },
        client,
        respond: async (m: unknown) => {
          replies.push(m as { text: string; blocks: unknown[] });
          return undefined as never;
        },
        body: { user_id: user, team_id: 'T0FAKE', channel_id: channel, text } as never,
      };
      await handleSubscriptionCommand(call as never, parsed.command as SubscriptionCommand, jobs);
      return replies.at(-1)!;
    };

    const created = await run('subscribe digest weekly mon at 07:30 here region:North');
    expect(blockKitViolations(created)).toEqual([]);
    const id = Number(/#(\d+)/.exec(created.text)![1]);
    const stored = (await findSubscription(t.database, id))!;
    // the subscriber's Slack time zone from users.info, the channel typed in, the filters
    expect(stored).toMatchObject({ kind: 'digest', target: 'C0HERE', cron: '30 7 * * 1', timeZone: 'Europe/Berlin', filters: { region: 'North' } });
    expect(await queues.byName.runs.getJobScheduler(subscriptionSchedulerId(id))).toMatchObject({ pattern: '30 7 * * 1', tz: 'Europe/Berlin' });
    expect(JSON.stringify(created.blocks)).toContain('/invite @sales-bot');

    expect(JSON.stringify((await run('subscriptions')).blocks)).toContain(`*#${id}* digest (region:North) → <#C0HERE>`);
    await run(`pause ${id}`);
    expect(await queues.byName.runs.getJobScheduler(subscriptionSchedulerId(id))).toBeUndefined();
    await run(`resume ${id}`);
    expect(await queues.byName.runs.getJobScheduler(subscriptionSchedulerId(id))).toBeDefined();
    const status = await run('status');
    expect(blockKitViolations(status)).toEqual([]);
    expect(JSON.stringify(status.blocks)).toContain('messages');

    // A salesman may subscribe only themselves, and sees only their own subscriptions.
    await slackUser(t.database, 'U0ANN', 'salesman', 'S1');
    await expect(run('subscribe churn weekly mon <#C0SALES>', 'U0ANN')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(run('subscribe churn weekly mon <@U0BOB>', 'U0ANN')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const own = await run('subscribe churn weekly tue me', 'U0ANN');
    const annId = Number(/#(\d+)/.exec(own.text)![1]);
    expect((await findSubscription(t.database, annId))!).toMatchObject({ target: 'U0ANN', ownerSlackUserId: 'U0ANN', timeZone: 'America/New_York' });
    const annList = JSON.stringify((await run('subscriptions', 'U0ANN')).blocks);
    expect(annList).toContain(`#${annId}*`);
    expect(annList).not.toContain(`#${id}*`);
    await expect(run(`unsubscribe ${id}`, 'U0ANN')).rejects.toMatchObject({ code: 'NOT_FOUND' });

    await run(`unsubscribe ${id}`);
    expect(await findSubscription(t.database, id)).toBeUndefined();
    expect(await queues.byName.runs.getJobScheduler(subscriptionSchedulerId(id))).toBeUndefined();
    await queues.close();
  });
});
