import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueues, type Queues } from '../../../src/jobs/queues.js';
import { startWorkers, type RunningWorkers } from '../../../src/jobs/worker.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import type { FakeSlack } from '../../helpers/fake-slack.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import { TEST_REDIS_URL, type TestDatabase } from '../../helpers/services.js';
import { databaseWith, fakeSlack, freshSales, postsTo, posterFor, redisFor, silentLog, subscription, jobSettings } from './jobs-setup.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a worker killed mid-digest', () => {
  let t: TestDatabase;
  let slack: FakeSlack;
  let child: ChildProcess | undefined;
  let survivor: RunningWorkers | undefined;
  let queues: Queues;
  const redis = redisFor();
  const conns = [redis, redisFor(redis.prefix)];
  const rows = async <T>(q: string, ...params: unknown[]): Promise<T[]> => {
    if (t.database.kind !== 'postgres') throw new Error('postgres expected');
    return (await t.database.driver.unsafe(q, params as never[])) as unknown as T[];
  };

  beforeAll(async () => {
    t = await databaseWith(freshSales());
    slack = await fakeSlack();
    queues = createQueues(redis);
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await survivor?.close(true).catch(() => {});
    await queues.close();
    for (const c of conns) await c.close();
    await redis.clear();
    await slack.stop();
    await t.drop();
  });

  it('is resumed by another worker: the digest is posted exactly once, charts and all', async () => {
    const sub = await subscription(t.database, { kind: 'digest', subject: null, target: 'C0CRASH', cron: '0 8 * * 1' });
    // The first chart upload hangs, so the worker is killed after it wrote the delivery row but before it posted.
    slack.latency.set('files.completeUploadExternal', 60_000);
    child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/jobs/worker-child.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, CHILD_DATABASE_URL: t.url, CHILD_REDIS_URL: TEST_REDIS_URL, CHILD_PREFIX: redis.prefix, CHILD_SLACK_API_URL: slack.apiUrl, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child!.stdout!.on('data', (b: Buffer) => b.toString().includes('ready') && resolve());
      child!.once('exit', (code) => reject(new Error(`worker child exited with ${code}`)));
    });
    await queues.add('subscription-run', { subscriptionId: sub.id, runKey: 'mcrash', trigger: 'manual' }, { jobId: 'crash-digest' });
    // (polled: the fake re-checks waitFor conditions only once a request is answered, and this one hangs)
    for (let i = 0; i < 300 && slack.callsTo('files.completeUploadExternal').length === 0; i++) await sleep(100);
    expect(slack.callsTo('files.completeUploadExternal')).toHaveLength(1);
    const pending = await rows<{ status: string }>(`select status from deliveries where subscription_id = $1`, sub.id);
    expect(pending).toEqual([{ status: 'pending' }]);
    expect(postsTo(slack, 'C0CRASH')).toHaveLength(0);

    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    slack.latency.delete('files.completeUploadExternal');

    survivor = await startWorkers({
      database: t.database,
      connection: conns[1]!,
      slack: posterFor(slack, conns[1]),
      log: silentLog(),
      settings: jobSettings(),
      charts: true,
      nightlyCron: null,
      reconcile: false,
      lockDurationMs: 2_000,
      stalledIntervalMs: 1_000,
    });
    await slack.waitFor(() => postsTo(slack, 'C0CRASH').length >= 1, 30_000);
    const job = await queues.byName.runs.getJob('crash-digest');
    for (let i = 0; i < 100 && !(await job!.isCompleted()); i++) await sleep(100);
    expect(await job!.isCompleted()).toBe(true);
    await sleep(1_000);

    const posts = postsTo(slack, 'C0CRASH');
    expect(posts).toHaveLength(1);
    expect(blockKitViolations(posts[0]!.args)).toEqual([]);
    // the resumed run uploaded both charts again and shows them (the killed worker's upload never completed)
    const shown = [...JSON.stringify(posts[0]!.args.blocks).matchAll(/"slack_file":\{"id":"(F[0-9A-F]+)"\}/g)].map((m) => m[1]);
    expect(shown).toHaveLength(2);
    const completed = slack.callsTo('files.completeUploadExternal').map((c) => (c.args.files as { id: string }[])[0]!.id);
    expect(completed).toHaveLength(3);
    expect(completed.slice(1)).toEqual(shown);
    expect(await rows(`select status from deliveries where subscription_id = $1`, sub.id)).toEqual([{ status: 'sent' }]);
    const runs = await rows<{ status: string }>(`select status from job_runs where subscription_id = $1 order by id`, sub.id);
    expect(runs.at(-1)).toEqual({ status: 'succeeded' });
  });

  it('a job delivered again after it posted (e.g. its worker died before acknowledging it) posts nothing', async () => {
    const sub = (await rows<{ id: number }>(`select id from subscriptions where target = 'C0CRASH'`))[0]!;
    await (await queues.byName.runs.getJob('crash-digest'))!.remove();
    await queues.add('subscription-run', { subscriptionId: sub.id, runKey: 'mcrash', trigger: 'manual' }, { jobId: 'crash-digest' });
    const job = await queues.byName.runs.getJob('crash-digest');
    for (let i = 0; i < 100 && !(await job!.isCompleted()); i++) await sleep(100);
    const done = (await queues.byName.runs.getJob('crash-digest'))!;
    expect(done.returnvalue).toMatchObject({ status: 'skipped', detail: 'already sent' });
    expect(postsTo(slack, 'C0CRASH')).toHaveLength(1);
  });
});
