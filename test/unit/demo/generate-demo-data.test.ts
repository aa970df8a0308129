import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoData, type DemoDataResult } from '../../../src/demo/generate-demo-data.js';
import { REGIONS } from '../../../src/demo/geography.js';
import { DEMO_KINDS } from '../../../src/demo/types.js';
import { dayOf, readTables, sum, type Tables } from './demo-fixture.js';

const END = new Date('2025-06-30T00:00:00Z');
const ORDERS = 3000;
let dir: string;
let result: DemoDataResult;
let t: Tables;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'demo-data-'));
  result = await generateDemoData({ orders: ORDERS, seed: 42, end: END, outDir: join(dir, 'a') });
  t = await readTables(result);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('generateDemoData: files and determinism', () => {
  it('writes the six files with exactly the documented columns', () => {
    expect(t.headers).toEqual({
      salesmen: ['salesman_id', 'name', 'email', 'slack_user_id', 'region', 'manager_id', 'active'],
      customers: ['customer_id', 'name', 'email', 'city', 'region', 'country', 'latitude', 'longitude', 'salesman_id', 'created_at'],
      products: ['product_id', 'name', 'sku', 'category', 'unit_price', 'unit_cost', 'stock_qty', 'active'],
      sales: ['order_id', 'line_no', 'ordered_at', 'customer_id', 'salesman_id', 'product_id', 'quantity', 'unit_price', 'discount', 'amount'],
      leads: ['lead_id', 'created_at', 'stage', 'stage_changed_at', 'customer_id', 'salesman_id', 'source', 'value', 'lost_reason', 'expected_close', 'amount'],
      activities: ['activity_id', 'occurred_at', 'salesman_id', 'kind', 'customer_id', 'notes', 'outcome'],
    });
    // A lead has a row per stage it entered after its creation's; the count is of leads.
    for (const k of DEMO_KINDS) expect(result.counts[k]).toBe(k === 'leads' ? new Set(t.leads.map((l) => l.lead_id)).size : t[k].length);
  });

  it('gives byte-identical files for the same seed and different ones for another seed', async () => {
    const again = await generateDemoData({ orders: ORDERS, seed: 42, end: END, outDir: join(dir, 'b') });
    const other = await generateDemoData({ orders: ORDERS, seed: 43, end: END, outDir: join(dir, 'c') });
    const hash = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');
    for (const k of DEMO_KINDS) expect(await hash(again.files[k]), k).toBe(await hash(result.files[k]));
    expect(await hash(other.files.sales)).not.toBe(await hash(result.files.sales));
    expect(await hash(other.files.customers)).not.toBe(await hash(result.files.customers));
  });

  it('writes exactly the requested number of orders and the planted tender, 1–6 lines each, in time order, inside the period', () => {
    const lines = new Map<string, number>();
    let outOfOrder = 0;
    let previous = '';
    for (const r of t.sales) {
      lines.set(r.order_id!, (lines.get(r.order_id!) ?? 0) + 1);
      if (r.ordered_at! < previous) outOfOrder++;
      previous = r.ordered_at!;
    }
    expect(outOfOrder).toBe(0);
    expect(lines.size).toBe(ORDERS + 1);
    expect(result.orders).toBe(ORDERS + 1);
    expect(result.planted.tender!.orderId).toBe(`O${String(ORDERS + 1).padStart(7, '0')}`);
    expect(Math.max(...lines.values())).toBeLessThanOrEqual(6);
    expect(result.from).toBe('2023-04-01');
    expect(result.to).toBe('2025-06-30');
    expect(t.sales[0]!.ordered_at! >= '2023-04-01').toBe(true);
    expect(t.sales.at(-1)!.ordered_at!.slice(0, 10) <= '2025-06-30').toBe(true);
  });

  it('uses readable ids and local timestamps without an offset', () => {
    expect(t.salesmen[0]!.salesman_id).toBe('S001');
    expect(t.customers[0]!.customer_id).toBe('C00001');
    expect(t.products[0]!.product_id).toBe('P0001');
    expect(t.sales[0]!.order_id).toBe('O0000001');
    expect(t.leads[0]!.lead_id).toBe('L00001');
    expect(t.activities[0]!.activity_id).toBe('A000001');
    const local = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
    const stamps = [...t.sales.map((r) => r.ordered_at!), ...t.activities.map((r) => r.occurred_at!), ...t.leads.flatMap((r) => [r.created_at!, r.stage_changed_at!])];
    expect(stamps.filter((s) => !local.test(s))).toEqual([]);
  });

  it('keeps every reference valid and every amount = quantity × price × (1 − discount)', () => {
    const ids = (rows: typeof t.sales, col: string) => new Set(rows.map((r) => r[col]));
    const customers = ids(t.customers, 'customer_id');
    const products = ids(t.products, 'product_id');
    const salesmen = ids(t.salesmen, 'salesman_id');
    const problems: string[] = [];
    for (const r of t.sales) {
      if (!customers.has(r.customer_id) || !products.has(r.product_id) || !salesmen.has(r.salesman_id)) problems.push(`dangling ${r.order_id}`);
      // In ten-thousandths, so the check is exact.
      const cents = Math.round(Number(r.unit_price) * 100);
      const pct = Math.round(Number(r.discount) * 100);
      if (Math.round(Number(r.amount) * 10_000) !== cents * Number(r.quantity) * (100 - pct)) problems.push(`amount ${r.order_id}/${r.line_no}`);
    }
    for (const r of t.customers) if (!salesmen.has(r.salesman_id)) problems.push(`owner of ${r.customer_id}`);
    for (const r of [...t.leads, ...t.activities]) {
      if (!salesmen.has(r.salesman_id) || (r.customer_id && !customers.has(r.customer_id))) problems.push(`dangling ${r.lead_id ?? r.activity_id}`);
    }
    expect(problems).toEqual([]);
  });

  it('survives names with commas and quotes (a real CSV parser reads them back)', () => {
    expect(t.customers.some((c) => c.name!.includes(','))).toBe(true);
    expect(t.products.some((p) => p.name!.includes('"'))).toBe(true);
    expect(t.customers).toHaveLength(result.counts.customers);
  });
});

describe('generateDemoData: planted patterns', () => {
  const revenueBy = (key: (r: Tables['sales'][number]) => string): Map<string, number> => {
    const m = new Map<string, number>();
    for (const r of t.sales) m.set(key(r), (m.get(key(r)) ?? 0) + Number(r.amount));
    return m;
  };

  it('peaks in November: November revenue beats the mean complete month', () => {
    const months = revenueBy((r) => r.ordered_at!.slice(0, 7));
    const mean = sum(months.values()) / months.size; // 2023-04 … 2025-06, all complete
    for (const nov of ['2023-11', '2024-11']) expect(months.get(nov)!).toBeGreaterThan(mean * 1.2);
    for (const aug of ['2023-08', '2024-08']) expect(months.get(aug)!).toBeLessThan(mean);
  });

  it('has its busiest hour on Tuesday morning (09–11 local)', () => {
    const cells = new Map<string, number>();
    for (const r of t.sales) {
      if (r.line_no !== '1') continue;
      const weekday = (new Date(r.ordered_at!.slice(0, 10) + 'T00:00:00Z').getUTCDay() + 6) % 7;
      const key = `${weekday}:${Number(r.ordered_at!.slice(11, 13))}`;
      cells.set(key, (cells.get(key) ?? 0) + 1);
    }
    const [top] = [...cells.entries()].sort((a, b) => b[1] - a[1]);
    expect(['1:9', '1:10']).toContain(top![0]);
  });

  it('stops selling the planted slow movers on their day and never sells two products', () => {
    const last = new Map<string, string>();
    for (const r of t.sales) if (Number(r.quantity) > 0) last.set(r.product_id!, r.ordered_at!);
    for (const s of result.planted.stoppedProducts) {
      expect(last.has(s.productId)).toBe(true); // it did sell before
      expect(last.get(s.productId)!.slice(0, 10) < s.noSalesFrom).toBe(true);
      const p = t.products.find((x) => x.product_id === s.productId)!;
      expect(p.active).toBe('true');
      expect(Number(p.stock_qty)).toBeGreaterThan(0);
    }
    for (const id of result.planted.neverSoldProductIds) expect(last.has(id)).toBe(false);
    const discontinued = t.products.find((p) => p.product_id === result.planted.discontinuedProductId)!;
    expect(discontinued.active).toBe('false');
  });

  it('has one active salesman without a single sale, and a departed one with history only', () => {
    const sellers = new Set(t.sales.map((r) => r.salesman_id));
    const idle = t.salesmen.filter((s) => !sellers.has(s.salesman_id));
    expect(idle.map((s) => s.salesman_id)).toEqual([result.planted.noSalesSalesmanId]);
    expect(idle[0]!.active).toBe('true');
    const departed = t.salesmen.find((s) => s.salesman_id === result.planted.departedSalesmanId)!;
    expect(departed.active).toBe('false');
    expect(sellers.has(departed.salesman_id)).toBe(true);
    expect(t.customers.some((c) => c.salesman_id === departed.salesman_id)).toBe(false);
    expect(t.salesmen.length).toBeGreaterThanOrEqual(12);
    expect(t.salesmen.length).toBeLessThanOrEqual(40);
  });

  it('puts customers in real cities of their region, owned by a rep of that region', () => {
    const cities = new Map(REGIONS.flatMap((r) => r.cities.map((c) => [c.name, { ...c, region: r.name }] as const)));
    const repRegion = new Map(t.salesmen.map((s) => [s.salesman_id, s.region]));
    for (const c of t.customers) {
      const city = cities.get(c.city!)!;
      expect(city.region).toBe(c.region);
      expect(city.country).toBe(c.country);
      expect(Number(c.latitude)).toBe(city.latitude);
      expect(Number(c.longitude)).toBe(city.longitude);
      // Europe, roughly: Lisbon to Bucharest, Seville to Helsinki.
      expect(Number(c.latitude)).toBeGreaterThan(36);
      expect(Number(c.latitude)).toBeLessThan(61);
      expect(Number(c.longitude)).toBeGreaterThan(-10);
      expect(Number(c.longitude)).toBeLessThan(27);
      expect(repRegion.get(c.salesman_id!)).toBe(c.region);
    }
    expect(new Set(t.customers.map((c) => c.region)).size).toBe(REGIONS.length);
  });

  it('makes the under-served region hold many customers but little revenue', () => {
    const region = new Map(t.customers.map((c) => [c.customer_id, c.region]));
    const revenue = revenueBy((r) => region.get(r.customer_id!)!);
    const total = sum(revenue.values());
    const customerShare = t.customers.filter((c) => c.region === result.planted.underServedRegion).length / t.customers.length;
    expect(customerShare).toBeGreaterThan(0.15);
    expect(revenue.get(result.planted.underServedRegion)! / total).toBeLessThan(customerShare / 2);
  });

  it('sells bundles together: most printers come with their toner', () => {
    const byOrder = new Map<string, Set<string>>();
    for (const r of t.sales) {
      if (!byOrder.has(r.order_id!)) byOrder.set(r.order_id!, new Set());
      byOrder.get(r.order_id!)!.add(r.product_id!);
    }
    const name = new Map(t.products.map((p) => [p.product_id, p.name!]));
    let printers = 0;
    let withToner = 0;
    for (const items of byOrder.values()) {
      const names = [...items].map((id) => name.get(id)!);
      const printer = names.find((n) => / Printer LP-200$/.test(n));
      if (printer === undefined) continue;
      printers++;
      const brand = printer.replace(/ Mono Laser Printer LP-200$/, '');
      if (names.includes(`${brand} Toner Cartridge for LP-200`)) withToner++;
    }
    expect(printers).toBeGreaterThan(10);
    expect(withToner / printers).toBeGreaterThan(0.6);
  });

  it('has refunds (negative lines), discounts and big accounts', () => {
    const refunds = t.sales.filter((r) => Number(r.amount) < 0);
    expect(refunds.length).toBeGreaterThan(0);
    for (const r of refunds) expect(Number(r.quantity)).toBeLessThan(0);
    expect(t.sales.filter((r) => r.discount !== '0').length / t.sales.length).toBeGreaterThan(0.05);
    const revenue = revenueBy((r) => r.customer_id!);
    const big = sum(result.planted.bigAccountIds.map((id) => revenue.get(id) ?? 0));
    expect(big / sum(revenue.values())).toBeGreaterThan(0.1);
  });

  it('lets recently churned customers fall silent 60–180 days before the end', () => {
    const end = dayOf('2025-06-30');
    const orders = new Map<string, Set<string>>();
    const lastDay = new Map<string, number>();
    for (const r of t.sales) {
      if (Number(r.amount) < 0) continue;
      if (!orders.has(r.customer_id!)) orders.set(r.customer_id!, new Set());
      orders.get(r.customer_id!)!.add(r.order_id!);
      lastDay.set(r.customer_id!, dayOf(r.ordered_at!));
    }
    const churned = result.planted.recentlyChurnedCustomerIds.filter((id) => orders.has(id));
    expect(churned.length).toBeGreaterThan(3);
    for (const id of churned) expect(end - lastDay.get(id)!).toBeGreaterThanOrEqual(55); // a few days' slack: due times jitter
    // They were real, repeat customers before they left.
    expect(churned.filter((id) => orders.get(id)!.size >= 4).length / churned.length).toBeGreaterThan(0.5);
  });

  it('builds a lead funnel with every stage, reasons for losses and sane dates', () => {
    const stages = new Set(t.leads.map((l) => l.stage));
    expect([...stages].sort()).toEqual(['lead', 'lost', 'opportunity', 'won']);
    for (const l of t.leads) {
      expect(l.stage_changed_at! >= l.created_at!).toBe(true);
      expect(l.stage_changed_at!.slice(0, 10) <= '2025-06-30').toBe(true);
      expect(l.lost_reason === '').toBe(l.stage !== 'lost');
    }
    const newHire = t.leads.filter((l) => l.salesman_id === result.planted.noSalesSalesmanId);
    for (const l of newHire) expect(['lead', 'opportunity']).toContain(l.stage);
  });

  it('plants one tender in the last complete week, far bigger than any other order, from an account of its region', () => {
    const tender = result.planted.tender!;
    // END is Monday 2025-06-30: the last ISO week that ended on or before it is 23–29 June, its Tuesday the 24th.
    expect(tender).toMatchObject({ weekFrom: '2025-06-23', weekTo: '2025-06-29', day: '2025-06-24' });
    expect([result.planted.growthRegion, result.planted.underServedRegion]).not.toContain(tender.region);
    const customer = t.customers.find((c) => c.customer_id === tender.customerId)!;
    expect(customer).toMatchObject({ region: tender.region, name: tender.customerName, salesman_id: tender.salesmanId });
    const lines = t.sales.filter((r) => r.order_id === tender.orderId);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const l of lines) expect(l).toMatchObject({ customer_id: tender.customerId, salesman_id: tender.salesmanId });
    expect(lines[0]!.ordered_at!.slice(0, 10)).toBe(tender.day);
    expect(sum(lines.map((l) => Number(l.amount)))).toBeCloseTo(tender.amount, 2);
    // Far above the region's usual week: at least 3 of the 8 weeks before, on average.
    const region = new Map(t.customers.map((c) => [c.customer_id, c.region]));
    const before = t.sales.filter((r) => region.get(r.customer_id!) === tender.region && r.ordered_at! >= '2025-04-28' && r.ordered_at! < '2025-06-23');
    expect(tender.amount).toBeGreaterThan((3 * sum(before.map((r) => Number(r.amount)))) / 8 * 0.8);
    const orderTotals = new Map<string, number>();
    for (const r of t.sales) orderTotals.set(r.order_id!, (orderTotals.get(r.order_id!) ?? 0) + Number(r.amount));
    expect(Math.max(...[...orderTotals.entries()].filter(([id]) => id !== tender.orderId).map(([, v]) => v))).toBeLessThan(tender.amount / 2);
  });
});
