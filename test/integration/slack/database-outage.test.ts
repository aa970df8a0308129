import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnv } from '../../../src/config/env.js';
import { connect, type Database } from '../../../src/db/client.js';
import { todayIn } from '../../../src/lib/dates.js';
import { loadDemoData } from '../../../src/services/load-demo-data.js';
import { createTestDatabase, TEST_PG_URL, type TestDatabase } from '../../helpers/services.js';
import { API_TOKEN, SlackHarness } from '../../helpers/slack-harness.js';

/** A TCP relay to PostgreSQL that the test can cut, as a database outage looks to the app. */
class CuttableLink {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async open(): Promise<this> {
    const target = new URL(TEST_PG_URL);
    this.server = createServer((client) => {
      const upstream = tcpConnect(Number(target.port || 5432), target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as { port: number }).port;
    return this;
  }

  /** Stops listening and drops every open connection. */
  async cut(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server?.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}

describe('a database outage while serving: people get the cause, not "Something went wrong"', () => {
  let t: TestDatabase;
  let link: CuttableLink;
  let viaLink: Database;
  let h: SlackHarness;
  beforeAll(async () => {
    resetEnv();
    t = await createTestDatabase();
    await loadDemoData(t.database, { orders: 400, seed: 3, end: todayIn('UTC'), timeZone: 'UTC' });
    link = await new CuttableLink().open();
    const u = new URL(t.url);
    u.port = String(link.port);
    viaLink = await connect({ url: u.toString(), max: 2 });
    h = await new SlackHarness(viaLink, { adminIds: ['UADMIN'] }).start();
    h.slack.users.set('UADMIN', { id: 'UADMIN', email: 'boss@sales-demo.example', tz: 'UTC' });
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await viaLink?.close().catch(() => {});
    await t?.drop();
  });

  it('answers normally, then names the outage in one sentence once PostgreSQL is gone', async () => {
    const before = await h.command('kpi', 'UADMIN');
    expect(JSON.stringify((await h.responsesTo(before.responseUrl))[0])).toMatch(/KPI/i);

    await link.cut();

    const during = await h.command('kpi', 'UADMIN');
    expect(during.status).toBe(200);
    const [answer] = await h.responsesTo(during.responseUrl);
    const text = JSON.stringify(answer);
    expect(text).toMatch(/The database is unreachable right now \((PostgreSQL at 127\.0\.0\.1:\d+: )?connection (refused|closed|ended|reset|destroyed)\)\./);
    expect(text).not.toMatch(/Something went wrong/);

    const api = await fetch(`${h.baseUrl}/api/analytics/kpi`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
    expect(api.status).toBe(503);
    expect(((await api.json()) as { message: string }).message).toMatch(/database is unreachable/);
  });
});
