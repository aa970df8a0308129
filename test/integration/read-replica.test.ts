import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, migrate, type Database } from '../../src/db/client.js';
import { reportByName } from '../../src/reports/registry.js';
import { runReport } from '../../src/reports/run-report.js';
import { daysAgo } from '../helpers/fixtures.js';
import { seed } from '../helpers/seed.js';
import { API_TOKEN, SlackHarness } from '../helpers/slack-harness.js';
import { startStreamingReplica, type StreamingReplica } from '../helpers/streaming-replica.js';

/**
 * `sales-bot serve` with DATABASE_URL on a primary and ANALYTICS_DATABASE_URL on a real streaming
 * replica of it. Replay is paused to make the replica lag: the answers then still show the old figure
 * (so they were read from the replica) and say that the replica is behind; once replay resumes they
 * show the new figure and say nothing about lag.
 */
describe('report reads from a streaming read replica', () => {
  let cluster: StreamingReplica | undefined;
  let primary: Database | undefined;
  let h: SlackHarness | undefined;

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
  }, 120_000);

  afterAll(async () => {
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
    } finally {
      await cluster!.resumeReplay();
    }

    await cluster!.caughtUp();
    const after = await answer();
    expect(after).toMatch(/\*Revenue\*\\n175/);
    expect(after).not.toMatch(/Replica is/);
    expect(await apiLag()).toBeUndefined();
  }, 90_000);
});
