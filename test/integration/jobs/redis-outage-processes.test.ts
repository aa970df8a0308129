import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../../src/db/sql/run.js';
import { SNAPSHOT_REPORTS } from '../../../src/reports/refresh-snapshots.js';
import { REPO_ROOT, runCli } from '../../helpers/cli.js';
import { daysAgo } from '../../helpers/fixtures.js';
import { freePort, hasRedisServer, RedisServer } from '../../helpers/redis-server.js';
import { seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { BOT_TOKEN, SlackHarness } from '../../helpers/slack-harness.js';
import { text, type Msg } from '../slack/message-parts.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const UNREACHABLE = /scheduler is unreachable.*try again/i;
const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '');
/** A line of a stack trace, raw (`    at f (file:1:2)`) or inside a pino JSON line (`"stack":"Error: …\n    at …"`). */
const STACK = /^\s+at |"stack":|\\n\s+at /;

/**
 * Issue 14, item 2, as an operator sees it: `sales-bot serve` and `sales-bot worker` as processes, their
 * Redis (the test's own redis-server) killed and restarted empty. Each process writes one line when
 * Redis is lost and one when it is back, no stack traces, and the worker re-creates the schedulers.
 */
describe.skipIf(!hasRedisServer)('serve and worker processes through a Redis outage', () => {
  let t: TestDatabase;
  let h: SlackHarness;
  let server: RedisServer;
  let worker: ChildProcess | undefined;
  let workerOut = '';
  let subscriptionId = 0;
  const prefix = `hb_redis-procs-${randomBytes(3).toString('hex')}`;

  const answer = async (commandText: string): Promise<Msg> => {
    const r = await h.command(commandText, 'UADMIN');
    expect(r.status).toBe(200);
    const [m] = await h.responsesTo(r.responseUrl, 1, 20_000);
    return m as Msg;
  };

  beforeAll(async () => {
    server = await RedisServer.create();
    await server.start();
    t = await createTestDatabase();
    await seed()
      .salesman('S1', { name: 'Sam Seller', email: 'sam@example.com' })
      .customer('A', { name: 'Alpha', salesman: 'S1' })
      .sale({ order: 1, on: daysAgo(3), customer: 'A', price: 10, salesman: 'S1' })
      .load(t.database);
    const env = { REDIS_URL: server.url, QUEUE_PREFIX: prefix, LOG_LEVEL: 'info' };
    h = await new SlackHarness(t.database, { adminIds: ['UADMIN'] }).startProcess(t.url, env, { captureOutput: true });
    h.slack.users.set('UADMIN', { id: 'UADMIN', email: 'boss@example.com', tz: 'UTC' });
    worker = spawn(process.execPath, ['bin/sales-bot.js', 'worker'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env, DATABASE_URL: t.url, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: h.slack.apiUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout!.on('data', (b: Buffer) => (workerOut += b.toString()));
    worker.stderr!.on('data', (b: Buffer) => (workerOut += b.toString()));
    for (let i = 0; i < 600 && !workerOut.includes('worker running'); i++) await sleep(100);
    expect(workerOut).toContain('worker running');
    const created = await answer('subscribe kpi weekly mon at 08:00 <#C0SALES|sales>');
    subscriptionId = Number(/Subscribed #(\d+)/.exec(String(created.text))?.[1]);
    expect(subscriptionId).toBeGreaterThan(0);
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
    if (worker?.pid && worker.exitCode === null && worker.signalCode === null) {
      const exited = new Promise((r) => worker!.once('exit', r));
      process.kill(worker.pid, 'SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
      if (worker.exitCode === null && worker.signalCode === null) process.kill(worker.pid, 'SIGKILL');
    }
    await server?.kill();
    await t?.drop();
  });

  it('write one line each when Redis is lost and one when it is back, answer meanwhile, and get the schedules back', async () => {
    const serveBefore = h.output.length;
    const workerBefore = workerOut.length;
    await server.kill();
    const during = await Promise.all(['status', 'subscriptions', 'subscribe churn weekly mon at 09:00 me', 'status', 'subscriptions'].map(answer));
    for (const m of during) expect(text(m)).toMatch(UNREACHABLE);
    expect(text(await answer('kpi last 30 days'))).toMatch(/revenue/i);
    await sleep(8_000); // reconnect attempts at 0.5 s, 1 s, 1.5 s, 2 s … must stay quiet

    for (const out of [h.output.slice(serveBefore), workerOut.slice(workerBefore)]) {
      expect(lines(out).filter((l) => STACK.test(l))).toEqual([]);
      expect(lines(out).filter((l) => /"level":(4|5|6)\d/.test(l))).toEqual([expect.stringMatching(new RegExp(`Redis at 127\\.0\\.0\\.1:${server.port} is unreachable`))]);
    }

    await server.start(); // empty
    for (let i = 0; i < 300 && !(h.output.includes('reachable again') && workerOut.includes('reachable again')); i++) await sleep(100);
    const probe = new Redis(server.url, { maxRetriesPerRequest: 1 });
    probe.on('error', () => {});
    let keys: string[] = [];
    try {
      for (let i = 0; i < 150 && !keys.includes(`subscription-${subscriptionId}`); i++) {
        await sleep(100);
        keys = await probe.zrange(`${prefix}:runs:repeat`, '0', '-1');
      }
    } finally {
      probe.disconnect();
    }
    expect(keys).toContain(`subscription-${subscriptionId}`);
    expect(text(await answer('status'))).not.toMatch(UNREACHABLE);
    for (const out of [h.output.slice(serveBefore), workerOut.slice(workerBefore)]) {
      expect(lines(out).filter((l) => /unreachable/.test(l))).toHaveLength(1);
      expect(lines(out).filter((l) => /reachable again/.test(l))).toHaveLength(1);
      expect(lines(out).filter((l) => STACK.test(l))).toEqual([]);
    }
  }, 120_000);
});

/** An import commits, then asks the workers to look for new alert cases: without Redis it must not hang or fail. */
describe('sales-bot import while Redis is down', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('imports, says in one line that the follow-up waits for the scheduler, and exits 0', async () => {
    const port = await freePort(); // nothing listens there
    const salesmen = fileURLToPath(new URL('../../fixtures/import/salesmen.csv', import.meta.url));
    const r = await runCli(['import', 'salesmen', salesmen], { env: { DATABASE_URL: t.url, REDIS_URL: `redis://127.0.0.1:${port}`, QUEUE_PREFIX: 'hb_redis-import', LOG_LEVEL: 'warn' }, timeoutMs: 60_000 });
    expect(r.stdout).toMatch(/^Imported /);
    expect(r.stderr).toMatch(/Imported, but the scheduler \(Redis\) did not answer/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
  }, 90_000);

  it('a sales import that would leave the report snapshots to the workers stores them itself when Redis is down', async () => {
    const port = await freePort();
    const env = { DATABASE_URL: t.url, REDIS_URL: `redis://127.0.0.1:${port}`, QUEUE_PREFIX: 'hb_redis-import', LOG_LEVEL: 'warn' };
    for (const kind of ['customers', 'products', 'sales']) {
      const file = fileURLToPath(new URL(`../../fixtures/import/${kind}.csv`, import.meta.url));
      const r = await runCli(['import', kind, file], { env, timeoutMs: 60_000 });
      expect(r.code).toBe(0);
    }
    const stored = await rows<{ report: string; fresh: boolean }>(
      t.database,
      sql`select report, data_as_of = (select max(ordered_at) from order_items) as fresh from report_snapshots where params_key = 'default' order by 1`,
    );
    expect(stored).toEqual([...SNAPSHOT_REPORTS].sort().map((report) => ({ report, fresh: true })));
  }, 240_000);
});
