import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysAgo } from '../../helpers/fixtures.js';
import { seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { SlackHarness } from '../../helpers/slack-harness.js';
import { text } from './message-parts.js';

/** Issue 11, item 9: an admin is never told to "ask an admin"; they are told what to type themselves. */
describe('what an admin without a salesman link is told', () => {
  let t: TestDatabase;
  let h: SlackHarness;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seed()
      .salesman('E07', { name: 'Erik Bernard' })
      .customer('A', { name: 'Acme Corp', salesman: 'E07' })
      .sale({ order: 1, on: daysAgo(3), customer: 'A', price: 10, salesman: 'E07' })
      .load(t.database);
    h = await new SlackHarness(t.database, { adminIds: ['UADMIN'] }).start();
    h.slack.users.set('UADMIN', { id: 'UADMIN', email: 'boss@example.com' });
    h.slack.users.set('UNEW', { id: 'UNEW', email: 'new@example.com' });
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await t?.drop();
  });

  it('/sales log by an admin: link yourself, with a salesman id that exists', async () => {
    const r = await h.command('log visit A left samples', 'UADMIN');
    const s = text((await h.responsesTo(r.responseUrl))[0]!);
    expect(s).not.toMatch(/ask an admin/i);
    expect(s).toContain('You are an admin, so link yourself: `/sales admin link @you E07`');
  });

  it('someone who is not an admin is still told to ask one', async () => {
    const r = await h.command('log visit A', 'UNEW');
    expect(text((await h.responsesTo(r.responseUrl))[0]!)).toContain('Ask an admin to run `/sales admin link @you');
  });
});
