import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type RunningWorkers } from '../../../src/jobs/worker.js';
import type { FakeSlack } from '../../helpers/fake-slack.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import type { TestDatabase } from '../../helpers/services.js';
import { pad, SALESMEN, twoHundredSalesmen } from './two-hundred-salesmen.js';
import { databaseWith, fakeSlack, posterFor, redisFor, silentLog, subscription, jobSettings } from './jobs-setup.js';

describe('fan-out: one DM to each of 200 salesmen', () => {
  let t: TestDatabase;
  let slack: FakeSlack;
  const redis = redisFor();
  const conns = [redis, redisFor(redis.prefix), redisFor(redis.prefix)];
  const workers: RunningWorkers[] = [];
  const count = async (q: string, ...params: unknown[]) => {
    if (t.database.kind !== 'postgres') throw new Error('postgres expected');
    return Number(((await t.database.driver.unsafe(q, params as never[])) as unknown as { n: string }[])[0]!.n);
  };

  beforeAll(async () => {
    t = await databaseWith(twoHundredSalesmen());
    slack = await fakeSlack();
    // The salesmen are real members of the workspace: the fan-out checks each with users.info.
    for (let i = 1; i <= SALESMEN; i++) slack.users.set(`U0S${pad(i)}`, { id: `U0S${pad(i)}`, tz: 'UTC' });
  });
  afterAll(async () => {
    for (const w of workers) await w.close(true).catch(() => {});
    for (const c of conns) await c.close();
    await redis.clear();
    await slack.stop();
    await t.drop();
  });

  it('delivers exactly 200 DMs under the per-channel rate limit, with 429s retried, across two workers', async () => {
    slack.rateLimit = { perSecond: 1, burst: 1 };
    for (const conn of conns.slice(1)) {
      workers.push(await startWorkers({ database: t.database, connection: conn, slack: posterFor(slack, conn), log: silentLog(), settings: jobSettings(), charts: false, nightlyCron: null, reconcile: false }));
    }
    const sub = await subscription(t.database, { kind: 'alert', subject: 'at-risk', target: 'salesmen' });
    slack.inject('chat.postMessage', { retryAfter: 1, times: 3 });
    await workers[0]!.queues.add('subscription-run', { subscriptionId: sub.id, runKey: 'm1', trigger: 'manual' }, { jobId: 'fanout-1' });

    const sentCount = () => count(`select count(*) as n from deliveries where subscription_id = $1 and status = 'sent'`, sub.id);
    for (let i = 0; i < 600 && (await sentCount()) < SALESMEN; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1_000)); // anything extra would show up now

    const posts = slack.callsTo('chat.postMessage');
    const perChannel = new Map<string, number>();
    for (const p of posts) perChannel.set(String(p.args.channel), (perChannel.get(String(p.args.channel)) ?? 0) + 1);
    expect(await sentCount()).toBe(SALESMEN);
    expect(perChannel.size).toBe(SALESMEN);
    expect([...perChannel.keys()].every((c) => /^U0S\d{3}$/.test(c))).toBe(true);
    // 200 messages plus the 3 attempts answered 429 (each retried once): no duplicate reached anyone
    expect(posts).toHaveLength(SALESMEN + 3);
    expect([...perChannel.values()].filter((n) => n === 2)).toHaveLength(3);
    expect([...perChannel.values()].every((n) => n === 1 || n === 2)).toBe(true);
    // each DM names that salesman's own customer only
    const s042 = posts.find((p) => p.args.channel === 'U0S042')!;
    expect(JSON.stringify(s042.args.blocks)).toContain('Customer 42');
    expect(JSON.stringify(s042.args.blocks)).not.toContain('Customer 43');
    for (const p of posts.slice(0, 5)) expect(blockKitViolations(p.args)).toEqual([]);
    expect(await count(`select count(*) as n from alert_state where message_ts ~ '^[0-9]+\\.[0-9]+$' and channel_id like 'D0S%'`)).toBe(SALESMEN);

    // The next run finds nothing new for anyone.
    await workers[1]!.queues.add('subscription-run', { subscriptionId: sub.id, runKey: 'm2', trigger: 'manual' }, { jobId: 'fanout-2' });
    const job = await workers[1]!.queues.byName.runs.getJob('fanout-2');
    for (let i = 0; i < 100 && !(await job!.isCompleted()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await job!.isCompleted()).toBe(true);
    expect((await workers[1]!.queues.byName.runs.getJob('fanout-2'))!.returnvalue).toMatchObject({ status: 'skipped' });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(SALESMEN + 3);
  });
});
