import { mkdtempSync, rmSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../helpers/services.js';

/**
 * There is no Docker engine in CI, so the README's compose example is run as the same sales-bot commands
 * the containers would run: each `docker compose run --rm [-v …] app <args>` becomes `sales-bot <args>`
 * with the mounted ./data as a directory of demo export files.
 */
function composeRuns(dataDir: string): string[][] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Production set-up (docker compose)'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l.startsWith('docker compose run'))
    .map((l) => {
      const words = l.split(/\s+/);
      return words.slice(words.indexOf('app') + 1).map((w) => w.replace(/^\/data\//, dataDir + '/'));
    });
}

describe("the README's docker compose example, command by command", () => {
  let t: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false });
    dataDir = mkdtempSync(join(tmpdir(), 'sales-bot-readme-'));
    const demo = await runCli(['demo-data', '--orders', '800', '--seed', '3', '--out', dataDir]);
    expect(demo.code, demo.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await t?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates and imports all seven files in order, each succeeding', async () => {
    const runs = composeRuns(dataDir);
    expect(runs.length).toBe(8);
    for (const args of runs) {
      const r = await runCli(args, { env: { DATABASE_URL: t.url } });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    if (t.database.kind !== 'postgres') throw new Error('expected Postgres');
    const [row] = await t.database.driver<{ salesmen: number; customers: number; products: number; lines: number; leads: number; activities: number; targets: number }[]>`
      select (select count(*)::int from salesmen) as salesmen, (select count(*)::int from customers) as customers,
             (select count(*)::int from products) as products, (select count(*)::int from order_items) as lines,
             (select count(*)::int from leads) as leads, (select count(*)::int from activities) as activities,
             (select count(*)::int from targets) as targets`;
    for (const [kind, n] of Object.entries(row!)) expect(n, kind).toBeGreaterThan(0);
  }, 300_000);

  it("the worker's health check passes with both services up and names the one that is down", async () => {
    const ok = await runCli(['health'], { env: { DATABASE_URL: t.url, REDIS_URL: TEST_REDIS_URL } });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/PostgreSQL, Redis/);

    const noRedis = await runCli(['health', '--timeout', '2'], { env: { DATABASE_URL: t.url, REDIS_URL: 'redis://127.0.0.1:1' } });
    expect(noRedis.code).toBe(1);
    expect(noRedis.stderr.trim().split('\n')).toEqual(['unhealthy: Redis at 127.0.0.1:1 does not answer.']);

    const noDb = await runCli(['health', '--timeout', '2'], { env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', REDIS_URL: TEST_REDIS_URL } });
    expect(noDb.code).toBe(1);
    expect(noDb.stderr).toMatch(/^unhealthy: PostgreSQL at 127\.0\.0\.1:1 does not answer\.$/m);
  }, 120_000);
});
