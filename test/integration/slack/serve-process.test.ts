import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import { runCli } from '../../helpers/cli.js';
import { daysAgo } from '../../helpers/fixtures.js';
import { seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { API_TOKEN, SlackHarness } from '../../helpers/slack-harness.js';


describe('sales-bot serve as its own process', () => {
  let t: TestDatabase;
  let h: SlackHarness;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seed()
      .customer('A', { name: 'Alpha', region: 'North' })
      .customer('B', { name: 'Beta', region: 'South' })
      .product('P', { name: 'Paper', category: 'Office' })
      .sale({ order: 1, on: daysAgo(40), customer: 'A', product: 'P', qty: 2, price: 10 })
      .sale({ order: 2, on: daysAgo(10), customer: 'B', product: 'P', price: 25 })
      .sale({ order: 3, on: daysAgo(2), customer: 'A', product: 'P', qty: 3, price: 10 })
      .load(t.database);
    h = await new SlackHarness(t.database, { adminIds: ['UADMIN'] }).startProcess(t.url);
    h.slack.users.set('UADMIN', { id: 'UADMIN', email: 'admin@example.com' });
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await t?.drop();
  });

  it('answers /healthz, a signed command and the JSON API on PORT', async () => {
    const health = await fetch(`${h.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, database: 'up' });

    const r = await h.command('abc last:90d', 'UADMIN');
    expect(r.status).toBe(200);
    const [answer] = await h.responsesTo(r.responseUrl);
    expect(blockKitViolations(answer as never)).toEqual([]);
    // serve draws charts on a worker thread: the chart must still arrive as an uploaded PNG.
    const image = (answer!.blocks as { type: string; slack_file?: { id: string } }[]).find((b) => b.type === 'image');
    expect(h.slack.uploads.get(image!.slack_file!.id)!.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(JSON.stringify(answer)).toMatch(/\*Revenue\*\\n75/); // 20 + 25 + 30

    const api = await fetch(`${h.baseUrl}/api/analytics/kpi?last=90d`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
    expect(api.status).toBe(200);
    expect(((await api.json()) as { report: string }).report).toBe('kpi');
    expect(h.slack.callsTo('auth.test').length).toBeGreaterThan(0);
  });

  it('refuses to start without the Slack credentials, in one line', async () => {
    const r = await runCli(['serve'], { env: { DATABASE_URL: t.url, SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '' } });
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/SLACK_BOT_TOKEN/);
  });
});
