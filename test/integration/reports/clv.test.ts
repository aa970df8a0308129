import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clvAnalysis } from '../../../src/analytics/clv.js';
import { isAppError } from '../../../src/lib/errors.js';
import { clvReport } from '../../../src/reports/clv/clv-module.js';
import { lastFit } from '../../../src/reports/clv/last-fit.js';
import { runReport } from '../../../src/reports/run-report.js';
import { seed, type Seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';

const AS_OF = '2024-03-31';

/** 20 filler customers F01..F20 (region East): 1–4 purchase days, so the models have a sample to fit. */
function addFillers(s: Seed): Seed {
  for (let k = 1; k <= 20; k++) {
    const id = `F${String(k).padStart(2, '0')}`;
    s.customer(id, { name: `Filler ${k}`, region: 'East' });
    const start = Date.UTC(2023, 5, 1) + 7 * k * 86_400_000;
    for (let j = 0; j <= k % 4; j++) {
      const day = new Date(start + j * (10 + 3 * k) * 86_400_000).toISOString().slice(0, 10);
      s.sale({ order: `${id}-${j}`, on: day, customer: id, price: 20 + k });
    }
  }
  return s;
}

describe('clv report', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    const s = seed()
      .salesman('S1', { name: 'Sam Seller' })
      .customer('A', { name: 'Alpha', region: 'North', salesman: 'S1' })
      .customer('R', { name: 'Refunder', region: 'North', salesman: 'S1' })
      // A: 2024-01-01 two orders (60 + 40), 01-15 50, 02-05 30; 04-10 after as-of.
      // R: 01-10 200; 02-10 100 and a -30 return (net 70); 03-01 a return only (-50): not a purchase day.
      .sale({ order: 'A1', on: '2024-01-01T09:00:00Z', customer: 'A', price: 60 })
      .sale({ order: 'A2', on: '2024-01-01T15:00:00Z', customer: 'A', price: 40 })
      .sale({ order: 'A3', on: '2024-01-15', customer: 'A', price: 50 })
      .sale({ order: 'A4', on: '2024-02-05', customer: 'A', price: 30 })
      .sale({ order: 'A5', on: '2024-04-10', customer: 'A', price: 999 })
      .sale({ order: 'R1', on: '2024-01-10', customer: 'R', price: 200 })
      .sale({ order: 'R2', on: '2024-02-10', customer: 'R', price: 100 })
      .sale({ order: 'R3', on: '2024-02-10', customer: 'R', qty: -1, price: 30 })
      .sale({ order: 'R4', on: '2024-03-01', customer: 'R', qty: -1, price: 50 });
    await addFillers(s).load(t.database);
  });
  afterAll(() => t.drop());

  it('builds per-customer inputs in SQL: per-day merge, repeat-day mean, as-of cut-off, refunds', async () => {
    const r = await runReport(t.database, clvReport, { filters: {}, asOf: AS_OF, limit: 0 });
    expect(r.customerCount).toBe(22);
    const byId = Object.fromEntries(r.customers.map((c) => [c.customerId, c]));
    // A: purchase days 01-01 (100), 01-15 (50), 02-05 (30) → x 2, t_x 35 d, T 90 d, m̄ (50+30)/2
    expect(byId.A).toMatchObject({ name: 'Alpha', frequency: 2, monetaryValue: 40, purchaseDays: 3, orders: 4, revenue: 180 });
    expect(byId.A!.recency).toBeCloseTo(5, 12);
    expect(byId.A!.T).toBeCloseTo(90 / 7, 12);
    expect(byId.A).toMatchObject({ firstOrderDay: '2024-01-01', lastOrderDay: '2024-02-05', daysSinceLastOrder: 55, salesmanName: 'Sam Seller' });
    // R: the return-only day is no purchase; the same-day return nets the repeat day to 70
    expect(byId.R).toMatchObject({ frequency: 1, monetaryValue: 70, purchaseDays: 2, revenue: 220, lastOrderDay: '2024-02-10' });
    expect(byId.R!.recency).toBeCloseTo(31 / 7, 12);
  });

  it('fits BG/NBD + Gamma-Gamma exactly as the pure analysis on the same inputs, sorted by clv', async () => {
    const r = await runReport(t.database, clvReport, { filters: {}, asOf: AS_OF, limit: 0, options: { horizon: 10, months: 6, discount: 0.02 } });
    const all = r.customers;
    const pure = clvAnalysis(
      { customerIds: all.map((c) => c.customerId), x: all.map((c) => c.frequency), tx: all.map((c) => c.recency), T: all.map((c) => c.T), monetary: all.map((c) => c.monetaryValue) },
      { unit: 'week', horizonMonths: 6, monthlyDiscountRate: 0.02, purchaseHorizon: 10 },
    );
    if (pure.status !== 'ok') throw new Error('pure fit failed');
    // Same inputs in another order: equal up to the optimizer's tolerance on this nearly flat likelihood.
    expect(r.model!.bgnbd.r).toBeCloseTo(pure.model.bgnbd.r, 5);
    expect(r.model!.gammaGamma!.p).toBeCloseTo(pure.model.gammaGamma!.p, 5);
    pure.customers.forEach((c, i) => {
      expect(all[i]!.expectedPurchases).toBeCloseTo(c.expectedPurchases, 5);
      expect(all[i]!.clv).toBeCloseTo(c.clv!, 3);
    });
    expect(r.settings).toEqual({ unit: 'week', horizon: 10, months: 6, discount: 0.02 });
    const clvs = all.map((c) => c.clv!);
    expect(clvs.every((v, i) => i === 0 || clvs[i - 1]! >= v)).toBe(true);
    expect(r.totalClv).toBeCloseTo(clvs.reduce((s, v) => s + v, 0), 6);
  });

  it('unit day gives times in days and the same P(alive) (the fit is scale-equivariant)', async () => {
    const week = await runReport(t.database, clvReport, { filters: {}, asOf: AS_OF, limit: 0 });
    const day = await runReport(t.database, clvReport, { filters: {}, asOf: AS_OF, limit: 0, options: { unit: 'day' } });
    const a = day.customers.find((c) => c.customerId === 'A')!;
    expect([a.recency, a.T]).toEqual([35, 90]);
    expect(day.model!.bgnbd.alpha / week.model!.bgnbd.alpha).toBeCloseTo(7, 1); // up to optimizer tolerance on a flat likelihood
    const w = new Map(week.customers.map((c) => [c.customerId, c.pAlive!]));
    for (const c of day.customers) expect(Math.abs(c.pAlive! - w.get(c.customerId)!)).toBeLessThan(1e-3);
  });

  it('a collapsed mixing distribution (huge a, b) is explained in words, not shown as raw numbers', async () => {
    const r = await runReport(t.database, clvReport, { filters: {}, asOf: AS_OF, limit: 0 });
    expect(r.status).toBe('ok');
    expect(r.model!.bgnbd.a).toBeGreaterThan(1e4);
    expect(r.model!.bgnbd).toMatchObject({ dropout: 'shared', converged: true });
    expect(r.message).toMatch(/one drop-out chance for all, \d+\.\d% after each purchase/);
    expect(r.model!.bgnbd.dropoutPerPurchase).toBeCloseTo(r.model!.bgnbd.a / (r.model!.bgnbd.a + r.model!.bgnbd.b), 12);
    expect(clvReport.view(r).notes[0]).toBe(r.message);
  });

  it('too small a sample gives a clear status, not wild parameters', async () => {
    const r = await runReport(t.database, clvReport, { filters: { region: ['North'] }, asOf: AS_OF, limit: 0 });
    expect(r.status).toBe('insufficient');
    expect(r.message).toMatch(/Only 2 customers .* at least 20/);
    expect(r.model).toBeNull();
    expect(r.customers.map((c) => c.customerId).sort()).toEqual(['A', 'R']);
    expect(r.customers[0]).toMatchObject({ pAlive: null, clv: null });
    const single = await runReport(t.database, clvReport, { filters: { customer: ['A'] }, asOf: AS_OF, limit: 0 });
    expect(single.customers).toHaveLength(1);
    expect(single.customers[0]!.frequency).toBe(2);
  });

  it('a window with no purchases says so', async () => {
    const r = await runReport(t.database, clvReport, { filters: {}, asOf: '2020-01-01', limit: 0 });
    expect(r).toMatchObject({ status: 'insufficient', customerCount: 0, customers: [], model: null });
    expect(r.message).toMatch(/No customer has a purchase/);
    expect(clvReport.view(r).notes).toEqual([r.message]);
  });

  it('caps the list and serves the default view from the snapshot', async () => {
    const capped = await runReport(t.database, clvReport, { filters: {}, asOf: AS_OF, limit: 3 });
    expect(capped.customers).toHaveLength(3);
    const def = await runReport(t.database, clvReport, { filters: {} });
    expect(def.source).toBe('snapshot');
    expect(def.model).not.toBeNull();
  });

  it('warm-starts fits from the stored model, α converted to the requested unit', async () => {
    const def = await runReport(t.database, clvReport, { filters: {} });
    expect(def.source).toBe('snapshot');
    const stored = def.model!.bgnbd;
    const week = await lastFit(t.database, 'week');
    expect(week!.bgnbd).toEqual({ r: stored.r, alpha: stored.alpha, a: stored.a, b: stored.b });
    expect(week!.gammaGamma).toEqual({ p: def.model!.gammaGamma!.p, q: def.model!.gammaGamma!.q, v: def.model!.gammaGamma!.v });
    const day = await lastFit(t.database, 'day');
    expect(day!.bgnbd!.alpha).toBeCloseTo(stored.alpha * 7, 9);
  });

  it('validates its options as usage errors', () => {
    const opt = (key: string) => clvReport.options.find((o) => o.key === key)!;
    expect(opt('unit').parse('Day')).toBe('day');
    expect(opt('horizon').parse('39')).toBe(39);
    for (const [key, bad] of [['unit', 'month'], ['horizon', '0'], ['months', '1.5'], ['discount', '1'], ['discount', 'x']] as const) {
      let error: unknown;
      try {
        opt(key).parse(bad);
      } catch (e) {
        error = e;
      }
      expect(isAppError(error) && error.code === 'USAGE').toBe(true);
    }
    expect(clvReport.options.map((o) => o.flag)).toEqual(['--horizon <periods>', '--unit <unit>', '--months <n>', '--discount <rate>']);
  });
});
