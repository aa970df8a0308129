import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import type { Database } from '../../../src/db/client.js';
import { salesmanByExternalId, upsertSlackUser } from '../../../src/db/queries/slack-users.js';
import { insertSubscription, type NewSubscription, type SubscriptionRow } from '../../../src/db/queries/subscriptions.js';
import { connectJobs, type JobsConnection } from '../../../src/jobs/connection.js';
import type { JobSettings } from '../../../src/jobs/job-settings.js';
import type { SlackPoster } from '../../../src/services/delivery/slack-poster.js';
import { createWebPoster } from '../../../src/slack/web-poster.js';
import { redisPacer } from '../../../src/jobs/channel-pacer.js';
import { FakeSlack } from '../../helpers/fake-slack.js';
import { daysAgo, loadFixture, type FixtureFiles } from '../../helpers/fixtures.js';
import { seed } from '../../helpers/seed.js';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../../helpers/services.js';

export const BOT_TOKEN = 'xoxb-test-token';
export { daysAgo };

/** The salesman each customer of {@link freshSales} belongs to. */
export const FRESH_SALES_OWNERS: Readonly<Record<string, string>> = { C1: 'S1', C2: 'S2', C3: 'S1', C4: 'S2' };

/**
 * Sales up to today, so the data is fresh:
 * - C1 (Ann, S1): Printer + Toner weekly from 120 to 40 days ago → at risk (every 7 days, 40 days since);
 * - C2 (Bob, S2): Printer only, weekly from 100 to 30 days ago → at risk; the only customer a
 *   cross-sell rule (Printer → Toner) applies to;
 * - C3 (Ann): every 4 days up to today, Printer + Toner and Paper alone in turn → not at risk;
 * - C4 (Bob): Paper every 3 days up to today → not at risk;
 * - P4 "Old stock" never sold (50 in stock at cost 10) → slow mover.
 * Lines carry no salesman unless `owners` (customer → salesman id, e.g. {@link FRESH_SALES_OWNERS})
 * names the one who sold each customer's lines.
 */
export function freshSales(today: Date = new Date(), opts: { owners?: Readonly<Record<string, string>> } = {}): FixtureFiles {
  const s = seed()
    .salesman('S1', { name: 'Ann Smith', email: 'ann@example.com', slackUser: 'U0ANN', region: 'North' })
    .salesman('S2', { name: 'Bob Jones', email: 'bob@example.com', slackUser: 'U0BOB', region: 'South' })
    .customer('C1', { name: 'Acme GmbH', region: 'North', salesman: 'S1' })
    .customer('C2', { name: 'Beta Inc', region: 'South', salesman: 'S2' })
    .customer('C3', { name: 'Gamma Ltd', region: 'North', salesman: 'S1' })
    .customer('C4', { name: 'Delta SA', region: 'South', salesman: 'S2' })
    .product('P1', { name: 'Printer', category: 'Hardware', price: 100, cost: 60, stock: 10, active: true })
    .product('P2', { name: 'Toner', category: 'Supplies', price: 20, cost: 8, stock: 100, active: true })
    .product('P3', { name: 'Paper', category: 'Supplies', price: 5, cost: 2, stock: 500, active: true })
    .product('P4', { name: 'Old stock', category: 'Hardware', price: 30, cost: 10, stock: 50, active: true });
  const line = (order: string, d: number, customer: string, product: string, qty: number, price: number) => {
    const salesman = opts.owners?.[customer];
    s.sale({ order, on: daysAgo(d, today), customer, product, qty, price, ...(salesman ? { salesman } : {}) });
  };
  for (let d = 120, i = 0; d >= 40; d -= 7, i++) {
    line(`C1-${i}`, d, 'C1', 'P1', 1, 100);
    line(`C1-${i}`, d, 'C1', 'P2', 1, 20);
  }
  for (let d = 100, i = 0; d >= 30; d -= 7, i++) line(`C2-${i}`, d, 'C2', 'P1', 1, 100);
  for (let d = 120, i = 0; d >= 0; d -= 4, i++) {
    if (i % 2 === 0) {
      line(`C3-${i}`, d, 'C3', 'P1', 1, 100);
      line(`C3-${i}`, d, 'C3', 'P2', 1, 20);
    } else line(`C3-${i}`, d, 'C3', 'P3', 2, 5);
  }
  for (let d = 120, i = 0; d >= 0; d -= 3, i++) line(`C4-${i}`, d, 'C4', 'P3', 3, 5);
  return s.files();
}

export const silentLog = (): Logger => pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** A fresh database with `files` loaded, plus Slack users: U0ADMIN (admin), U0ANN and U0BOB (salesmen S1, S2). */
export async function databaseWith(files: FixtureFiles): Promise<TestDatabase> {
  const t = await createTestDatabase();
  await loadFixture(t.database, files);
  await slackUser(t.database, 'U0ADMIN', 'admin');
  return t;
}

export async function slackUser(database: Database, slackUserId: string, role: 'admin' | 'manager' | 'salesman', salesman?: string): Promise<void> {
  const s = salesman ? await salesmanByExternalId(database, salesman) : undefined;
  await upsertSlackUser(database, slackUserId, { role, ...(s ? { salesmanId: s.id } : {}) });
}

export function subscription(database: Database, over: Partial<NewSubscription> = {}): Promise<SubscriptionRow> {
  return insertSubscription(database, {
    ownerSlackUserId: 'U0ADMIN',
    target: 'C0SALES',
    kind: 'report',
    subject: 'kpi',
    filters: {},
    cron: '0 8 * * 1',
    timeZone: 'UTC',
    skipWhenEmpty: false,
    onlyWhenChanged: false,
    ...over,
  });
}

/** A throwaway BullMQ key prefix and its connection; `clear()` deletes every key under it. */
export function redisFor(prefix = `test-${randomBytes(4).toString('hex')}`): JobsConnection & { clear(): Promise<void> } {
  const conn = connectJobs({ url: TEST_REDIS_URL, prefix });
  return {
    ...conn,
    async clear() {
      const r = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
      try {
        let cursor = '0';
        do {
          const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
          cursor = next;
          if (keys.length > 0) await r.del(...keys);
        } while (cursor !== '0');
      } finally {
        r.disconnect();
      }
    },
  };
}

export async function fakeSlack(): Promise<FakeSlack> {
  const slack = await new FakeSlack().start();
  slack.users.set('U0ADMIN', { id: 'U0ADMIN', tz: 'Europe/Berlin' });
  slack.users.set('U0ANN', { id: 'U0ANN', tz: 'America/New_York', email: 'ann@example.com' });
  slack.users.set('U0BOB', { id: 'U0BOB', tz: 'UTC', email: 'bob@example.com' });
  return slack;
}

/** The settings the CLI reads from the environment, as the tests' default environment gives them. */
export function jobSettings(o: Partial<JobSettings> = {}): JobSettings {
  return { timeZone: 'UTC', staleAfterHours: 72, adminIds: [], ...o };
}

export function posterFor(slack: FakeSlack, conn?: JobsConnection): SlackPoster {
  return createWebPoster({ token: BOT_TOKEN, apiUrl: slack.apiUrl, ...(conn ? { pacer: redisPacer(conn.redis, conn.prefix) } : {}) });
}

/** chat.postMessage calls to one channel in order, failed attempts (429, injected errors) included. */
export function postsTo(slack: FakeSlack, channel: string) {
  return slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);
}
