import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSocketMode } from '../../helpers/fake-socket-mode.js';
import { daysAgo } from '../../helpers/fixtures.js';
import { seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { SlackHarness } from '../../helpers/slack-harness.js';

const APP_TOKEN = 'xapp-1-A0APP-1-test';

describe('sales-bot serve in Socket Mode (SLACK_APP_TOKEN set)', () => {
  let t: TestDatabase;
  let h: SlackHarness;
  const socket = new FakeSocketMode();
  beforeAll(async () => {
    t = await createTestDatabase();
    await seed()
      .customer('A', { name: 'Alpha', region: 'North' })
      .product('P', { name: 'Paper', category: 'Office' })
      .sale({ order: 1, on: daysAgo(10), customer: 'A', product: 'P', qty: 2, price: 10 })
      .sale({ order: 2, on: daysAgo(3), customer: 'A', product: 'P', price: 25 })
      .load(t.database);
    await socket.start();
    h = new SlackHarness(t.database, { adminIds: ['UADMIN'] });
    h.slack.socketModeUrl = socket.url;
    await h.startProcess(t.url, { SLACK_APP_TOKEN: APP_TOKEN });
    h.slack.users.set('UADMIN', { id: 'UADMIN', email: 'admin@example.com' });
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await socket.stop();
    await t?.drop();
  });

  it('opens the socket through SLACK_API_URL with the app-level token', async () => {
    await socket.connection();
    const opens = h.slack.callsTo('apps.connections.open');
    expect(opens.length).toBeGreaterThan(0);
    expect(opens[0]!.token).toBe(APP_TOKEN);
    expect(socket.connections).toBe(1);
    // /healthz and the JSON API stay on PORT in Socket Mode.
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
  });

  it('acks a slash command envelope over the socket and answers it', async () => {
    await socket.connection();
    const responseUrl = h.slack.responseUrl();
    const envelopeId = socket.sendEnvelope('slash_commands', {
      token: 'legacy',
      team_id: 'T0FAKE',
      team_domain: 'fake',
      channel_id: 'C0SALES',
      channel_name: 'sales',
      user_id: 'UADMIN',
      user_name: 'uadmin',
      command: '/sales',
      text: 'abc last:90d',
      api_app_id: 'A0APP',
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: '1.2.3',
    });
    const ack = await socket.ackOf(envelopeId);
    expect(ack.envelope_id).toBe(envelopeId);
    // The acknowledgement the person sees at once travels over the socket too.
    expect(JSON.stringify(ack.payload)).toContain('Crunching abc');
    const answers = await h.responsesTo(responseUrl);
    expect(JSON.stringify(answers)).toMatch(/\*Revenue\*\\n45/); // 2 × 10 + 25
  });
});
