import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/lib/errors.js';
import { classProducts } from '../../../src/reports/abc/class-products.js';
import { customerHistory } from '../../../src/services/drill/customer-history.js';
import { regionCities } from '../../../src/reports/geo/region-cities.js';
import { segmentCustomers } from '../../../src/reports/rfm/segment-customers.js';
import { rfmReport } from '../../../src/reports/rfm/rfm-module.js';
import type { ReportScope } from '../../../src/reports/report-module.js';
import { runReport } from '../../../src/reports/run-report.js';
import { resolveSlackUser } from '../../../src/services/slack-identity.js';
import { loadFixture } from '../../helpers/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { AS_OF, FIXTURE } from './fixture.js';

const ALL: ReportScope = { kind: 'all' };

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('drill-downs', () => {
  let t: TestDatabase;
  let sam: ReportScope;
  let sue: ReportScope;
  beforeAll(async () => {
    t = await createTestDatabase();
    await loadFixture(t.database, FIXTURE);
    sam = (await resolveSlackUser(t.database, { slackUserId: 'U0SAM', adminIds: [] })).scope;
    sue = (await resolveSlackUser(t.database, { slackUserId: 'U0SUE', adminIds: [], lookupEmail: async () => 'sue@example.com' })).scope;
  });
  afterAll(() => t.drop());

  describe('segment → customers', () => {
    // All customers, recency / orders / revenue: A 1/5/650, B 11/2/500, C 6/1/200, D 182/1/700, E 102/1/50, G 60/1/100.
    // Breaks: recency 6, 11, 60, 102 · orders 1, 1, 1, 2 · revenue 100, 200, 500, 650.
    // D R1 F1 M5, E R2 F1 M1 → both Hibernating; A 554 Champions; B 443 Loyal; C 512 New; G 311 About to Sleep.
    it('lists the segment with hand-checked scores, revenue order, and pages with a total', async () => {
      const r = await segmentCustomers(t.database, ALL, { filters: {}, asOf: AS_OF, key: 'hibernating' });
      expect(r.total).toBe(2);
      expect(r.data).toMatchObject({ segment: 'Hibernating', customersScored: 6, customerCount: 2, revenue: 750, source: 'live' });
      expect(r.data.customers).toEqual([
        { customerId: 'D', name: 'Delta Dairy', recencyDays: 182, frequency: 1, monetary: 700, r: 1, f: 1, m: 5, score: '115', segment: 'Hibernating' },
        { customerId: 'E', name: 'Epsilon Electric', recencyDays: 102, frequency: 1, monetary: 50, r: 2, f: 1, m: 1, score: '211', segment: 'Hibernating' },
      ]);
      expect(r.view.rows).toEqual([
        ['D', 'Delta Dairy', '182', '1', '700', '115'],
        ['E', 'Epsilon Electric', '102', '1', '50', '211'],
      ]);
      const second = await segmentCustomers(t.database, ALL, { filters: {}, asOf: AS_OF, key: 'Hibernating', limit: 1, offset: 1 });
      expect(second.total).toBe(2);
      expect(second.data.customers.map((c) => c.customerId)).toEqual(['E']);
      expect(second.view.notes).toContain('Rows 2–2 of 2.');
      const champions = await segmentCustomers(t.database, ALL, { filters: {}, asOf: AS_OF, key: 'Champions' });
      expect(champions.data.customers.map((c) => [c.customerId, c.score])).toEqual([['A', '554']]);
    });

    it('agrees with the rfm report it drills into, under filters', async () => {
      const report = await runReport(t.database, rfmReport, { filters: { region: ['South'] }, asOf: AS_OF, limit: 0 });
      for (const s of report.segments) {
        const r = await segmentCustomers(t.database, ALL, { filters: { region: ['South'] }, asOf: AS_OF, key: s.segment, limit: 0 });
        expect(r.total).toBe(s.customers);
        expect(r.data.revenue).toBeCloseTo(s.revenue, 9);
      }
    });

    it("a salesman's segments are scored over their own customers only", async () => {
      // Sam: A 1/5/650, B 11/2/500, E 102/1/50 → breaks recency 5, 9, 29.2, 65.6: A 555 Champions, B 333, E 111 Hibernating.
      const r = await segmentCustomers(t.database, sam, { filters: {}, asOf: AS_OF, key: 'Hibernating' });
      expect(r.data.customers.map((c) => [c.customerId, c.score])).toEqual([['E', '111']]);
      expect(r.data.customersScored).toBe(3);
      const need = await segmentCustomers(t.database, sam, { filters: {}, asOf: AS_OF, key: 'need attention' });
      expect(need.data.customers.map((c) => [c.customerId, c.score])).toEqual([['B', '333']]);
      // Whatever filters a salesman sends, others' customers stay out: asking for another salesman is
      // answered with the scope sentence rather than an empty list (issue 11).
      const sneaky = await failure(segmentCustomers(t.database, sam, { filters: { salesman: ['S2'] }, asOf: AS_OF, key: 'Hibernating' }));
      expect(sneaky.code).toBe('FORBIDDEN');
      expect(sneaky.message).toMatch(/your own customers only/);
      const sueHib = await segmentCustomers(t.database, sue, { filters: {}, asOf: AS_OF, key: 'Hibernating' });
      expect(sueHib.data.customers.map((c) => c.customerId)).toEqual(['D']);
    });

    it('an unknown segment is NOT_FOUND listing the segments', async () => {
      const e = await failure(segmentCustomers(t.database, ALL, { filters: {}, asOf: AS_OF, key: 'Sleepers' }));
      expect(e.code).toBe('NOT_FOUND');
      expect(e.hint).toContain('Champions');
    });
  });

  describe('ABC class → products', () => {
    // All history: P1 1000 (10 units), P3 900, P2 300 (6 units), P4 0 of 2200 → P1 A (45.5 %), P3 B (cum 86.4 %), P2 and P4 C.
    it('lists the class with revenue, share and XYZ', async () => {
      const a = await classProducts(t.database, ALL, { filters: {}, asOf: AS_OF, key: 'a' });
      expect(a.total).toBe(1);
      expect(a.data).toMatchObject({ class: 'A', totalRevenue: 2200, classRevenue: 1000, period: { from: '2023-10-01', to: AS_OF }, weeks: 27 });
      expect(a.data.classShare).toBeCloseTo(1000 / 2200, 12);
      expect(a.data.products[0]).toMatchObject({ productId: 'P1', name: 'Paper', revenue: 1000, units: 10, class: 'A' });
      expect(a.data.products[0]!.share).toBeCloseTo(1000 / 2200, 12);
      const c = await classProducts(t.database, ALL, { filters: {}, asOf: AS_OF, key: 'C' });
      expect(c.total).toBe(2);
      expect(c.data.products.map((p) => [p.productId, p.revenue, p.xyz])).toEqual([
        ['P2', 300, 'Z'],
        ['P4', 0, 'Z'],
      ]);
      expect(c.data.classRevenue).toBe(300);
      const cz = await classProducts(t.database, ALL, { filters: {}, asOf: AS_OF, key: 'cz', limit: 1 });
      expect(cz.total).toBe(2);
      expect(cz.data.products.map((p) => p.productId)).toEqual(['P2']);
      expect(cz.view.rows).toEqual([['P2', 'Ink', '300', '13.6%', '6', 'Z']]);
    });

    it("a salesman's classes come from their own sales", async () => {
      // Sam sold P1 700, P3 300, P2 200 of 1200.
      const a = await classProducts(t.database, sam, { filters: {}, asOf: AS_OF, key: 'A' });
      expect(a.data.products.map((p) => [p.productId, p.revenue])).toEqual([['P1', 700]]);
      expect(a.data.totalRevenue).toBe(1200);
      const e = await failure(classProducts(t.database, sam, { filters: {}, key: 'D' }));
      expect(e.code).toBe('NOT_FOUND');
    });
  });

  describe('customer → history', () => {
    it('orders, 12-month trend, churn rhythm and cross-sell for one customer, hand-checked', async () => {
      const r = await customerHistory(t.database, ALL, { filters: {}, asOf: AS_OF, key: 'A', limit: 2 });
      expect(r.total).toBe(5);
      expect(r.data.customer).toEqual({ customerId: 'A', name: 'Acme Supplies', city: 'Berlin', region: 'North', salesmanId: 'S1', salesmanName: 'Sam' });
      expect(r.data.totals).toEqual({ orders: 5, lines: 6, revenue: 650 });
      expect(r.data.orders).toEqual([
        { orderId: 'A1', orderedAt: '2024-03-30T10:00:00.000Z', day: '2024-03-30', lines: 2, amount: 250, salesmanId: 'S1', salesmanName: 'Sam' },
        { orderId: 'A2', orderedAt: '2024-02-15T10:00:00.000Z', day: '2024-02-15', lines: 1, amount: 100, salesmanId: 'S1', salesmanName: 'Sam' },
      ]);
      expect(r.data.monthly).toHaveLength(12);
      expect(r.data.monthly[0]).toEqual({ month: '2023-04', revenue: 0, orders: 0 });
      expect(r.data.monthly.slice(7)).toEqual([
        { month: '2023-11', revenue: 100, orders: 1 },
        { month: '2023-12', revenue: 100, orders: 1 },
        { month: '2024-01', revenue: 100, orders: 1 },
        { month: '2024-02', revenue: 100, orders: 1 },
        { month: '2024-03', revenue: 250, orders: 1 },
      ]);
      // Purchase days 11-01, 12-05, 01-10, 02-15, 03-30 → gaps 34, 36, 36, 44: median 36, p90 36 + 0.7 × 8 = 41.6.
      expect(r.data.churn).toMatchObject({ purchaseDays: 5, lastOrderDay: '2024-03-30', daysSinceLastOrder: 1, typicalGapDays: 36, atRisk: false, rule: 'own-rhythm' });
      expect(r.data.churn.gapP90Days).toBeCloseTo(41.6, 9);
      // 11 orders; P1 in 9, P3 in 2, both in 2 → P1 ⇒ P3: confidence 2/9, lift (2/9)/(2/11) = 11/9.
      expect(r.data.crossSell).toHaveLength(1);
      expect(r.data.crossSell[0]).toMatchObject({ productId: 'P3', name: 'Toner', because: ['P1'] });
      expect(r.data.crossSell[0]!.confidence).toBeCloseTo(2 / 9, 12);
      expect(r.data.crossSell[0]!.lift).toBeCloseTo(11 / 9, 12);
      expect(r.view.rows).toEqual([
        ['2024-03-30', 'A1', '2', '250', 'Sam'],
        ['2024-02-15', 'A2', '1', '100', 'Sam'],
      ]);
    });

    it('flags a customer overdue by their own rhythm; date filters narrow the order list', async () => {
      const late = await customerHistory(t.database, ALL, { filters: {}, asOf: '2024-05-31', key: 'a' });
      expect(late.data.churn).toMatchObject({ daysSinceLastOrder: 62, atRisk: true, rule: 'own-rhythm' });
      expect(late.data.churn.overdueRatio).toBeCloseTo(62 / 41.6, 9);
      expect(late.data.monthly.at(-1)).toEqual({ month: '2024-05', revenue: 0, orders: 0 });
      const q1 = await customerHistory(t.database, ALL, { filters: { from: '2024-01-01', to: '2024-03-01' }, asOf: AS_OF, key: 'A' });
      expect(q1.data.orders.map((o) => o.orderId)).toEqual(['A2', 'A3']);
      expect(q1.data.totals).toEqual({ orders: 2, lines: 2, revenue: 200 });
    });

    it("a salesman sees their own customer's history; another salesman's reads like an unknown id (issue 14)", async () => {
      const own = await customerHistory(t.database, sam, { filters: {}, asOf: AS_OF, key: 'B' });
      expect(own.data.totals.revenue).toBe(500);
      const e = await failure(customerHistory(t.database, sam, { filters: {}, asOf: AS_OF, key: 'C' }));
      expect(e.code).toBe('NOT_FOUND');
      expect(e.message).toBe('Customer "C" is not found in your data (you can see your own customers only). Did you mean Acme Supplies [A], Epsilon Electric [E]?');
      expect((await failure(customerHistory(t.database, sue, { filters: {}, asOf: AS_OF, key: 'A' }))).code).toBe('NOT_FOUND');
    });

    it('an unknown customer is NOT_FOUND, suggesting only customers the asker may see', async () => {
      const e = await failure(customerHistory(t.database, sam, { filters: {}, asOf: AS_OF, key: 'Acme' }));
      expect(e.code).toBe('NOT_FOUND');
      expect(e.message).toBe('Customer "Acme" is not found in your data (you can see your own customers only). Did you mean Acme Supplies [A]?');
      const all = await failure(customerHistory(t.database, ALL, { filters: {}, asOf: AS_OF, key: 'Acme' }));
      expect(all.message).toBe('No customer with id "Acme". Did you mean Acme Supplies [A], Acme Industries [F]?');
    });
  });

  describe('region → cities', () => {
    it('cities with revenue, orders, customers and mean coordinates', async () => {
      const north = await regionCities(t.database, ALL, { filters: {}, asOf: AS_OF, key: 'North' });
      expect(north.total).toBe(2);
      expect(north.data).toMatchObject({ region: 'North', revenue: 1350, orders: 8, customers: 4, buyers: 3, cityCount: 2 });
      const [hamburg, berlin] = north.data.cities;
      expect(hamburg).toMatchObject({ city: 'Hamburg', revenue: 700, orders: 3, customers: 2, buyers: 2 });
      expect(hamburg!.latitude).toBeCloseTo(53.56, 9);
      expect(hamburg!.longitude).toBeCloseTo(10.01, 9);
      expect(hamburg!.revenueShare).toBeCloseTo(700 / 1350, 12);
      expect(berlin).toMatchObject({ city: 'Berlin', revenue: 650, orders: 5, customers: 2, buyers: 1 });
      expect(berlin!.latitude).toBeCloseTo(52.51, 9);
      const south = await regionCities(t.database, ALL, { filters: {}, asOf: AS_OF, key: 'South' });
      expect(south.data.cities.map((c) => [c.city, c.revenue, c.orders, c.customers])).toEqual([
        ['Munich', 750, 2, 2],
        ['(no city)', 100, 1, 1],
      ]);
      expect(south.data.cities[1]).toMatchObject({ latitude: null, longitude: null });
    });

    it('the key replaces a region filter; date filters apply', async () => {
      const r = await regionCities(t.database, ALL, { filters: { region: ['South'], from: '2024-03-01' }, asOf: AS_OF, key: 'North' });
      // March: A1 250 (Berlin), B1 400 + C1 200 (Hamburg).
      expect(r.data.cities.map((c) => [c.city, c.revenue, c.buyers])).toEqual([
        ['Hamburg', 600, 2],
        ['Berlin', 250, 1],
      ]);
    });

    it("a salesman's cities hold only their own customers and sales", async () => {
      const samNorth = await regionCities(t.database, sam, { filters: {}, asOf: AS_OF, key: 'North' });
      expect(samNorth.data.cities.map((c) => [c.city, c.revenue, c.customers])).toEqual([
        ['Berlin', 650, 1],
        ['Hamburg', 500, 1],
      ]);
      const sueNorth = await regionCities(t.database, sue, { filters: {}, asOf: AS_OF, key: 'North' });
      expect(sueNorth.data.cities.map((c) => [c.city, c.revenue, c.customers, c.buyers])).toEqual([
        ['Hamburg', 200, 1, 1],
        ['Berlin', 0, 1, 0],
      ]);
    });

    it('an unknown region is NOT_FOUND with a suggestion', async () => {
      const e = await failure(regionCities(t.database, ALL, { filters: {}, key: 'Nort' }));
      expect(e.code).toBe('NOT_FOUND');
      expect(e.message).toBe('No region "Nort" in the data. Did you mean North?');
    });
  });
});
