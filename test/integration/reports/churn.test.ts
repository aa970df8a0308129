import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quantileType7 } from '../../../src/analytics/quantile.js';
import { churnReport } from '../../../src/reports/churn/churn-module.js';
import { clvReport } from '../../../src/reports/clv/clv-module.js';
import { runReport } from '../../../src/reports/run-report.js';
import { seed, type Seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Hand-made histories (as-of 2024-03-31 unless said otherwise):
 * - G (owner Sam): weekly on 9 Mondays 2024-01-01..02-26 (amount 100) → gaps all 7, last order 34 days ago → at risk.
 * - H (owner Sam): days 01-01, 01-11, 01-31, 03-01 (gaps 10, 20, 30; amount 500) → Q90 = 20 + 0.8·10 = 28,
 *   median 20; 30 days since on 03-31 → at risk, on 03-29 (28 days) → not (strictly greater needed).
 *   Plus a second order on 01-11: several orders on one day count as one purchase day.
 * - K (owner Kim): 2023-01-02 and 2023-01-09 only (2 days) → judged by P(alive).
 * - 30 fillers (region East, no owner) buying every 5–12 days, a third stopping in mid-2023 → a fit with drop-out.
 */
function fixture(): Seed {
  const s = seed()
    .customer('G', { name: 'Gina', region: 'North', salesman: 'S1' })
    .customer('H', { name: 'Hugo', region: 'North', salesman: 'S1' })
    .customer('K', { name: 'Kurt', region: 'South', salesman: 'S2' });
  for (let j = 0; j < 9; j++) s.sale({ order: `G${j}`, on: iso(Date.UTC(2024, 0, 1) + 7 * j * DAY), customer: 'G', price: 100 });
  ['2024-01-01', '2024-01-11', '2024-01-31', '2024-03-01'].forEach((d, j) => s.sale({ order: `H${j}`, on: d, customer: 'H', price: 500 }));
  s.sale({ order: 'H9', on: '2024-01-11T18:00:00Z', customer: 'H', price: 20 });
  s.sale({ order: 'K1', on: '2023-01-02', customer: 'K', price: 300 }).sale({ order: 'K2', on: '2023-01-09', customer: 'K', price: 300 });
  for (let k = 1; k <= 30; k++) {
    const id = `F${k}`;
    s.customer(id, { name: `Filler ${k}`, region: 'East' });
    const start = Date.UTC(2023, 0, 1) + 9 * k * DAY;
    // some stop early (drop-outs), most keep buying
    const stop = k % 3 === 0 ? Date.UTC(2023, 5, 1) : Date.UTC(2024, 2, 25);
    for (let d = start, j = 0; d <= stop; d += (5 + (k % 8)) * DAY, j++) s.sale({ order: `${id}-${j}`, on: iso(d), customer: id, price: 10 + k + ((j * 7) % 13) });
  }
  return s;
}

describe('churn report', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await fixture()
      .salesman('S1', { name: 'Sam Seller' })
      .salesman('S2', { name: 'Kim Keeper' })
      .load(t.database);
  });
  afterAll(() => t.drop());

  it('flags customers overdue by their own rhythm, with owner and a readable sentence', async () => {
    const r = await runReport(t.database, churnReport, { filters: {}, asOf: '2024-03-31', limit: 0 });
    expect(r.status).toBe('ok');
    const byId = Object.fromEntries(r.customers.map((c) => [c.customerId, c]));
    expect(byId.G).toMatchObject({
      rule: 'own-rhythm',
      orders: 9,
      purchaseDays: 9,
      daysSinceLastOrder: 34,
      typicalGapDays: 7,
      gapP90Days: 7,
      salesmanId: 'S1',
      salesmanName: 'Sam Seller',
      atRisk: true,
    });
    expect(byId.G!.rhythm).toBe('ordered every ~7 days, last order 34 days ago (usually within 7 days)');
    // percentile_cont in SQL = R type 7
    expect(quantileType7([10, 20, 30], 0.9)).toBe(28);
    expect(byId.H).toMatchObject({ rule: 'own-rhythm', purchaseDays: 4, orders: 5, gapP90Days: 28, typicalGapDays: 20, daysSinceLastOrder: 30 });
    // value at risk: revenue × 365.25 / max(tenure, 365.25); H's tenure 90 days < a year → its revenue so far
    expect(byId.H!.valueAtRisk).toBeCloseTo(2020, 9);
    expect(byId.G!.valueAtRisk).toBeCloseTo(900, 9);
    expect(r.customers.map((c) => c.valueAtRisk)).toEqual([...r.customers.map((c) => c.valueAtRisk)].sort((p, q) => q - p));
    expect(r.totalValueAtRisk).toBeCloseTo(r.customers.reduce((s, c) => s + c.valueAtRisk, 0), 6);
  });

  it('the 90th percentile must be exceeded, not reached', async () => {
    const r = await runReport(t.database, churnReport, { filters: { customer: ['H'] }, asOf: '2024-03-29', limit: 0 });
    expect(r.customers).toEqual([]);
    expect(r.atRiskCount).toBe(0);
  });

  it('uses P(alive) below 0.5 for customers with fewer than 4 purchase days', async () => {
    const r = await runReport(t.database, churnReport, { filters: {}, asOf: '2024-03-31', limit: 0 });
    const k = r.customers.find((c) => c.customerId === 'K')!;
    expect(k.rule).toBe('p-alive');
    expect(k.pAlive).toBeLessThan(0.5);
    expect(k).toMatchObject({ salesmanName: 'Kim Keeper', purchaseDays: 2 });
    expect(k.rhythm).toMatch(/^bought on 2 days, last order 447 days ago; P\(still active\) \d+\.\d%$/);
    expect(r.customers.filter((c) => c.rule === 'p-alive').every((c) => c.pAlive! < 0.5)).toBe(true);
  });

  it('agrees with the clv report on atRisk and carries the clv fields', async () => {
    const churn = await runReport(t.database, churnReport, { filters: {}, asOf: '2024-03-31', limit: 0 });
    const clv = await runReport(t.database, clvReport, { filters: {}, asOf: '2024-03-31', limit: 0 });
    expect(churn.model).toEqual(clv.model);
    const flagged = clv.customers.filter((c) => c.atRisk).map((c) => c.customerId).sort();
    expect(churn.customers.map((c) => c.customerId).sort()).toEqual(flagged);
    for (const key of ['customerId', 'frequency', 'recency', 'T', 'monetaryValue', 'pAlive', 'expectedPurchases', 'clv', 'atRisk']) {
      expect(churn.customers[0]).toHaveProperty(key);
    }
  });

  it('filters and scope apply; without a model only the own rhythm judges', async () => {
    const r = await runReport(t.database, churnReport, { filters: { region: ['North', 'South'] }, asOf: '2024-03-31', limit: 0 });
    expect(r.status).toBe('insufficient');
    expect(r.message).toMatch(/Only 3 customers.*own rhythm/);
    expect(r.customers.map((c) => c.customerId).sort()).toEqual(['G', 'H']);
    const kim = await runReport(t.database, churnReport, { filters: {}, asOf: '2024-03-31', limit: 0, scope: { kind: 'salesman', salesmanId: -1, salesmanExternalId: 'none' } });
    expect(kim.customersAssessed).toBe(0);
  });

  it('an empty window is a clear message', async () => {
    const r = await runReport(t.database, churnReport, { filters: {}, asOf: '2022-01-01', limit: 0 });
    expect(r).toMatchObject({ status: 'insufficient', customersAssessed: 0, atRiskCount: 0, customers: [] });
    expect(churnReport.view(r).notes[0]).toMatch(/No customer has a purchase/);
  });
});
