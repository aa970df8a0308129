import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../../../src/reports/run-report.js';
import { type WhyDriver } from '../../../src/reports/why/why-report.js';
import { whyReport } from '../../../src/reports/why/why-module.js';
import { seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';

describe('why report', () => {
  let t: TestDatabase;
  let empty: TestDatabase;
  beforeAll(async () => {
    [t, empty] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    await seed()
      .salesman('S1', { name: 'Sam' })
      .salesman('S2', { name: 'Sue' })
      .salesman('S3', { name: 'Idle' })
      .customer('A', { name: 'Alpha', region: 'North' })
      .customer('B', { name: 'Beta', region: 'South' })
      .customer('C', { name: 'Gamma', region: 'North' })
      .product('P', { name: 'Paper', category: 'Office' })
      .product('Q', { name: 'Quill', category: 'Writing' })
      // --period 10 as of 03-31: current 03-22..03-31, previous 03-12..03-21.
      .sale({ order: 'h1', on: '2024-01-05', customer: 'A', product: 'P', price: 100, salesman: 'S1' })
      .sale({ order: 'h2', on: '2024-02-01', customer: 'B', product: 'Q', price: 10, salesman: 'S2' })
      .sale({ order: 'o1', on: '2024-03-15', customer: 'A', product: 'P', qty: 2, price: 100, salesman: 'S1' })
      .sale({ order: 'o2', on: '2024-03-16', customer: 'B', product: 'Q', qty: 10, price: 10, salesman: 'S2' })
      .sale({ order: 'o3', on: '2024-03-25', customer: 'A', product: 'P', qty: 3, price: 110, salesman: 'S1' })
      .sale({ order: 'o4', on: '2024-03-26', customer: 'B', product: 'Q', qty: 5, price: 10, salesman: 'S2' })
      .sale({ order: 'o5', on: '2024-03-27', customer: 'C', product: 'Q', price: 20, salesman: 'S1' })
      .load(t.database);
  });
  afterAll(() => Promise.all([t.drop(), empty.drop()]));

  const driver = (r: { drivers: WhyDriver[] }, dimension: string, member: string) =>
    r.drivers.find((d) => d.dimension === dimension && d.member === member);

  it('attributes the change to every dimension and splits it into price, volume and mix', async () => {
    const r = await runReport(t.database, whyReport, { filters: {}, asOf: '2024-03-31', limit: 0, options: { period: 10 } });
    expect(r.periods).toEqual({ current: { from: '2024-03-22', to: '2024-03-31' }, previous: { from: '2024-03-12', to: '2024-03-21' } });
    expect(r).toMatchObject({ current: 400, previous: 300, delta: 100 });
    expect(driver(r, 'product', 'P')).toMatchObject({ name: 'Paper', previous: 200, current: 330, delta: 130, share: 1.3 });
    expect(driver(r, 'product', 'Q')!.share).toBeCloseTo(-0.3, 12);
    expect(driver(r, 'category', 'Writing')).toMatchObject({ delta: -30 });
    expect(driver(r, 'salesman', 'S1')).toMatchObject({ name: 'Sam', delta: 150, share: 1.5 });
    expect(driver(r, 'salesman', 'S2')).toMatchObject({ delta: -50 });
    expect(driver(r, 'region', 'North')).toMatchObject({ delta: 150 });
    // Segments as of 03-21 (two scored customers: A last ordered 6 days before, B 5): A R1F1, B R5F1.
    expect(driver(r, 'segment', 'Hibernating')).toMatchObject({ previous: 200, current: 330, delta: 130 });
    expect(driver(r, 'segment', 'New Customers')).toMatchObject({ delta: -50 });
    expect(driver(r, 'segment', 'First order in period')).toMatchObject({ previous: 0, current: 20, delta: 20 });
    // |delta| ties broken by dimension name.
    expect(r.drivers.slice(0, 2).map((d) => `${d.dimension}:${d.member}`)).toEqual(['region:North', 'salesman:S1']);
    // price: P (110−100)·3 + Q (70/6 − 10)·6 = 40; volume: (9 − 12) · 300/12 = −75; mix = rest.
    expect(r.priceVolumeMix.price).toBeCloseTo(40, 9);
    expect(r.priceVolumeMix.volume).toBeCloseTo(-75, 9);
    expect(r.priceVolumeMix.mix).toBeCloseTo(135, 9);
    expect(r.priceVolumeMix.other).toBeCloseTo(0, 9);
    expect(r.priceVolumeMix.products[0]).toMatchObject({ productId: 'P', name: 'Paper', delta: 130 });
  });

  it('from:/to: set the current period; previous is as long, right before', async () => {
    const r = await runReport(t.database, whyReport, { filters: { from: '2024-03-15', to: '2024-03-16' }, asOf: '2024-03-31' });
    expect(r.periods.previous).toEqual({ from: '2024-03-13', to: '2024-03-14' });
    expect(r).toMatchObject({ current: 300, previous: 0, delta: 300 });
    await expect(runReport(t.database, whyReport, { filters: { from: '2024-03-15' }, options: { period: 5 } })).rejects.toThrow('--period');
  });

  it('filters: region via order lines, salesman via daily_sales', async () => {
    const south = await runReport(t.database, whyReport, { filters: { region: ['South'] }, asOf: '2024-03-31', options: { period: 10 } });
    expect(south).toMatchObject({ current: 50, previous: 100, delta: -50 });
    expect(driver(south, 'product', 'Q')).toMatchObject({ delta: -50, share: 1 });
    const s1 = await runReport(t.database, whyReport, { filters: { salesman: ['S1'] }, asOf: '2024-03-31', options: { period: 10 } });
    expect(s1).toMatchObject({ current: 350, previous: 200, delta: 150 });
    expect(driver(s1, 'region', 'North')).toMatchObject({ delta: 150, share: 1 });
    const idle = await runReport(t.database, whyReport, { filters: { salesman: ['S3'] }, asOf: '2024-03-31', options: { period: 10 } });
    expect(idle).toMatchObject({ current: 0, previous: 0, delta: 0, drivers: [] });
  });

  it('no change gives null shares; empty data is a valid empty result', async () => {
    const flat = await runReport(t.database, whyReport, { filters: {}, asOf: '2023-06-30' });
    expect(flat).toMatchObject({ current: 0, previous: 0, delta: 0, drivers: [] });
    const r = await runReport(empty.database, whyReport, { filters: {}, asOf: '2024-03-31' });
    expect(r).toMatchObject({ current: 0, previous: 0, delta: 0, drivers: [], priceVolumeMix: { price: 0, volume: 0, mix: 0 } });
    expect(whyReport.view(r).notes).toEqual(['No revenue in either period.']);
  });

  it('a customer filter reads order lines; equal changes tie exactly and are ordered by dimension', async () => {
    const a = await runReport(t.database, whyReport, { filters: { customer: ['A'] }, asOf: '2024-03-31', options: { period: 10 } });
    expect(a).toMatchObject({ current: 330, previous: 200, delta: 130 });
    expect(a.drivers.map((d) => `${d.dimension}:${d.member}`)).toEqual(['category:Office', 'product:P', 'region:North', 'salesman:S1', 'segment:Hibernating']);
    expect(a.drivers.every((d) => d.delta === 130 && d.share === 1)).toBe(true);
  });

  it('customers without a region are "(none)", from the rollups and from order lines', async () => {
    const db = await createTestDatabase();
    try {
      await seed()
        .customer('Y', { name: 'Ypsilon', region: 'West' })
        .customer('Z', { name: 'Zeta' })
        .product('P', { name: 'Paper', category: 'Office' })
        .sale({ order: 1, on: '2024-03-15', customer: 'Z', product: 'P', price: 10.05 })
        .sale({ order: 2, on: '2024-03-25', customer: 'Z', product: 'P', qty: 3, price: 10.05 })
        .sale({ order: 3, on: '2024-03-26', customer: 'Y', product: 'P', price: 0.1 })
        .load(db.database);
      for (const filters of [{}, { customer: ['Z', 'Y'] }]) {
        const r = await runReport(db.database, whyReport, { filters, asOf: '2024-03-31', limit: 0, options: { period: 10 } });
        expect(driver(r, 'region', '(none)')).toMatchObject({ previous: 10.05, current: 30.15 });
        expect(driver(r, 'region', 'West')).toMatchObject({ previous: 0, current: 0.1 });
        expect(driver(r, 'segment', 'First order in period')).toMatchObject({ previous: 0, current: 0.1 });
        expect(r).toMatchObject({ previous: 10.05, current: 30.25 });
      }
    } finally {
      await db.drop();
    }
  });
});
