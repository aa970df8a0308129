import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geoReport } from '../../../src/reports/geo/geo-module.js';
import { runReport } from '../../../src/reports/run-report.js';
import { seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';

/**
 * Six customers: North A, B (Hamburg, salesman S1) and C (Kiel, never bought); South D (Munich);
 * West E (Cologne, never bought); F without region or city.
 * Revenue: A 600 · B 100 − 50 refund (P2) · D 300 (Feb) + 100 (P2) · F 50 → total 1100.
 * Shares: North 650/1100 vs 3/6 · South 400/1100 vs 1/6 · (no region) 50/1100 = 0.045 < (1/6)/2
 * → under-served · West 0 vs 1/6 → under-served.
 */
describe('geo report', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seed()
      .salesman('S1', { name: 'Sam' })
      .salesman('S2', { name: 'Sue' })
      .customer('A', { name: 'Alpha', city: 'Hamburg', region: 'North', latitude: 53.55, longitude: 10, salesman: 'S1' })
      .customer('B', { name: 'Beta', city: 'Hamburg', region: 'North', latitude: 53.57, longitude: 10.02, salesman: 'S1' })
      .customer('C', { name: 'Gamma', city: 'Kiel', region: 'North', latitude: 54.32, longitude: 10.13, salesman: 'S2' })
      .customer('D', { name: 'Delta', city: 'Munich', region: 'South', latitude: 48.14, longitude: 11.58, salesman: 'S2' })
      .customer('E', { name: 'Epsilon', city: 'Cologne', region: 'West', latitude: 50.94, longitude: 6.96, salesman: 'S2' })
      .customer('F', { name: 'Phi', salesman: 'S2' })
      .product('P1', { name: 'Paper', category: 'Paper' })
      .product('P2', { name: 'Ink', category: 'Ink' })
      .sale({ order: 1, on: '2024-03-01T10:00:00Z', customer: 'A', product: 'P1', qty: 6, price: 100, salesman: 'S1' })
      .sale({ order: 2, on: '2024-03-02T10:00:00Z', customer: 'B', product: 'P2', price: 100, salesman: 'S1' })
      .sale({ order: 3, on: '2024-03-03T10:00:00Z', customer: 'B', product: 'P2', qty: -1, price: 50, salesman: 'S1', amount: -50 })
      .sale({ order: 4, on: '2024-02-01T10:00:00Z', customer: 'D', product: 'P1', qty: 3, price: 100, salesman: 'S2' })
      .sale({ order: 5, on: '2024-03-15T10:00:00Z', customer: 'D', product: 'P2', price: 100, salesman: 'S2' })
      .sale({ order: 6, on: '2024-03-10T10:00:00Z', customer: 'F', product: 'P1', price: 50, salesman: 'S2' })
      .load(t.database);
  });
  afterAll(() => t.drop());

  it('revenue vs customer share per region (all customers, buyers or not); under-served below half', async () => {
    const r = await runReport(t.database, geoReport, { filters: {}, asOf: '2024-03-31', limit: 0 });
    expect(r.totalRevenue).toBe(1100);
    expect(r.totalCustomers).toBe(6);
    expect(r.regions.map((x) => [x.region, x.revenue, x.orders, x.customers, x.buyers, x.underServed])).toEqual([
      ['North', 650, 3, 3, 2, false],
      ['South', 400, 2, 1, 1, false],
      ['(no region)', 50, 1, 1, 1, true],
      ['West', 0, 0, 1, 0, true],
    ]);
    const north = r.regions[0]!;
    expect(north.revenueShare).toBeCloseTo(650 / 1100, 12);
    expect(north.customerShare).toBe(0.5);
    expect(r.underServedCount).toBe(2);
    expect(r.cities.map((c) => [c.city, c.region, c.revenue, c.customers])).toEqual([
      ['Hamburg', 'North', 650, 2],
      ['Munich', 'South', 400, 1],
      ['Cologne', 'West', 0, 1],
      ['Kiel', 'North', 0, 1],
    ]);
    expect(r.cities[0]!.latitude).toBeCloseTo(53.56, 10);
    expect(r.cities[0]!.longitude).toBeCloseTo(10.01, 10);
  });

  it('the order-line path (a from: date) agrees with the rollup path', async () => {
    const rollup = await runReport(t.database, geoReport, { filters: {}, asOf: '2024-03-31', limit: 0 });
    const lines = await runReport(t.database, geoReport, { filters: { from: '2024-01-01' }, asOf: '2024-03-31', limit: 0 });
    expect(lines.regions).toEqual(rollup.regions);
    expect(lines.cities).toEqual(rollup.cities);
    const march = await runReport(t.database, geoReport, { filters: { from: '2024-03-01' }, asOf: '2024-03-31', limit: 0 });
    expect(march.regions.find((x) => x.region === 'South')).toMatchObject({ revenue: 100, orders: 1 });
  });

  it('region, salesman and category filters', async () => {
    const north = await runReport(t.database, geoReport, { filters: { region: ['North'] }, asOf: '2024-03-31', limit: 0 });
    expect(north.regions).toEqual([
      expect.objectContaining({ region: 'North', revenue: 650, customers: 3, revenueShare: 1, customerShare: 1, underServed: false }),
    ]);
    expect(north.cities.map((c) => c.city)).toEqual(['Hamburg', 'Kiel']);
    // S1's base is the customers assigned to S1 (A, B); revenue is S1's sales.
    const s1 = await runReport(t.database, geoReport, { filters: { salesman: ['S1'] }, asOf: '2024-03-31', limit: 0 });
    expect(s1.regions.map((x) => [x.region, x.revenue, x.customers])).toEqual([['North', 650, 2]]);
    // Category restricts revenue, not the customer base.
    const ink = await runReport(t.database, geoReport, { filters: { category: ['Ink'] }, asOf: '2024-03-31', limit: 0 });
    expect(ink.totalCustomers).toBe(6);
    expect(ink.regions.map((x) => [x.region, x.revenue])).toEqual([
      ['South', 100],
      ['North', 50],
      ['(no region)', 0],
      ['West', 0],
    ]);
  });

  it('a window without sales: zero shares and every region with customers under-served', async () => {
    const r = await runReport(t.database, geoReport, { filters: { from: '2024-01-01', to: '2024-01-31' }, asOf: '2024-03-31', limit: 0 });
    expect(r.totalRevenue).toBe(0);
    expect(r.regions.every((x) => x.revenueShare === 0 && x.underServed)).toBe(true);
    expect(r.regions.map((x) => x.region)).toEqual(['(no region)', 'North', 'South', 'West']);
    expect(geoReport.view(r).notes[0]).toBe('No revenue in this window: every region with customers counts as under-served.');
  });

  it('the view flags under-served regions', async () => {
    const r = await runReport(t.database, geoReport, { filters: {}, asOf: '2024-03-31' });
    const v = geoReport.view(r);
    expect(v.title).toBe('Regional coverage · up to 2024-03-31');
    expect(v.rows[3]).toEqual(['West', '0', '0.0%', '1', '16.7%', '0', '⚠ under-served']);
    expect(v.keyFigures).toContainEqual({ label: 'Top region', value: 'North (59.1% of revenue)' });
  });

  it('no data at all is a valid empty result', async () => {
    const empty = await createTestDatabase();
    try {
      const r = await runReport(empty.database, geoReport, { filters: {}, asOf: '2024-03-31' });
      expect(r).toMatchObject({ regions: [], cities: [], totalRevenue: 0, totalCustomers: 0, underServedCount: 0 });
      expect(geoReport.view(r).notes).toEqual(['No customers or sales match these filters.']);
    } finally {
      await empty.drop();
    }
  });
});
