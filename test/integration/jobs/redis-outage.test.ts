import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listSubscriptions } from '../../../src/db/queries/subscriptions.js';
import { APP_COMMAND_TIMEOUT_MS, connectJobs, type JobsConnection } from '../../../src/jobs/connection.js';
import { openJobsControl } from '../../../src/jobs/control.js';
import { NIGHTLY_REFRESH_SCHEDULER } from '../../../src/jobs/schedules.js';
import { startWorkers, type RunningWorkers } from '../../../src/jobs/worker.js';
import type { JobsControl } from '../../../src/services/jobs-control.js';
import { daysAgo } from '../../helpers/fixtures.js';
import { hasRedisServer, RedisServer } from '../../helpers/redis-server.js';
import { seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { SlackHarness } from '../../helpers/slack-harness.js';
import { text, type Msg } from '../slack/message-parts.js';
import { jobSettings, posterFor } from './jobs-setup.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const UNREACHABLE = /scheduler is unreachable.*try again/i;

/** A pino logger whose lines (parsed) the test reads, as `serve` and `worker` would write them to stderr. */
function capturedLog(): { log: Logger; lines: { level: number; msg: string; raw: string }[] } {
  const lines: { level: number; msg: string; raw: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const raw of chunk.toString().split('\n').filter((l) => l.trim() !== '')) {
        const o = JSON.parse(raw) as { level: number; msg?: string };
        lines.push({ level: o.level, msg: o.msg ?? '', raw });
      }
      done();
    },
  });
  return { log: pino({ level: 'info', base: undefined }, stream), lines };
}

/**
 * Issue 14, item 2: Redis is optional at run time. A redis-server of the test's own is killed mid-test
 * and restarted empty; the real Bolt app (signed HTTP, fake Slack) and real BullMQ workers run on it.
 */
describe.skipIf(!hasRedisServer)('a Redis outage', () => {
  let t: TestDatabase;
  let h: SlackHarness;
  let server: RedisServer;
  let port: number;
  let url: string;
  let jobs: JobsControl;
  let workerConn: JobsConnection;
  let workers: RunningWorkers;
  let subscriptionId = 0;
  const prefix = `hb_redis-outage-${randomBytes(3).toString('hex')}`;
  const app = capturedLog();
  const worker = capturedLog();
  const consoleErrors = vi.spyOn(console, 'error');
  const consoleWarns = vi.spyOn(console, 'warn');

  /** Sends a command and returns its answer, failing when none comes within `ms` of the acknowledgement. */
  const answer = async (commandText: string, ms = 20_000, user = 'UADMIN'): Promise<Msg> => {
    const r = await h.command(commandText, user);
    expect(r.status).toBe(200);
    const [m] = await h.responsesTo(r.responseUrl, 1, ms);
    return m as Msg;
  };

  beforeAll(async () => {
    server = await RedisServer.create();
    ({ port, url } = server);
    await server.start();
    t = await createTestDatabase();
    await seed()
      .salesman('S1', { name: 'Sam Seller', email: 'sam@example.com' })
      .customer('A', { name: 'Alpha', salesman: 'S1' })
      .sale({ order: 1, on: daysAgo(3), customer: 'A', price: 10, salesman: 'S1' })
      .load(t.database);
    jobs = openJobsControl({ redisUrl: url, prefix, timeZone: 'UTC', log: app.log } as Parameters<typeof openJobsControl>[0]);
    h = await new SlackHarness(t.database, { adminIds: ['UADMIN'], jobs }).start();
    h.slack.users.set('UADMIN', { id: 'UADMIN', email: 'boss@example.com', tz: 'UTC' });
    workerConn = connectJobs({ url, prefix, log: worker.log });
    workers = await startWorkers({
      database: t.database,
      connection: workerConn,
      slack: posterFor(h.slack),
      log: worker.log,
      settings: jobSettings(),
      charts: false,
      nightlyCron: '0 2 * * *',
      reconcileEveryMs: 2_000,
    } as Parameters<typeof startWorkers>[0]);
    const created = await answer('subscribe kpi weekly mon at 08:00 <#C0SALES|sales>');
    subscriptionId = Number(/Subscribed #(\d+)/.exec(String(created.text))?.[1]);
    expect(subscriptionId).toBeGreaterThan(0);
    expect((await jobs.nextRuns()).has(subscriptionId)).toBe(true);
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
    await workers?.close(true).catch(() => {});
    await workerConn?.close();
    await jobs?.close().catch(() => {});
    await server?.kill();
    await t?.drop();
    consoleErrors.mockRestore();
    consoleWarns.mockRestore();
  });

  it('answers status, subscriptions and subscribe with "scheduler unreachable", and /sales kpi still answers', async () => {
    // The 2 s bound is the code's (APP_COMMAND_TIMEOUT_MS, checked below); the waits here are generous so a
    // loaded CI machine tests the outcome, not its own speed.
    expect(APP_COMMAND_TIMEOUT_MS).toBeLessThanOrEqual(2_000);
    await server.kill();
    // More Redis-dependent commands at once than there are answer slots, then a report behind them.
    const dependent = ['status', 'subscriptions', 'subscribe kpi daily at 07:00 me', 'status', 'subscriptions', 'subscribe churn weekly mon at 09:00 me'];
    const answers = await Promise.all(dependent.map((c) => answer(c, 15_000)));
    for (const m of answers) expect(text(m)).toMatch(UNREACHABLE);
    const kpi = await answer('kpi last 30 days');
    expect(text(kpi)).not.toMatch(/unreachable|went wrong/i);
    expect(text(kpi)).toMatch(/revenue/i);
    // nothing was saved or changed by the refused commands: "try again" means try again
    expect(text(await answer(`pause ${subscriptionId}`, 15_000))).toMatch(UNREACHABLE);
    expect(await listSubscriptions(t.database)).toMatchObject([{ id: subscriptionId, paused: false }]);
  }, 60_000);

  it('logs one line when Redis is lost, in the app and in the worker, and no stack traces', async () => {
    await sleep(6_000); // several reconnect attempts (0.5 s, 1 s, 1.5 s, 2 s …) that must stay quiet
    for (const { lines } of [app, worker]) {
      const loud = lines.filter((l) => l.level >= 40);
      expect(loud.map((l) => l.msg)).toEqual([expect.stringMatching(new RegExp(`Redis at 127\\.0\\.0\\.1:${port} is unreachable`))]);
      expect(lines.filter((l) => /"stack"/.test(l.raw))).toEqual([]);
    }
    expect(consoleErrors).not.toHaveBeenCalled();
    expect(consoleWarns).not.toHaveBeenCalled();
  }, 30_000);

  it('re-creates the schedulers from the subscriptions table when Redis comes back empty, and says so once', async () => {
    await server.start(); // empty: no save, no append-only file
    const probe = new Redis(url, { maxRetriesPerRequest: 1 });
    probe.on('error', () => {});
    try {
      for (let i = 0; i < 200 && !(app.lines.some((l) => /reachable again/.test(l.msg)) && worker.lines.some((l) => /reachable again/.test(l.msg))); i++) await sleep(100);
      let keys: string[] = [];
      for (let i = 0; i < 150; i++) {
        keys = await probe.zrange(`${prefix}:runs:repeat`, '0', '-1');
        if (keys.includes(`subscription-${subscriptionId}`) && keys.includes(NIGHTLY_REFRESH_SCHEDULER)) break;
        await sleep(100);
      }
      expect(keys).toEqual(expect.arrayContaining([`subscription-${subscriptionId}`, NIGHTLY_REFRESH_SCHEDULER]));
    } finally {
      probe.disconnect();
    }
    expect((await jobs.nextRuns()).has(subscriptionId)).toBe(true);
    expect(text(await answer('status'))).not.toMatch(UNREACHABLE);
    for (const { lines } of [app, worker]) {
      expect(lines.filter((l) => /unreachable/.test(l.msg))).toHaveLength(1);
      expect(lines.filter((l) => /reachable again/.test(l.msg))).toHaveLength(1);
    }
  }, 60_000);

  it('re-creates a scheduler that went missing on a reachable Redis by the periodic reconciliation', async () => {
    await jobs.unschedule(subscriptionId);
    expect((await jobs.nextRuns()).has(subscriptionId)).toBe(false);
    let back = false;
    for (let i = 0; i < 150 && !back; i++) {
      await sleep(100);
      back = (await jobs.nextRuns()).has(subscriptionId);
    }
    expect(back).toBe(true);
    expect(worker.lines.filter((l) => /"reason":"periodic"/.test(l.raw))).toHaveLength(1);
  }, 30_000);
});
