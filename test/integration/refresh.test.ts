import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env, resetEnv } from '../../src/config/env.js';
import { rows } from '../../src/db/sql/run.js';
import { customers, orderItems, orders, products, salesmen } from '../../src/db/schema/index.js';
import { refreshAnalytics } from '../../src/services/refresh.js';
import { SNAPSHOT_REPORTS } from '../../src/reports/refresh-snapshots.js';
import { createTestDatabase, type TestDatabase } from '../helpers/services.js';

/** Two customers, two products; times chosen so the Berlin business day differs from the UTC day. */
async function seed(t: TestDatabase) {
  const { db } = t.database;
  const [s] = await db.insert(salesmen).values({ externalId: 'S1', name: 'Sam' }).returning();
  const [c1, c2] = await db
    .insert(customers)
    .values([
      { externalId: 'C1', name: 'Acme', salesmanId: s!.id },
      { externalId: 'C2', name: 'Beta' },
    ])
    .returning();
  const [p1, p2] = await db
    .insert(products)
    .values([
      { externalId: 'P1', name: 'Paper' },
      { externalId: 'P2', name: 'Toner' },
    ])
    .returning();
  const addOrder = async (ext: string, at: string, customerId: number, lines: [number, string, string][]) => {
    const [o] = await db.insert(orders).values({ externalId: ext, orderedAt: new Date(at), customerId, salesmanId: s!.id }).returning();
    await db.insert(orderItems).values(
      lines.map(([productId, quantity, amount], i) => ({
        orderId: o!.id, lineNo: i + 1, productId, orderedAt: new Date(at), customerId, salesmanId: s!.id,
        quantity, unitPrice: '1', amount,
      })),
    );
  };
  // 23:30 UTC on Jan 1 is already Jan 2 in Berlin: purchase days and daily rows follow SALES_TZ.
  await addOrder('O1', '2024-01-01T10:00:00Z', c1!.id, [[p1!.id, '2', '10.50'], [p2!.id, '1', '99.99']]);
  await addOrder('O2', '2024-01-01T23:30:00Z', c1!.id, [[p1!.id, '1', '5.25']]);
  await addOrder('O3', '2024-02-01T12:00:00Z', c2!.id, [[p2!.id, '3', '-20.00']]);
  return { c1: c1!, c2: c2!, p1: p1!, p2: p2!, addOrder };
}

describe('refreshAnalytics', () => {
  let t: TestDatabase;
  let data: Awaited<ReturnType<typeof seed>>;
  beforeAll(async () => {
    resetEnv({ SALES_TZ: 'Europe/Berlin' });
    t = await createTestDatabase();
    data = await seed(t);
  });
  afterAll(async () => {
    await t.drop();
    resetEnv({ SALES_TZ: undefined });
  });

  it('builds per-customer, per-product and daily rollups with exact money and business days', async () => {
    const stats = await refreshAnalytics(t.database, { trigger: 'test', timeZone: env().SALES_TZ });
    expect(stats).toMatchObject({ customers: 2, products: 2 });
    const cust = await rows(t.database, sql`select customer_id, orders, purchase_days, revenue::text from customer_rollup order by customer_id`);
    expect(cust).toEqual([
      { customer_id: data.c1.id, orders: 2, purchase_days: 2, revenue: '115.7400' },
      { customer_id: data.c2.id, orders: 1, purchase_days: 1, revenue: '-20.0000' },
    ]);
    const daily = await rows(t.database, sql`select day::text, product_id, orders, revenue::text from daily_sales order by day, product_id`);
    expect(daily).toEqual([
      { day: '2024-01-01', product_id: data.p1.id, orders: 1, revenue: '10.5000' },
      { day: '2024-01-01', product_id: data.p2.id, orders: 1, revenue: '99.9900' },
      { day: '2024-01-02', product_id: data.p1.id, orders: 1, revenue: '5.2500' },
      { day: '2024-02-01', product_id: data.p2.id, orders: 1, revenue: '-20.0000' },
    ]);
  });

  it('after new sales, rebuilds only what changed since and stays equal to a full rebuild', async () => {
    await data.addOrder('O4', '2024-03-05T09:00:00Z', data.c2.id, [[data.p1.id, '4', '40']]);
    const partial = await refreshAnalytics(t.database, { trigger: 'import', since: '2024-03-05T09:00:00Z', timeZone: env().SALES_TZ });
    expect(partial).toMatchObject({ customers: 1, products: 1, dailyRows: 1 });
    const snapshot = async () => ({
      c: await rows(t.database, sql`select customer_id, orders, purchase_days, revenue::text, last_order_at from customer_rollup order by 1`),
      p: await rows(t.database, sql`select product_id, orders, units::text, revenue::text, last_sold_at from product_rollup order by 1`),
      d: await rows(t.database, sql`select day::text, salesman_id, product_id, orders, revenue::text from daily_sales order by 1, 2, 3`),
    });
    const incremental = await snapshot();
    await refreshAnalytics(t.database, { trigger: 'full', timeZone: env().SALES_TZ });
    expect(await snapshot()).toEqual(incremental);
    const runs = await rows<{ trigger: string }>(t.database, sql`select trigger from refresh_runs where finished_at is not null order by id`);
    expect(runs.map((r) => r.trigger)).toEqual(['test', 'import', 'full']);
  });

  it('counts an order once per product when it has several lines of that product, incrementally and in a full rebuild', async () => {
    // 12:00 Berlin on Mar 6; two lines of P1 and one of P2 in one order.
    await data.addOrder('O5', '2024-03-06T11:00:00Z', data.c1.id, [[data.p1.id, '1', '3'], [data.p2.id, '1', '7'], [data.p1.id, '2', '6']]);
    await refreshAnalytics(t.database, { trigger: 'import', since: '2024-03-06T11:00:00Z', timeZone: env().SALES_TZ });
    const dump = async () => ({
      daily: await rows(t.database, sql`select day::text, product_id, orders, units::text, revenue::text from daily_sales where day = '2024-03-06' order by 2`),
      hourly: await rows(t.database, sql`select day::text, hour, orders, revenue::text from hourly_sales where day = '2024-03-06'`),
      customerDay: await rows(t.database, sql`select customer_id, orders, revenue::text from customer_day where day = '2024-03-06'`),
      pairs: await rows(t.database, sql`select customer_id, product_id, first_day::text from customer_product order by 1, 2`),
      baskets: await rows<{ block_start: string; region: string }>(
        t.database,
        sql`select block_start::text, region, item_a, items::text, baskets::text from basket_block_counts order by 1, 2, 3`,
      ),
    });
    const incremental = await dump();
    expect(incremental.daily).toEqual([
      { day: '2024-03-06', product_id: data.p1.id, orders: 1, units: '3.000', revenue: '9.0000' },
      { day: '2024-03-06', product_id: data.p2.id, orders: 1, units: '1.000', revenue: '7.0000' },
    ]);
    expect(incremental.hourly).toEqual([{ day: '2024-03-06', hour: 12, orders: 1, revenue: '16.0000' }]);
    expect(incremental.customerDay).toEqual([{ customer_id: data.c1.id, orders: 1, revenue: '16.0000' }]);
    // The block's orders: O4 (P1) and O5 (P1, P2): two baskets, P1 in both, P2 and the pair in one.
    const { p1, p2 } = data;
    expect(p1.id).toBeLessThan(p2.id);
    expect(incremental.baskets.filter((b) => b.block_start === '2024-03-01' && b.region === '*')).toEqual([
      { block_start: '2024-03-01', region: '*', item_a: 0, items: '{0}', baskets: '{2}' },
      { block_start: '2024-03-01', region: '*', item_a: p1.id, items: `{${p1.id},${p2.id}}`, baskets: '{2,1}' },
      { block_start: '2024-03-01', region: '*', item_a: p2.id, items: `{${p2.id}}`, baskets: '{1}' },
    ]);
    await refreshAnalytics(t.database, { trigger: 'full', timeZone: env().SALES_TZ });
    expect(await dump()).toEqual(incremental);
  });

  it('rebuilds in full when the change reaches back to the first line (the first import of sales), incrementally otherwise', async () => {
    // 23:30Z on Jan 1 is Jan 2 in Berlin, a day after the first line's: incremental.
    const later = await refreshAnalytics(t.database, { trigger: 'import', since: '2024-01-01T23:30:00Z', timeZone: env().SALES_TZ });
    expect(later.full).toBe(false);
    const daily = sql`select day::text, salesman_id, product_id, region, orders, units::text, revenue::text from daily_sales order by 1, 2, 3, 4`;
    const before = await rows(t.database, daily);
    const all = await refreshAnalytics(t.database, { trigger: 'import', since: '2024-01-01T10:00:00Z', timeZone: env().SALES_TZ });
    expect(all.full).toBe(true);
    expect(await rows(t.database, daily)).toEqual(before);
  });

  it('recomputes only snapshots when asked, and rebuilds everything when SALES_TZ changed since the last refresh', async () => {
    const only = await refreshAnalytics(t.database, { trigger: 'nightly', snapshotsOnly: true, timeZone: env().SALES_TZ });
    expect(only).toMatchObject({ full: false, customers: 0, dailyRows: 0 });
    // Every snapshot group, each read in its own transaction, is stored, for the data it read.
    expect(Object.keys(only.snapshots).sort()).toEqual([...SNAPSHOT_REPORTS].sort());
    const stored = await rows<{ report: string; fresh: boolean }>(
      t.database,
      sql`select report, data_as_of = (select max(ordered_at) from order_items) as fresh from report_snapshots order by 1`,
    );
    expect(stored).toEqual([...SNAPSHOT_REPORTS].sort().map((report) => ({ report, fresh: true })));
    resetEnv({ SALES_TZ: 'UTC' });
    try {
      const moved = await refreshAnalytics(t.database, { trigger: 'import', since: '2024-03-05T09:00:00Z', timeZone: env().SALES_TZ });
      expect(moved.full).toBe(true);
      // In UTC the 23:30Z order of Jan 1 stays on Jan 1.
      const days = await rows<{ day: string }>(t.database, sql`select distinct day::text as day from daily_sales order by 1`);
      expect(days.map((d) => d.day)).toEqual(['2024-01-01', '2024-02-01', '2024-03-05', '2024-03-06']);
    } finally {
      resetEnv({ SALES_TZ: 'Europe/Berlin' });
    }
  });

  it('leaves the snapshots to the caller when asked: the rollups commit, the stored snapshots stay for the older data until a snapshots-only refresh', async () => {
    const timeZone = env().SALES_TZ;
    const fresh = sql`select report, data_as_of = (select max(ordered_at) from order_items) as fresh from report_snapshots order by 1`;
    const all = (v: boolean) => [...SNAPSHOT_REPORTS].sort().map((report) => ({ report, fresh: v }));
    await refreshAnalytics(t.database, { trigger: 'nightly', snapshotsOnly: true, timeZone });
    expect(await rows(t.database, fresh)).toEqual(all(true));
    await data.addOrder('O9', '2024-03-10T09:00:00Z', data.c2.id, [[data.p1.id, '4', '7.00']]);
    const deferred = await refreshAnalytics(t.database, { trigger: 'import', since: '2024-03-10T09:00:00Z', timeZone, deferSnapshots: true });
    expect(deferred).toMatchObject({ full: false, snapshotsDeferred: true, snapshots: {} });
    expect(deferred.stepsMs.snapshots).toBeUndefined();
    expect(await rows(t.database, sql`select units::text, revenue::text from daily_sales where day = '2024-03-10'`)).toEqual([{ units: '4.000', revenue: '7.0000' }]);
    // Not served: a snapshot is for the data it read, and these read the older data.
    expect(await rows(t.database, fresh)).toEqual(all(false));
    const later = await refreshAnalytics(t.database, { trigger: 'import', snapshotsOnly: true, timeZone });
    expect(later.snapshotsDeferred).toBe(false);
    expect(await rows(t.database, fresh)).toEqual(all(true));
  });
});
