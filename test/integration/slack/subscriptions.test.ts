import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJobsControl } from '../../../src/jobs/control.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import { daysAgo } from '../../helpers/fixtures.js';
import { seed } from '../../helpers/seed.js';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../../helpers/services.js';
import { SlackHarness } from '../../helpers/slack-harness.js';
import { redisFor } from '../jobs/jobs-setup.js';
import { text, type Msg } from './message-parts.js';


/** `/sales subscribe …` through the real app, scheduling BullMQ job schedulers on this machine's Redis. */
describe('subscriptions from Slack', () => {
  let t: TestDatabase;
  let h: SlackHarness;
  const prefix = `test-sub-${randomBytes(4).toString('hex')}`;
  const jobs = openJobsControl({ redisUrl: TEST_REDIS_URL, prefix, timeZone: 'UTC' });

  const answer = async (commandText: string, user = 'UMANAGER'): Promise<Msg> => {
    const r = await h.command(commandText, user);
    const [m] = await h.responsesTo(r.responseUrl);
    expect(blockKitViolations(m as never)).toEqual([]);
    return m!;
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    await seed()
      .salesman('S1', { name: 'Sam Seller', email: 'sam@example.com' })
      .customer('A', { name: 'Alpha', salesman: 'S1' })
      .sale({ order: 1, on: daysAgo(3), customer: 'A', price: 10, salesman: 'S1' })
      .load(t.database);
    h = await new SlackHarness(t.database, { adminIds: ['UADMIN'], jobs }).start();
    h.slack.users.set('USAM', { id: 'USAM', email: 'sam@example.com', tz: 'Europe/Berlin' });
    h.slack.users.set('UMANAGER', { id: 'UMANAGER', email: 'm@example.com', tz: 'America/New_York' });
    await answer('admin role <@UMANAGER|m> manager', 'UADMIN');
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
    await jobs.close();
    await redisFor(prefix).clear();
    await t?.drop();
  });

  it('subscribes a channel, lists, pauses, resumes and removes it, keeping the BullMQ scheduler in step', async () => {
    const created = await answer('subscribe kpi weekly mon at 08:00 <#C0SALES|sales> region:North');
    expect(text(created)).toMatch(/kpi/);
    const id = Number(/Subscribed #(\d+)/.exec(String(created.text))?.[1]);
    expect(id).toBeGreaterThan(0);
    expect((await jobs.nextRuns()).has(id)).toBe(true);

    expect(text(await answer('subscriptions'))).toMatch(/kpi/);
    await answer(`pause ${id}`);
    expect((await jobs.nextRuns()).has(id)).toBe(false);
    await answer(`resume ${id}`);
    expect((await jobs.nextRuns()).has(id)).toBe(true);
    expect(text(await answer('status'))).toMatch(/kpi|subscription/i);
    await answer(`unsubscribe ${id}`);
    expect((await jobs.nextRuns()).has(id)).toBe(false);
  });

  it('lets a salesman subscribe only himself', async () => {
    const refused = await answer('subscribe churn daily at 07:30 <#C0SALES|sales>', 'USAM');
    expect(text(refused)).toMatch(/manager|yourself|only/i);
    const mine = await answer('subscribe churn daily at 07:30 me', 'USAM');
    expect(text(mine)).toMatch(/churn/);
  });

  it('sends the anomaly alert to every salesman (managers only), listed as a fan-out', async () => {
    const refused = await answer('subscribe alert anomalies daily at 08:00 salesmen', 'USAM');
    expect(text(refused)).toMatch(/managers and admins/i);
    const created = await answer('subscribe alert anomalies daily at 08:00 salesmen');
    const id = Number(/Subscribed #(\d+)/.exec(String(created.text))?.[1]);
    expect(id).toBeGreaterThan(0);
    expect((await jobs.nextRuns()).has(id)).toBe(true);
    const listed = text(await answer('subscriptions'));
    expect(listed).toMatch(new RegExp(`#${id}\\b.*every salesman \\(by DM\\).*each salesman's local time`));
    await answer(`unsubscribe ${id}`);
  });
});
