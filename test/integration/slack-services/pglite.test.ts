import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/client.js';
import { logActivity } from '../../../src/services/activity-log.js';
import { findCustomers } from '../../../src/services/customer-search.js';
import { classProducts } from '../../../src/reports/abc/class-products.js';
import { customerHistory } from '../../../src/services/drill/customer-history.js';
import { regionCities } from '../../../src/reports/geo/region-cities.js';
import { segmentCustomers } from '../../../src/reports/rfm/segment-customers.js';
import { linkSalesman, resolveSlackUser } from '../../../src/services/slack-identity.js';
import { loadFixture } from '../../helpers/fixtures.js';
import { createPgliteDatabase } from '../../helpers/services.js';
import { AS_OF, FIXTURE } from './fixture.js';

/** The embedded engine runs the same SQL: one pass over every service, figures as in the Postgres tests. */
describe('slack services on PGlite', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createPgliteDatabase();
    await loadFixture(database, FIXTURE);
  });
  afterAll(() => database.close());

  it('identity, search, drill-downs and activity logging', async () => {
    const sue = await resolveSlackUser(database, { slackUserId: 'U0SUE', adminIds: [], lookupEmail: async () => 'SUE@example.com' });
    expect(sue.salesman?.externalId).toBe('S2');
    const boss = await resolveSlackUser(database, { slackUserId: 'U0BOSS', adminIds: ['U0BOSS'] });
    await linkSalesman(database, boss, 'U0BOSS', 'S3');
    expect((await resolveSlackUser(database, { slackUserId: 'U0BOSS', adminIds: ['U0BOSS'] })).salesman?.externalId).toBe('S3');

    const search = await findCustomers(database, { kind: 'all' }, 'Delta Diary');
    expect(search.candidates[0]?.customerId).toBe('D');
    expect((await findCustomers(database, sue.scope, 'acme')).candidates.map((c) => c.customerId)).toEqual(['F']);

    const hib = await segmentCustomers(database, { kind: 'all' }, { filters: {}, asOf: AS_OF, key: 'Hibernating' });
    expect(hib.data.customers.map((c) => [c.customerId, c.score])).toEqual([
      ['D', '115'],
      ['E', '211'],
    ]);
    const c = await classProducts(database, { kind: 'all' }, { filters: {}, asOf: AS_OF, key: 'C' });
    expect(c.data.products.map((p) => [p.productId, p.revenue])).toEqual([
      ['P2', 300],
      ['P4', 0],
    ]);
    const history = await customerHistory(database, { kind: 'all' }, { filters: {}, asOf: AS_OF, key: 'A', limit: 1 });
    expect(history.data.orders).toEqual([
      { orderId: 'A1', orderedAt: '2024-03-30T10:00:00.000Z', day: '2024-03-30', lines: 2, amount: 250, salesmanId: 'S1', salesmanName: 'Sam' },
    ]);
    expect(history.data.churn.gapP90Days).toBeCloseTo(41.6, 9);
    expect(history.data.crossSell.map((s) => s.productId)).toEqual(['P3']);
    await expect(customerHistory(database, sue.scope, { filters: {}, asOf: AS_OF, key: 'A' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const north = await regionCities(database, sue.scope, { filters: {}, asOf: AS_OF, key: 'North' });
    expect(north.data.cities.map((x) => [x.city, x.revenue, x.customers])).toEqual([
      ['Hamburg', 200, 1],
      ['Berlin', 0, 1],
    ]);

    const logged = await logActivity(database, sue, { activityType: 'meeting', customerId: 'C', at: '2024-03-21T09:00:00Z' }, new Date('2024-03-31T00:00:00Z'));
    expect(logged).toMatchObject({ kind: 'meeting', salesmanId: 'S2', customerId: 'C', source: 'slack', created: true });
  });
});
