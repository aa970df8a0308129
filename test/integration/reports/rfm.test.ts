import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../../../src/services/reports/run-report.js';
import { rfmReport } from '../../../src/services/reports/rfm-report.js';
import { csv, loadFixture } from '../../helpers/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';

describe('rfm report', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await loadFixture(t.database, {
      customers: csv(`
        customer_id,name,region
        A,Alpha,North
        B,Beta,North
        C,Gamma,South
        D,Delta,South
        E,Epsilon,South`),
      products: csv(`
        product_id,name
        P,Paper`),
      sales: csv(`
        order_id,ordered_at,customer_id,product_id,quantity,unit_price
        1,2024-03-30,A,P,1,500
        2,2024-03-01,A,P,1,100
        3,2024-03-25,B,P,1,50
        4,2024-01-01,C,P,1,10
        5,2023-12-01,D,P,1,40
        6,2024-03-31,E,P,1,-5`),
    });
  });
  afterAll(() => t.drop());

  it('scores with type-7 quintiles, reversed recency, and segments by R and F', async () => {
    const r = await runReport(t.database, rfmReport, { filters: {}, asOf: '2024-03-31', limit: 0 });
    expect(r.source).toBe('live');
    expect(r.customerCount).toBe(5);
    const byId = Object.fromEntries(r.customers.map((c) => [c.customerId, c]));
    // recency days: A 1, B 6, C 90, D 121, E 0 → breaks 0.8, 4.0, 40.8, 96.2
    expect(byId.A).toMatchObject({ name: 'Alpha', recencyDays: 1, frequency: 2, monetary: 600, r: 4, f: 5, m: 5, score: '455', segment: 'Loyal Customers' });
    expect(byId.E).toMatchObject({ recencyDays: 0, frequency: 1, monetary: -5, r: 5, f: 1, m: 1, segment: 'New Customers' });
    expect(byId.D).toMatchObject({ recencyDays: 121, r: 1, segment: 'Hibernating' });
    expect(r.customers.map((c) => c.customerId)).toEqual(['A', 'B', 'D', 'C', 'E']);
    expect(r.dataAsOf).toBe('2024-03-31T00:00:00.000Z');
  });

  it('applies filters in SQL and caps the list', async () => {
    const r = await runReport(t.database, rfmReport, { filters: { region: ['South'] }, asOf: '2024-03-31', limit: 2 });
    expect(r.customerCount).toBe(3);
    expect(r.customers.map((c) => c.customerId)).toEqual(['D', 'C']);
  });

  it('an unknown region is a usage error with a suggestion, not an empty report', async () => {
    await expect(runReport(t.database, rfmReport, { filters: { region: ['Nort'] } })).rejects.toThrow(
      'No region "Nort" in the data. Did you mean region:North?',
    );
  });
});
