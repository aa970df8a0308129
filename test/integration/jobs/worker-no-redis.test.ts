import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { BOT_TOKEN } from './jobs-setup.js';

const REPO_ROOT = new URL('../../../', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

/** A port nothing listens on (taken and released at once). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * `sales-bot worker` started while Redis is down: one clear line, then quiet retries (no stack trace per
 * reconnect attempt), and one line when Redis answers again.
 */
describe('worker without Redis', () => {
  let t: TestDatabase;
  let port: number;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    port = await freePort();
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await t.drop();
  });

  it('logs one line while Redis is unreachable and one when it is back', async () => {
    const child = spawn(process.execPath, ['bin/sales-bot.js', 'worker'], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: t.url, REDIS_URL: `redis://127.0.0.1:${port}`, QUEUE_PREFIX: `test-noredis-${port}`, SLACK_BOT_TOKEN: BOT_TOKEN, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    for (let i = 0; i < 300 && !out.includes('unreachable'); i++) await sleep(100);
    // then several more reconnect attempts (0.5 s, 1 s, 1.5 s, 2 s, …) that must stay quiet
    await sleep(6_000);
    const lines = out.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Redis at 127.0.0.1:${port} is unreachable (ECONNREFUSED); retrying quietly with backoff`);
    expect(out).not.toMatch(/\n\s+at /); // no stack trace

    if (hasRedisServer) {
      const redis = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], { stdio: 'ignore' });
      children.push(redis);
      for (let i = 0; i < 200 && !out.includes('worker running'); i++) await sleep(100);
      const after = out.split('\n').filter((l) => l.trim() !== '');
      expect(after.filter((l) => l.includes('reachable again'))).toHaveLength(1);
      expect(out).toContain('sales-bot worker running');
      expect(after.filter((l) => l.includes('unreachable'))).toHaveLength(1);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      redis.kill('SIGTERM');
    } else {
      child.kill('SIGTERM');
    }
  }, 90_000);
});
