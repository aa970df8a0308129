import { inArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { resetEnv } from '../../../src/config/env.js';
import { salesmen } from '../../../src/db/schema/index.js';
import { todayIn } from '../../../src/lib/dates.js';
import { loadDemoData } from '../../../src/services/load-demo-data.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { SlackHarness } from '../../helpers/slack-harness.js';

export interface SlackWorld {
  t: TestDatabase;
  h: SlackHarness;
  /** Two demo salesmen mapped to Slack users USALES1 / USALES2 by email. */
  rep1: { id: number; externalId: string; name: string };
  rep2: { id: number; externalId: string; name: string };
  close(): Promise<void>;
}

/**
 * Demo data (ending today) imported through the real path, the Bolt app on a free port and a fake
 * Slack that knows four people: an admin, a manager-to-be and two salesmen found by email.
 */
export async function slackWorld(orders = 2500, opts: { log?: Logger } = {}): Promise<SlackWorld> {
  resetEnv();
  const t = await createTestDatabase();
  await loadDemoData(t.database, { orders, seed: 11, end: todayIn('UTC'), timeZone: 'UTC' });
  const reps = await t.database.db
    .select({ id: salesmen.id, externalId: salesmen.externalId, name: salesmen.name, email: salesmen.email })
    .from(salesmen)
    .where(inArray(salesmen.id, sql`(select salesman_id from customers where salesman_id is not null group by 1 order by count(*) desc limit 2)`))
    .orderBy(salesmen.id);
  const [rep1, rep2] = reps;
  if (!rep1 || !rep2) throw new Error('demo data has fewer than two salesmen with customers');
  const h = await new SlackHarness(t.database, { adminIds: ['UADMIN'], ...opts }).start();
  h.slack.users.set('UADMIN', { id: 'UADMIN', email: 'boss@sales-demo.example', tz: 'UTC' });
  h.slack.users.set('UMANAGER', { id: 'UMANAGER', email: 'manager@sales-demo.example', tz: 'UTC' });
  h.slack.users.set('USALES1', { id: 'USALES1', email: rep1.email!.toUpperCase(), tz: 'UTC' });
  h.slack.users.set('USALES2', { id: 'USALES2', email: rep2.email!, tz: 'UTC' });
  h.slack.users.set('UNOBODY', { id: 'UNOBODY', email: 'stranger@example.com', tz: 'UTC' });
  return {
    t,
    h,
    rep1,
    rep2,
    async close() {
      await h.stop();
      await t.drop();
    },
  };
}
