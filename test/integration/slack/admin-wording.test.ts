import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv, daysAgo, loadFixture } from '../../helpers/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { SlackHarness } from '../../helpers/slack-harness.js';
import { text } from './message-parts.js';

/** Issue 11, item 9: an admin is never told to "ask an admin"; they are told what to type themselves. */
describe('what an admin without a salesman link is told', () => {
  let t: TestDatabase;
  let h: SlackHarness;
  beforeAll(async () => {
    t = await createTestDatabase();
    await loadFixture(t.database, {
      salesmen: csv(`
        salesman_id,name
        E07,Erik Bernard`),
      customers: csv(`
        customer_id,name,salesman_id
        A,Acme Corp,E07`),
      products: csv(`
        product_id,name
        P,Paper`),
      sales: csv(`
        order_id,ordered_at,customer_id,product_id,quantity,unit_price,salesman_id
        1,${daysAgo(3)},A,P,1,10,E07`),
    });
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
