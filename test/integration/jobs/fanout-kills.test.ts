import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/demo/rng.js';
import { createQueues, type Queues } from '../../../src/jobs/queues.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import type { FakeSlack } from '../../helpers/fake-slack.js';
import { TEST_REDIS_URL, type TestDatabase } from '../../helpers/services.js';
import { databaseWith, fakeSlack, redisFor, subscription } from './jobs-setup.js';
import { pad, SALESMEN, twoHundredSalesmen } from './two-hundred-salesmen.js';

/**
 * Two worker processes share a 200-DM fan-out; one of them is killed (SIGKILL) at a random point, again
 * and again, and replaced. Afterwards every salesman holds exactly one DM and the delivery log says
 * `sent` for each, with that message's ts. Without the history check of resumed deliveries, the DMs in
 * flight at each kill (Slack took them, the worker died before recording them) are posted again.
 * FANOUT_KILLS=50 (`npm run test:soak:fanout`) is the soak; FANOUT_SEED replays a run.
 */
const KILLS = Math.max(10, Number(process.env.FANOUT_KILLS ?? 10));
const SEED = Number(process.env.FANOUT_SEED ?? Date.now() % 1_000_000);
/** At most this many DMs between two kills, so every kill still lands mid-run (about 80 posts for all of them). */
const STEP = Math.max(2, Math.floor(80 / KILLS));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`a 200-DM fan-out whose workers are killed ${KILLS} times`, () => {
  let t: TestDatabase;
  let slack: FakeSlack;
  let queues: Queues;
  let bundleDir: string;
  const children = new Set<ChildProcess>();
  /** Children that said they take jobs (only those are killed: a kill is meant to land mid-work). */
  const ready = new Set<ChildProcess>();
  const redis = redisFor();
  const rows = async <T>(q: string, ...params: unknown[]): Promise<T[]> => {
    if (t.database.kind !== 'postgres') throw new Error('postgres expected');
    return (await t.database.driver.unsafe(q, params as never[])) as unknown as T[];
  };

  beforeAll(async () => {
    // The worker is bundled once (esbuild, which tsx runs on): a child then starts in about a second
    // instead of several spent compiling the app through tsx on every restart. Packages stay external,
    // so the bundle lives under the repository to resolve them from its node_modules.
    mkdirSync(join(REPO_ROOT, 'scratch'), { recursive: true });
    bundleDir = mkdtempSync(join(REPO_ROOT, 'scratch', 'fanout-kills-'));
    await build({
      entryPoints: [join(REPO_ROOT, 'test/integration/jobs/worker-child.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: join(bundleDir, 'worker-child.mjs'),
      logLevel: 'warning',
    });
    t = await databaseWith(twoHundredSalesmen());
    slack = await fakeSlack();
    for (let i = 1; i <= SALESMEN; i++) slack.users.set(`U0S${pad(i)}`, { id: `U0S${pad(i)}`, tz: 'UTC' });
    queues = createQueues(redis);
  }, 60_000);
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await queues?.close();
    await redis.close();
    await redis.clear();
    await slack?.stop();
    await t?.drop();
    if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  });

  /** A worker process; resolves once it takes jobs. Few jobs at a time, so a run lasts long enough for the kills. */
  const startChild = (): Promise<ChildProcess> => {
    const c = spawn(process.execPath, [join(bundleDir, 'worker-child.mjs')], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        CHILD_DATABASE_URL: t.url,
        CHILD_REDIS_URL: TEST_REDIS_URL,
        CHILD_PREFIX: redis.prefix,
        CHILD_SLACK_API_URL: slack.apiUrl,
        CHILD_READ_PACE_MS: '20',
        CHILD_MAX_STALLED: '1000',
        CHILD_CONCURRENCY: '1',
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.add(c);
    c.once('exit', () => ready.delete(c));
    const started = new Promise<ChildProcess>((resolve, reject) => {
      c.stdout!.on('data', (b: Buffer) => {
        if (!b.toString().includes('ready')) return;
        ready.add(c);
        resolve(c);
      });
      c.once('exit', (code, signal) => reject(new Error(`worker child exited with ${code ?? signal} before it was ready`)));
    });
    // A child still starting when the test ends is killed by afterAll: not an error then.
    started.catch(() => {});
    return started;
  };
  const posts = () => slack.callsTo('chat.postMessage').length;
  const sentCount = async (subscriptionId: number) =>
    Number((await rows<{ n: string }>(`select count(*) as n from deliveries where subscription_id = $1 and status = 'sent'`, subscriptionId))[0]!.n);

  it('delivers each DM exactly once and logs every one sent', { timeout: 150_000 + (KILLS - 10) * 3_000 }, async () => {
    const rng = Rng.fromSeed(SEED);
    const t0 = Date.now();
    const debug = (what: string) => process.env.DEBUG_KILLS && console.log(`${Date.now() - t0} ms: ${what}`);
    // A post takes a while, as over the internet: kills land while Slack takes some messages, whose
    // answers the killed worker never reads (the fake stores them all the same, as Slack would).
    slack.latency.set('chat.postMessage', 150);
    // The first history read is rate limited: that job waits for Retry-After and looks again.
    slack.inject('conversations.history', { retryAfter: 1 });
    await Promise.all([startChild(), startChild()]);
    debug('two workers ready');
    const sub = await subscription(t.database, { kind: 'alert', subject: 'at-risk', target: 'salesmen' });
    await queues.add('subscription-run', { subscriptionId: sub.id, runKey: 'mkill', trigger: 'manual' }, { jobId: 'fanout-kill' });

    let kills = 0;
    let starting: Promise<ChildProcess> | undefined;
    while (kills < KILLS && (await sentCount(sub.id)) < SALESMEN) {
      // A random point: after 1–STEP more DMs were handed to Slack, then up to 150 ms more.
      const target = posts() + rng.int(1, STEP);
      for (let i = 0; i < 400 && posts() < target; i++) await sleep(25);
      await sleep(rng.int(0, 150));
      if (ready.size === 0) await starting;
      const running = [...ready];
      const victim = running[rng.int(0, running.length - 1)]!;
      const exited = new Promise((r) => victim.once('exit', r));
      victim.kill('SIGKILL');
      await exited;
      kills++;
      starting = startChild();
      debug(`kill ${kills}: posts ${posts()}, sent ${await sentCount(sub.id)}, history reads ${slack.callsTo('conversations.history').length}`);
    }
    expect(kills, `seed ${SEED}`).toBe(KILLS);

    await starting;
    for (let i = 0; i < 600 && (await sentCount(sub.id)) < SALESMEN; i++) await sleep(100);
    const busy = async () => Object.values(await queues.byName.messages.getJobCounts('active', 'wait', 'prioritized')).some((n) => n > 0);
    for (let i = 0; i < 100 && (await busy()); i++) await sleep(100);
    debug('all sent, queue drained');
    await sleep(1_000); // anything posted twice would show up now

    // Slack holds exactly one DM per salesman, each carrying its delivery key.
    const dms = [...slack.conversations.entries()].filter(([id]) => /^D0S\d{3}$/.test(id));
    const duplicates = dms.reduce((n, [, messages]) => n + Math.max(0, messages.length - 1), 0);
    debug(`${dms.length} DM conversations, ${duplicates} duplicates; delivery log: ${JSON.stringify(await rows(`select status, count(*)::int as n from deliveries where subscription_id = $1 and job_name = 'at-risk-dm' group by status`, sub.id))}`);
    expect({ seed: SEED, conversations: dms.length, duplicates }).toEqual({ seed: SEED, conversations: SALESMEN, duplicates: 0 });
    for (const [, [m]] of dms) expect(m!.metadata).toMatchObject({ event_type: 'sales_bot_delivery', event_payload: { delivery_key: expect.stringMatching(/^sub\d+:mkill:U0S\d{3}$/) } });

    // The delivery log: 200 DMs sent, each with the ts of the one message Slack holds; nothing skipped.
    const log = await rows<{ recipient: string; status: string; message_ts: string | null }>(
      `select recipient, status, message_ts from deliveries where subscription_id = $1 and job_name = 'at-risk-dm' order by recipient`,
      sub.id,
    );
    expect(log.filter((d) => d.status === 'sent')).toHaveLength(SALESMEN);
    expect(log.filter((d) => d.status !== 'sent')).toEqual([]);
    const held = new Map(dms.map(([id, [m]]) => [`U${id.slice(1)}`, m!.ts]));
    expect(log.filter((d) => d.message_ts !== held.get(d.recipient))).toEqual([]);
    // …and every case is recorded on the message that announced it, resumed ones included.
    const announced = await rows<{ n: string }>(`select count(*) as n from alert_state where message_ts ~ '^[0-9]+\\.[0-9]+$' and channel_id like 'D0S%'`);
    expect(Number(announced[0]!.n)).toBe(SALESMEN);
    // Only resumed deliveries looked in Slack's history: far fewer reads than DMs.
    const reads = slack.callsTo('conversations.history').length;
    expect(reads).toBeGreaterThan(0);
    expect(reads).toBeLessThan(SALESMEN);
  });
});
