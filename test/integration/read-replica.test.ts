import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, migrate, type Database } from '../../src/db/client.js';
import { openJobsControl } from '../../src/jobs/control.js';
import type { JobsControl } from '../../src/services/jobs-control.js';
import { reportByName } from '../../src/reports/registry.js';
import { runReport } from '../../src/reports/run-report.js';
import { buildDigest } from '../../src/services/digest.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { daysAgo } from '../helpers/fixtures.js';
import { seed } from '../helpers/seed.js';
import { TEST_REDIS_URL } from '../helpers/services.js';
import { API_TOKEN, BOT_TOKEN, SlackHarness } from '../helpers/slack-harness.js';
import { startStreamingReplica, type StreamingReplica } from '../helpers/streaming-replica.js';
import { redisFor, slackUser, subscription } from './jobs/jobs-setup.js';

/**
 * `sales-bot serve`, `sales-bot worker` and `sales-bot report` with DATABASE_URL on a primary and
 * ANALYTICS_DATABASE_URL on a real streaming replica of it. Replay is paused to make the replica lag: the
 * answers (a slash command, the JSON API, the CLI, a scheduled report) then still show the old figure, so
 * they were read from the replica, and say that the replica is behind; once replay resumes they show the
 * new figure and say nothing about lag.
 */
describe('report reads from a streaming read replica', () => {
  let cluster: StreamingReplica | undefined;
  let primary: Database | undefined;
  let h: SlackHarness | undefined;
  let worker: ChildProcess | undefined;
  let jobs: JobsControl | undefined;
  const redis = redisFor();

  beforeAll(async () => {
    cluster = await startStreamingReplica();
    primary = await connect({ url: cluster.primaryUrl, max: 2 });
    await migrate(primary);
    await seed()
      .customer('A', { name: 'Alpha', region: 'North' })
      .customer('B', { name: 'Beta', region: 'South' })
      .product('P', { name: 'Paper', category: 'Office' })
      .sale({ order: 1, on: daysAgo(40), customer: 'A', product: 'P', qty: 2, price: 10 })
      .sale({ order: 2, on: daysAgo(10), customer: 'B', product: 'P', price: 25 })
      .sale({ order: 3, on: daysAgo(2), customer: 'A', product: 'P', qty: 3, price: 10 })
      .load(primary);
    await cluster.caughtUp();
    h = await new SlackHarness(primary, { adminIds: ['UADMIN'] }).startProcess(cluster.primaryUrl, {
      ANALYTICS_DATABASE_URL: cluster.replicaUrl,
      // A second of lag is enough to be named here (60 s by default), so the test need not wait a minute.
      ANALYTICS_LAG_NOTICE_SECONDS: '1',
    });
    h.slack.users.set('UADMIN', { id: 'UADMIN', email: 'admin@example.com' });
    await slackUser(primary, 'U0ADMIN', 'admin');
    worker = spawn(process.execPath, ['bin/sales-bot.js', 'worker'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        DATABASE_URL: cluster.primaryUrl,
        ANALYTICS_DATABASE_URL: cluster.replicaUrl,
        ANALYTICS_LAG_NOTICE_SECONDS: '1',
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: redis.prefix,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_API_URL: h.slack.apiUrl,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    worker.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    for (let i = 0; i < 600 && !stderr.includes('worker running'); i++) {
      if (worker.exitCode !== null) throw new Error(`sales-bot worker exited: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    jobs = openJobsControl({ redisUrl: TEST_REDIS_URL, prefix: redis.prefix, timeZone: 'UTC' });
  }, 120_000);

  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((resolve) => worker!.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
    await jobs?.close();
    await redis.close();
    await redis.clear();
    await h?.stop();
    await primary?.close();
    await cluster?.stop();
  }, 60_000);

  async function answer(): Promise<string> {
    const r = await h!.command('abc last:90d', 'UADMIN');
    expect(r.status).toBe(200);
    const [reply] = await h!.responsesTo(r.responseUrl);
    return JSON.stringify(reply);
  }

  async function apiLag(): Promise<number | undefined> {
    const res = await fetch(`${h!.baseUrl}/api/analytics/kpi?last=90d`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { replicaLagSeconds?: number }).replicaLagSeconds;
  }

  /** A scheduled abc report run now by the worker: the text of what it posted to its channel. */
  async function scheduledReport(channel: string): Promise<string> {
    const sub = await subscription(primary!, { subject: 'abc', filters: { last: '90d' }, target: channel });
    await jobs!.runNow(sub.id);
    for (let i = 0; i < 300; i++) {
      const post = h!.slack.callsTo('chat.postMessage').find((c) => c.args.channel === channel);
      if (post) return JSON.stringify(post.args);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the worker posted nothing to ${channel}`);
  }

  it('answers from the replica and names its lag while it is behind', async () => {
    const current = await answer();
    expect(current).toMatch(/\*Revenue\*\\n75/); // 20 + 25 + 30
    expect(current).not.toMatch(/Replica is/);

    await cluster!.pauseReplay();
    try {
      await seed().sale({ order: 4, on: daysAgo(1), customer: 'B', product: 'P', price: 100 }).load(primary!);
      // The primary has the new sale; the replica, paused, does not.
      const abc = reportByName('abc')!;
      const onPrimary = abc.view(await runReport(primary!, abc, { filters: { last: { amount: 90, unit: 'd' } } }));
      expect(onPrimary.keyFigures.find((k) => k.label === 'Revenue')?.value).toBe('175');
      await new Promise((r) => setTimeout(r, 1500));

      const behind = await answer();
      expect(behind).toMatch(/\*Revenue\*\\n75/);
      expect(behind).toMatch(/Replica is \d+ s behind the primary: newer changes are not in these figures\./);
      expect(await apiLag()).toBeGreaterThanOrEqual(1);

      const cli = await runCli(['report', 'abc', 'last:90d'], {
        env: { DATABASE_URL: cluster!.primaryUrl, ANALYTICS_DATABASE_URL: cluster!.replicaUrl, ANALYTICS_LAG_NOTICE_SECONDS: '1' },
      });
      expect(cli.stderr).toBe('');
      expect(cli.stdout).toMatch(/^Revenue\s+75$/m);
      expect(cli.stdout).toMatch(/^Replica is \d+ s behind the primary/m);

      const scheduled = await scheduledReport('C0BEHIND');
      expect(scheduled).toMatch(/\*Revenue\*\\n75/);
      expect(scheduled).toMatch(/Replica is \d+ s behind the primary/);

      // The digest says it too (its note line), read through a replica handle as the worker opens it.
      const replica = await connect({ url: cluster!.replicaUrl, max: 2 });
      try {
        if (replica.kind === 'postgres') replica.replicaOf = { primary: primary!, noticeAfterSeconds: 1 };
        const digest = await buildDigest(replica, { filters: {}, scope: { kind: 'all' }, periodDays: 7, timeZone: 'UTC' });
        expect(digest.dataNote).toMatch(/Replica is \d+ s behind the primary/);
      } finally {
        await replica.close();
      }
    } finally {
      await cluster!.resumeReplay();
    }

    await cluster!.caughtUp();
    const after = await answer();
    expect(after).toMatch(/\*Revenue\*\\n175/);
    expect(after).not.toMatch(/Replica is/);
    expect(await apiLag()).toBeUndefined();
    const scheduled = await scheduledReport('C0CURRENT');
    expect(scheduled).toMatch(/\*Revenue\*\\n175/);
    expect(scheduled).not.toMatch(/Replica is/);
  }, 90_000);
});
