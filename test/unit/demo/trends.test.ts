import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoData, type DemoDataResult } from '../../../src/demo/generate-demo-data.js';
import { dayOf, pearson, readTables, type Tables } from './demo-fixture.js';

// Trends over the last 60 days need more orders than the pattern tests to rise above the noise.
const END = '2025-06-30';
let dir: string;
let result: DemoDataResult;
let t: Tables;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'demo-trends-'));
  result = await generateDemoData({ orders: 20_000, seed: 7, end: new Date(`${END}T00:00:00Z`), outDir: dir, gzip: false });
  t = await readTables(result);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Sum of `value(row)` over sales lines in the last 30 days and in the 30 days before, per key. */
function lastTwoMonths(key: (r: Tables['sales'][number]) => string, value: (r: Tables['sales'][number]) => number) {
  const end = dayOf(END);
  const recent = new Map<string, number>();
  const before = new Map<string, number>();
  for (const r of t.sales) {
    const age = end - dayOf(r.ordered_at!);
    const m = age < 30 ? recent : age < 60 ? before : undefined;
    if (m) m.set(key(r), (m.get(key(r)) ?? 0) + value(r));
  }
  return { recent, before };
}

describe('demo data trends (last 30 days vs the 30 before)', () => {
  it('grows the growth region and shrinks the falling category', () => {
    const region = new Map(t.customers.map((c) => [c.customer_id, c.region]));
    const byRegion = lastTwoMonths((r) => region.get(r.customer_id!)!, (r) => Number(r.amount));
    const g = result.planted.growthRegion;
    expect(byRegion.recent.get(g)!).toBeGreaterThan(byRegion.before.get(g)! * 1.1);

    const category = new Map(t.products.map((p) => [p.product_id, p.category]));
    const byCategory = lastTwoMonths((r) => category.get(r.product_id!)!, (r) => Number(r.amount));
    const f = result.planted.fallingCategory;
    expect(byCategory.recent.get(f)!).toBeLessThan(byCategory.before.get(f)! * 0.6);
  });

  it('makes the planted product the top mover (largest gain in units/day, as the KPI ranks it)', () => {
    const units = lastTwoMonths((r) => r.product_id!, (r) => Number(r.quantity));
    const gain = (id: string) => (units.recent.get(id) ?? 0) - (units.before.get(id) ?? 0);
    const ranked = [...units.recent.keys()].sort((a, b) => gain(b) - gain(a));
    expect(ranked[0]).toBe(result.planted.topMoverProductId);
    expect(gain(ranked[0]!)).toBeGreaterThan(2 * gain(ranked[1]!));
  });

  it('ties activities to revenue per salesman-week', () => {
    const week = (ts: string) => Math.floor((dayOf(ts) - 4) / 7); // Monday-based weeks
    const revenue = new Map<string, number>();
    const activities = new Map<string, number>();
    for (const r of t.sales) {
      const k = `${r.salesman_id}:${week(r.ordered_at!)}`;
      revenue.set(k, (revenue.get(k) ?? 0) + Number(r.amount));
    }
    for (const a of t.activities) {
      const k = `${a.salesman_id}:${week(a.occurred_at!)}`;
      activities.set(k, (activities.get(k) ?? 0) + 1);
    }
    const keys = [...new Set([...revenue.keys(), ...activities.keys()])];
    const r = pearson(keys.map((k) => revenue.get(k) ?? 0), keys.map((k) => activities.get(k) ?? 0));
    expect(r).toBeGreaterThan(0.4);
  });

  it('gives salesmen clearly different consistency of daily revenue', () => {
    const daily = new Map<string, Map<number, number>>();
    for (const r of t.sales) {
      const m = daily.get(r.salesman_id!) ?? new Map<number, number>();
      m.set(dayOf(r.ordered_at!), (m.get(dayOf(r.ordered_at!)) ?? 0) + Number(r.amount));
      daily.set(r.salesman_id!, m);
    }
    const days = dayOf(END) - dayOf(result.from) + 1;
    const cvs = [...daily.entries()]
      .filter(([id]) => id !== result.planted.departedSalesmanId)
      .map(([, m]) => {
        const xs = [...m.values()];
        const mean = xs.reduce((a, b) => a + b, 0) / days;
        const variance = (xs.reduce((a, b) => a + (b - mean) ** 2, 0) + (days - xs.length) * mean * mean) / days;
        return Math.sqrt(variance) / mean;
      });
    expect(Math.max(...cvs) / Math.min(...cvs)).toBeGreaterThan(1.5);
  });
});
