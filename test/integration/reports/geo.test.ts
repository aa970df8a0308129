import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geoReport } from '../../../src/reports/geo/geo-module.js';
import { runReport } from '../../../src/reports/run-report.js';
import { csv, loadFixture } from '../../helpers/fixtures.js';
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
    await loadFixture(t.database, {
      salesmen: csv(`
        salesman_id,name
        S1,Sam
        S2,Sue`),
      customers: csv(`
        customer_id,name,region,city,latitude,longitude,salesman_id
        A,Alpha,North,Hamburg,53.55,10.00,S1
        B,Beta,North,Hamburg,53.57,10.02,S1
        C,Gamma,North,Kiel,54.32,10.13,S2
        D,Delta,South,Munich,48.14,11.58,S2
        E,Epsilon,West,Cologne,50.94,6.96,S2
        F,Phi,,,,,S2`),
      products: csv(`
        product_id,name,category
        P1,Paper,Paper
        P2,Ink,Ink`),
      sales: csv(`
        order_id,ordered_at,customer_id,product_id,quantity,unit_price,salesman_id,amount
        1,2024-03-01T10:00:00Z,A,P1,6,100,S1,
        2,2024-03-02T10:00:00Z,B,P2,1,100,S1,
        3,2024-03-03T10:00:00Z,B,P2,-1,50,S1,-50
        4,2024-02-01T10:00:00Z,D,P1,3,100,S2,
        5,2024-03-15T10:00:00Z,D,P2,1,100,S2,
        6,2024-03-10T10:00:00Z,F,P1,1,50,S2,`),
    });
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
