import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemoDeliveries } from '../../../src/jobs/demo-deliveries.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import { REPO_ROOT, runCli } from '../../helpers/cli.js';
import { createPgliteDatabase, TEST_REDIS_URL, type TestDatabase } from '../../helpers/services.js';
import { loadFixture } from '../../helpers/fixtures.js';
import { slackUser } from './jobs-setup.js';
import { BOT_TOKEN, databaseWith, fakeSlack, freshSales, redisFor, silentLog, subscription } from './jobs-setup.js';

describe('sales-bot worker and sales-bot digest run', () => {
  let t: TestDatabase;
  let out: string;
  const redis = redisFor();

  beforeAll(async () => {
    t = await databaseWith(freshSales());
    out = await mkdtemp(join(tmpdir(), 'sales-bot-digest-'));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
    await redis.close();
    await redis.clear();
    await t.drop();
  });

  it('digest run <id> --out writes what Slack would receive, charts included', async () => {
    const sub = await subscription(t.database, { kind: 'digest', subject: null, target: 'C0CLI' });
    const r = await runCli(['digest', 'run', String(sub.id), '--out', out], { env: { DATABASE_URL: t.url } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`subscription-run subscription-run\\.${sub.id}\\.m\\d+: sent, 1 message`));
    const files = await readdir(out);
    const json = files.filter((f) => f.endsWith('.json'));
    expect(json).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('.png'))).toHaveLength(2);
    const message = JSON.parse(await readFile(join(out, json[0]!), 'utf8')) as { channel: string; text: string; blocks: unknown[] };
    expect(message.channel).toBe('C0CLI');
    expect(message.text).toMatch(/^Weekly digest/);
    expect(blockKitViolations(message)).toEqual([]);
  });

  it('digest run names a missing subscription; worker refuses to start without Redis', async () => {
    const missing = await runCli(['digest', 'run', '99999', '--out', out], { env: { DATABASE_URL: t.url } });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('error: There is no subscription 99999. `/sales subscriptions` lists them.\n');
    const noRedis = await runCli(['worker'], { env: { DATABASE_URL: t.url, SLACK_BOT_TOKEN: BOT_TOKEN } });
    expect(noRedis.code).toBe(1);
    expect(noRedis.stderr).toMatch(/^error: REDIS_URL is not set: the worker needs Redis/);
  });

  it('worker runs on Redis and stops cleanly on SIGTERM', async () => {
    const slack = await fakeSlack();
    try {
      const child = spawn(process.execPath, ['bin/sales-bot.js', 'worker', '--concurrency', '2'], {
        cwd: REPO_ROOT,
        env: { ...process.env, DATABASE_URL: t.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: redis.prefix, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: slack.apiUrl, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
      for (let i = 0; i < 300 && !stderr.includes('worker running'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(stderr).toContain(`sales-bot worker running (queues runs, messages; prefix ${redis.prefix})`);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toContain('Stopping: finishing running jobs');
      // the worker reconciled the schedulers from the table at start
      const keys = await redis.redis.keys(`${redis.prefix}:runs:repeat:*`);
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      await slack.stop();
    }
  });

  it('the demo runs a digest, a churn alert, the cross-sell and deal-risk DMs, an anomaly alert and a followed-metric digest into files', async () => {
    const dir = join(out, 'demo');
    const r = await runDemoDeliveries(t.database, { outDir: dir, log: silentLog(), timeZone: 'UTC' });
    expect(r.deliveries.map((d) => d.label)).toEqual(['weekly digest', 'churn alert', 'cross-sell DMs', 'deal-risk DMs', 'anomaly alert', 'followed-metric digest']);
    expect(r.deliveries.flatMap((d) => d.results).filter((x) => x.error)).toEqual([]);
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
    const messages = await Promise.all(files.map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as { channel: string; text: string; blocks: unknown[] }));
    // Bob (salesman id 2) has the one suggestion; the demo admin gets his followed-metric digest by DM.
    expect(messages.map((m) => m.channel).sort()).toEqual(['CDEMOSALES', 'CDEMOSALES', 'DDEMO2', 'DDEMOADMIN']);
    for (const m of messages) expect(blockKitViolations(m)).toEqual([]);
    const followed = messages.find((m) => m.channel === 'DDEMOADMIN')!;
    expect(JSON.stringify(followed.blocks)).toMatch(/Revenue/);
    expect(JSON.stringify(followed.blocks)).toMatch(/Orders/);
    expect(r.messages).toBe(4);
  });

  it('the same deliveries work on the embedded database (PGlite), as `npm run demo` uses', async () => {
    const lite = await createPgliteDatabase();
    try {
      await loadFixture(lite, freshSales());
      await slackUser(lite, 'U0ADMIN', 'admin');
      const r = await runDemoDeliveries(lite, { outDir: join(out, 'lite'), log: silentLog(), timeZone: 'UTC' });
      expect(r.deliveries.flatMap((d) => d.results).filter((x) => x.error)).toEqual([]);
      expect(r.messages).toBe(4);
      // a second run announces nothing new (alerts are open), but the digest and the followed metrics go out again
      const again = await runDemoDeliveries(lite, { outDir: join(out, 'lite2'), log: silentLog(), timeZone: 'UTC' });
      expect(again.messages).toBe(2);
    } finally {
      await lite.close();
    }
  });
});
