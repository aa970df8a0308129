import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../src/db/sql/run.js';
import { runCli } from '../helpers/cli.js';
import { convertNorthwind, convertSuperstore, readDatasetCsv, type ConvertedDataset } from '../helpers/datasets.js';
import { createTestDatabase, type TestDatabase } from '../helpers/services.js';

interface Totals {
  lines: number;
  orders: number;
  customers: number;
  revenue: number;
}

/** Imports a converted dataset file by file through the real CLI, failing loudly on any refusal. */
async function importThroughCli(t: TestDatabase, data: ConvertedDataset): Promise<void> {
  for (const f of data.files) {
    const r = await runCli(['import', f.kind, f.path], { env: { DATABASE_URL: t.url, SALES_TZ: 'UTC', LOG_LEVEL: 'warn' } });
    expect(r.stderr, `${f.kind}: ${r.stderr}`).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Imported /);
  }
}

async function dbTotals(t: TestDatabase): Promise<Totals> {
  const [r] = await rows<{ lines: number; orders: number; customers: number; revenue: string }>(
    t.database,
    sql.raw(`select (select count(*)::int from order_items) as lines, (select count(*)::int from orders) as orders,
                    (select count(*)::int from customers) as customers, (select sum(amount)::text from order_items) as revenue`),
  );
  return { lines: r!.lines, orders: r!.orders, customers: r!.customers, revenue: Number(r!.revenue) };
}

describe('Northwind through the CLI', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('imports every order line with the published revenue', async () => {
    await importThroughCli(t, convertNorthwind());
    // Computed from the raw files, independently of the converter.
    const details = readDatasetCsv('northwind/order_details.csv');
    const expected: Totals = {
      lines: details.length,
      orders: new Set(readDatasetCsv('northwind/orders.csv').map((o) => o.order_id)).size,
      customers: readDatasetCsv('northwind/customers.csv').length,
      revenue: details.reduce((s, d) => s + Number(d.unit_price) * Number(d.quantity) * (1 - Number(d.discount)), 0),
    };
    expect(expected.lines).toBe(2155);
    const got = await dbTotals(t);
    expect({ ...got, revenue: 0 }).toEqual({ ...expected, revenue: 0 });
    // amounts are stored at 4 decimals per line; 2,155 roundings stay far below a cent
    expect(Math.abs(got.revenue - expected.revenue)).toBeLessThan(0.01);

    const [top] = await rows<{ name: string; n: number }>(
      t.database,
      sql.raw(`select s.name, count(distinct o.id)::int as n from orders o join salesmen s on s.id = o.salesman_id group by s.name order by n desc limit 1`),
    );
    expect(top).toEqual({ name: 'Margaret Peacock', n: 156 });
  });

  it('changes nothing when the same files are imported again', async () => {
    const before = await dbTotals(t);
    await importThroughCli(t, convertNorthwind());
    expect(await dbTotals(t)).toEqual(before);
  });
});

describe('Superstore through the CLI', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('imports every order line with amount = Sales', async () => {
    await importThroughCli(t, convertSuperstore());
    const raw = readDatasetCsv('superstore/superstore.csv');
    const expected: Totals = {
      lines: raw.length,
      orders: new Set(raw.map((r) => r['Order ID'])).size,
      customers: new Set(raw.map((r) => r['Customer ID'])).size,
      revenue: raw.reduce((s, r) => s + Number(r.Sales), 0),
    };
    expect(expected).toMatchObject({ lines: 9994, orders: 5009, customers: 793 });
    const got = await dbTotals(t);
    expect({ ...got, revenue: 0 }).toEqual({ ...expected, revenue: 0 });
    expect(Math.abs(got.revenue - expected.revenue)).toBeLessThan(0.005);

    const byRegion = await rows<{ region: string; revenue: string }>(
      t.database,
      sql.raw(`select c.region, sum(oi.amount)::text as revenue from order_items oi join customers c on c.id = oi.customer_id group by 1 order by 1`),
    );
    expect(byRegion.map((r) => r.region)).toEqual(['Central', 'East', 'South', 'West']);
  });
});
