import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rfm } from '../../../src/analytics/rfm.js';
import { segmentCustomers } from '../../../src/reports/rfm/segment-customers.js';
import { evenSample, MAX_CHART_POINTS } from '../../../src/reports/chart-sample.js';
import { runReport } from '../../../src/reports/run-report.js';
import { rfmReport } from '../../../src/reports/rfm/rfm-module.js';
import { seed, type Seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';

describe('rfm report', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seed()
      .customer('A', { name: 'Alpha', region: 'North' })
      .customer('B', { name: 'Beta', region: 'North' })
      .customer('C', { name: 'Gamma', region: 'South' })
      .customer('D', { name: 'Delta', region: 'South' })
      .customer('E', { name: 'Epsilon', region: 'South' })
      .sale({ order: 1, on: '2024-03-30', customer: 'A', price: 500 })
      .sale({ order: 2, on: '2024-03-01', customer: 'A', price: 100 })
      .sale({ order: 3, on: '2024-03-25', customer: 'B', price: 50 })
      .sale({ order: 4, on: '2024-01-01', customer: 'C', price: 10 })
      .sale({ order: 5, on: '2023-12-01', customer: 'D', price: 40 })
      .sale({ order: 6, on: '2024-03-31', customer: 'E', price: -5 })
      .load(t.database);
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
    const customers = Array.from({ length: N }, (_, i) => ({ id: id(i), region: i % 2 ? 'North' : 'South' })).sort((a, b) => (a.id < b.id ? -1 : 1));
    const withCustomers = (s: Seed, list: typeof customers) => {
      for (const c of list) s.customer(c.id, { name: `Name ${c.id}`, region: c.region });
      return s;
    };
    // The later ids first, so the database's own order of customers is not the order of their ids.
    await withCustomers(seed(), customers.slice(1000)).load(t.database);
    const rest = withCustomers(seed(), customers.slice(0, 1000));
    for (let i = 0; i < N; i++) rest.sale({ order: i + 1, on: day(i), customer: id(i), price: amount(i) });
    await rest.load(t.database);
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
