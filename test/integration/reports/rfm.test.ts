import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rfm } from '../../../src/analytics/rfm.js';
import { segmentCustomers } from '../../../src/reports/rfm/segment-customers.js';
import { evenSample, MAX_CHART_POINTS } from '../../../src/reports/chart-sample.js';
import { runReport } from '../../../src/reports/run-report.js';
import { rfmReport } from '../../../src/reports/rfm/rfm-module.js';
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

describe('rfm report at more customers than chart points, with many ties', () => {
  // 2,101 customers, one order each: 50 order days × 3 amounts, so most revenue values are shared by
  // hundreds of customers and the list cut, the chart sample and the segment pages fall inside ties.
  const N = 2101;
  const id = (i: number) => `K${String((i * 7919) % N).padStart(4, '0')}`;
  const day = (i: number) => `2024-02-${String(1 + (i % 29)).padStart(2, '0')}`;
  const amount = (i: number) => [10, 20, 30][i % 3]!;
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    const customers = Array.from({ length: N }, (_, i) => `${id(i)},Name ${id(i)},${i % 2 ? 'North' : 'South'}`).sort();
    const sales = Array.from({ length: N }, (_, i) => `${i + 1},${day(i)},${id(i)},P,1,${amount(i)}`);
    const header = 'customer_id,name,region\n';
    // The later ids first, so the database's own order of customers is not the order of their ids.
    await loadFixture(t.database, { customers: `${header}${customers.slice(1000).join('\n')}\n` });
    await loadFixture(t.database, {
      customers: `${header}${customers.slice(0, 1000).join('\n')}\n`,
      products: 'product_id,name\nP,Paper\n',
      sales: `order_id,ordered_at,customer_id,product_id,quantity,unit_price\n${sales.join('\n')}\n`,
    });
  });
  afterAll(() => t.drop());

  /** The report as scoring every customer as an object would give it. */
  function reference(limit: number) {
    const scored = rfm(
      Array.from({ length: N }, (_, i) => ({ customerId: id(i), lastOrderDay: day(i), orders: 1, revenue: amount(i) })),
      '2024-03-31',
    );
    return {
      customerCount: N,
      breaks: scored.breaks,
      segments: scored.segments,
      customers: (limit > 0 ? scored.customers.slice(0, limit) : scored.customers).map((c) => ({ ...c, name: `Name ${c.customerId}` })),
      points: evenSample(scored.customers).map((c) => ({ recencyDays: c.recencyDays, monetary: c.monetary, segment: c.segment })),
    };
  }

  it('lists, samples and segments exactly as scoring every customer as an object', async () => {
    for (const limit of [25, 701, 0]) {
      const r = await runReport(t.database, rfmReport, { filters: {}, asOf: '2024-03-31', limit });
      expect(r.points).toHaveLength(MAX_CHART_POINTS);
      expect({ customerCount: r.customerCount, breaks: r.breaks, segments: r.segments, customers: r.customers, points: r.points }).toEqual(
        reference(limit),
      );
    }
  });

  it('pages a segment through its ties in list order', async () => {
    const all = reference(0).customers;
    for (const segment of new Set(all.map((c) => c.segment))) {
      const members = all.filter((c) => c.segment === segment);
      const page = await segmentCustomers(t.database, { kind: 'all' }, { filters: {}, asOf: '2024-03-31', key: segment, limit: 7, offset: 300 });
      expect(page.total).toBe(members.length);
      expect(page.data.customers).toEqual(members.slice(300, 307));
      expect(page.data.revenue).toBe(members.reduce((s, c) => s + c.monetary, 0));
    }
  });
});
