import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { importCsv, type ImportKind } from '../../src/db/import/import-csv.js';
import { rows } from '../../src/db/sql/run.js';
import { AppError } from '../../src/lib/errors.js';
import { runCli } from '../helpers/cli.js';
import { createPgliteDatabase, createTestDatabase, type TestDatabase } from '../helpers/services.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/import/', import.meta.url));
const fixture = (name: string): string => join(FIXTURES, name);
const KINDS: ImportKind[] = ['salesmen', 'customers', 'products', 'sales', 'leads', 'activities'];
const TZ = 'Europe/Berlin';

/** Row counts and money totals that must not move when the same files are imported again. */
async function snapshot(database: Database): Promise<Record<string, string | number>> {
  const [r] = await rows<Record<string, string | number>>(
    database,
    sql.raw(`select
      (select count(*)::int from salesmen) as salesmen,
      (select count(*)::int from customers) as customers,
      (select count(*)::int from products) as products,
      (select count(*)::int from orders) as orders,
      (select count(*)::int from order_items) as lines,
      (select coalesce(sum(amount), 0)::text from order_items) as revenue,
      (select count(*)::int from leads) as leads,
      (select count(*)::int from lead_stage_history) as history,
      (select count(*)::int from activities) as activities`),
  );
  return r!;
}

async function importAll(database: Database): Promise<void> {
  for (const kind of KINDS) await importCsv(database, { kind, source: fixture(`${kind}.csv`), timeZone: TZ });
}

function tempFile(name: string, content: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'salesbot-import-')), name);
  writeFileSync(path, content);
  return path;
}

describe('importCsv on Postgres', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('imports each kind', async () => {
    const results = [];
    for (const kind of KINDS) results.push(await importCsv(t.database, { kind, source: fixture(`${kind}.csv`), timeZone: TZ }));
    expect(results.map((r) => [r.kind, r.rows, r.inserted, r.updated])).toEqual([
      ['salesmen', 2, 2, 0],
      ['customers', 3, 3, 0],
      ['products', 3, 3, 0],
      ['sales', 6, 6, 0],
      ['leads', 5, 3, 0],
      ['activities', 3, 3, 0],
    ]);
    expect(await snapshot(t.database)).toMatchObject({
      salesmen: 2, customers: 3, products: 3, orders: 4, lines: 6, leads: 3, history: 6, activities: 3,
    });
    // 2×10.50×0.9 + 3 + 10.50 + 1.5×80 + 4×3×0.75 − 10.50 (given amount wins, may be negative)
    expect(Number((await snapshot(t.database)).revenue)).toBeCloseTo(150.9, 6);

    const lines = await rows<{ order: string; line_no: number; amount: string; customer: string; salesman: string | null }>(
      t.database,
      sql.raw(`select o.external_id as order, oi.line_no, oi.amount::text, c.external_id as customer, s.external_id as salesman
                 from order_items oi join orders o on o.id = oi.order_id join customers c on c.id = oi.customer_id
                 left join salesmen s on s.id = oi.salesman_id order by 1, 2`),
    );
    expect(lines.filter((l) => l.order === 'A-1').map((l) => [l.line_no, l.amount])).toEqual([
      [1, '18.9000'],
      [2, '3.0000'],
      [3, '10.5000'],
    ]);
    expect(lines.find((l) => l.order === 'A-3')).toMatchObject({ customer: 'C3', salesman: null });

    const [customer] = await rows<{ name: string; salesman: string; latitude: number }>(
      t.database,
      sql.raw(`select c.name, s.external_id as salesman, c.latitude from customers c join salesmen s on s.id = c.salesman_id where c.external_id = 'C2'`),
    );
    expect(customer).toEqual({ name: 'Beta, Inc.', salesman: 'S2', latitude: 48.8566 });

    const history = await rows<{ lead: string; stage: string; entered: string }>(
      t.database,
      sql.raw(`select l.external_id as lead, h.stage, to_char(h.entered_at at time zone 'Europe/Berlin', 'YYYY-MM-DD') as entered
                 from lead_stage_history h join leads l on l.id = h.lead_id order by 1, 3`),
    );
    expect(history.filter((h) => h.lead === 'L1')).toEqual([
      { lead: 'L1', stage: 'lead', entered: '2024-01-01' },
      { lead: 'L1', stage: 'opportunity', entered: '2024-01-15' },
      { lead: 'L1', stage: 'won', entered: '2024-02-01' },
    ]);
    const [l1] = await rows<{ stage: string; value: string }>(t.database, sql.raw(`select stage, value::text from leads where external_id = 'L1'`));
    expect(l1).toEqual({ stage: 'won', value: '1500.0000' });
    const [a2] = await rows<{ kind: string }>(t.database, sql.raw(`select kind from activities where external_id = 'A2'`));
    expect(a2).toEqual({ kind: 'call' });
  });

  it('re-imports the same files without changing anything', async () => {
    const before = await snapshot(t.database);
    for (const kind of KINDS) {
      const r = await importCsv(t.database, { kind, source: fixture(`${kind}.csv`), timeZone: TZ });
      expect([kind, r.inserted, r.updated]).toEqual([kind, 0, 0]);
    }
    expect(await snapshot(t.database)).toEqual(before);
  });

  it('updates a corrected file in place', async () => {
    const corrected = readFileSync(fixture('sales.csv'), 'utf8').replace('A-2,2024-02-10,C2,P3,1.5,80', 'A-2,2024-02-10,C2,P3,2,80');
    const before = await snapshot(t.database);
    const r = await importCsv(t.database, { kind: 'sales', source: tempFile('sales.csv', corrected), timeZone: TZ });
    expect([r.inserted, r.updated]).toEqual([0, 1]);
    const after = await snapshot(t.database);
    expect(after.lines).toBe(before.lines);
    expect(Number(after.revenue) - Number(before.revenue)).toBeCloseTo(40, 6);
    // and back, so later tests see the fixture's figures
    await importCsv(t.database, { kind: 'sales', source: fixture('sales.csv'), timeZone: TZ });
  });

  it('reads .csv.gz files and streams, detecting gzip by its magic bytes', async () => {
    const text = 'order_id,ordered_at,customer_id,product_id,quantity,unit_price\nG-1,2024-06-01,C1,P2,3,3.00\n';
    const gz = await importCsv(t.database, { kind: 'sales', source: tempFile('sales.csv.gz', gzipSync(text)), timeZone: TZ });
    expect([gz.rows, gz.inserted]).toEqual([1, 1]);
    const misnamed = await importCsv(t.database, { kind: 'sales', source: tempFile('sales.csv', gzipSync(text)), timeZone: TZ });
    expect([misnamed.rows, misnamed.inserted]).toEqual([1, 0]);
    const stream = await importCsv(t.database, { kind: 'sales', source: Readable.from([Buffer.from(text.replace(/G-1/g, 'G-2'))]), timeZone: TZ });
    expect([stream.rows, stream.inserted]).toEqual([1, 1]);
  });

  it('lists bad rows as "line N: column: reason" and imports nothing', async () => {
    const before = await snapshot(t.database);
    const file = tempFile(
      'sales.csv',
      [
        'ORDER_ID,Ordered_At,customer_id,product_id,quantity,unit_price,discount',
        'X-1,2024-07-01,C1,P1,1,10.50,',
        'X-1,2024-07-02,C2,P2,1,3.00,', // names another customer than line 2 (its later time alone would be fine)
        'X-2,2024-02-30,C1,P1,1,10.50,', // no such day
        'X-3,2024-07-03,C1,P1,1,10.50,1.5', // discount out of range
        'X-4,2024-07-03,,P1,1,10.50,',
        'X-5,2024-07-03,C1,P9,1,10.50,',
      ].join('\n'),
    );
    const e = await importCsv(t.database, { kind: 'sales', source: file, timeZone: TZ }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('IMPORT_INVALID');
    expect((e as AppError).details).toEqual([
      expect.stringMatching(/^line 3: customer_id: order "X-1" names customer "C1" on line 2 and "C2" here/),
      expect.stringMatching(/^line 4: ordered_at: "2024-02-30" is not an ISO-8601 date/),
      expect.stringMatching(/^line 5: discount: "1.5" is outside 0..1/),
      'line 6: customer_id: is required',
      'line 7: product_id: unknown product "P9"',
    ]);
    expect(await snapshot(t.database)).toEqual(before);
  });

  it('caps the listing at 50 rows and counts the rest', async () => {
    const body = Array.from({ length: 120 }, (_, i) => `M-${i},yesterday,C1,P1,1,1`).join('\n');
    const e = (await importCsv(t.database, {
      kind: 'sales',
      source: tempFile('many.csv', 'order_id,ordered_at,customer_id,product_id,quantity,unit_price\n' + body),
      timeZone: TZ,
    }).catch((x: unknown) => x)) as AppError;
    expect(e.details).toHaveLength(51);
    expect(e.details[0]).toMatch(/^line 2: ordered_at:/);
    expect(e.details[50]).toBe('… and 70 more');
  });

  it('names a missing required column', async () => {
    const e = (await importCsv(t.database, {
      kind: 'sales',
      source: tempFile('s.csv', 'order_id,ordered_at,customer_id,quantity,unit_price\nZ,2024-01-01,C1,1,1\n'),
      timeZone: TZ,
    }).catch((x: unknown) => x)) as AppError;
    expect(e.message).toMatch(/lacks required column product_id/);
    expect(e.hint).toMatch(/order_id, ordered_at, customer_id, product_id, quantity, unit_price/);
  });

  it('reads timestamps without an offset in the sales time zone', async () => {
    const file = tempFile(
      'tz.csv',
      'order_id,ordered_at,customer_id,product_id,quantity,unit_price\nTZ-1,2024-03-01T09:00:00,C1,P1,1,1\nTZ-2,2024-07-01,C1,P1,1,1\nTZ-3,2024-07-01T09:00:00Z,C1,P1,1,1\n',
    );
    const r = await importCsv(t.database, { kind: 'sales', source: file, timeZone: 'America/New_York' });
    expect(r.minOrderedAt).toBe('2024-03-01T14:00:00.000Z');
    const got = await rows<{ id: string; utc: string }>(
      t.database,
      sql.raw(`select external_id as id, to_char(ordered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as utc from orders where external_id like 'TZ-%' order by 1`),
    );
    expect(got).toEqual([
      { id: 'TZ-1', utc: '2024-03-01T14:00' },
      { id: 'TZ-2', utc: '2024-07-01T04:00' },
      { id: 'TZ-3', utc: '2024-07-01T09:00' },
    ]);
  });
});

describe('sales-bot import (CLI)', () => {
  let t: TestDatabase;
  const cli = (args: string[], stdin?: string | Buffer) =>
    runCli(['import', ...args], { env: { DATABASE_URL: t.url, SALES_TZ: TZ, LOG_LEVEL: 'warn' }, ...(stdin !== undefined ? { stdin } : {}) });
  const count = async (table: string): Promise<number> =>
    (await rows<{ n: number }>(t.database, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;

  beforeAll(async () => {
    t = await createTestDatabase();
    for (const kind of ['salesmen', 'customers', 'products'] as const) {
      await importCsv(t.database, { kind, source: fixture(`${kind}.csv`), timeZone: TZ });
    }
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('prints one summary line and exits 0', async () => {
    const r = await cli(['sales', fixture('sales.csv')]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Imported 6 sales lines \(6 new, 0 updated\) in \d+\.\d s, [\d,]+ lines\/s\.\n$/);
    expect(await count('order_items')).toBe(6);
  });

  it('fails on a bad row in the middle, names its line and adds nothing', async () => {
    const before = await count('order_items');
    const r = await cli(['sales', fixture('sales-bad-row.csv')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('line 4: quantity: "abc" is not a number');
    expect(r.stderr).toMatch(/nothing was imported/);
    expect(r.stdout).toBe('');
    expect(await count('order_items')).toBe(before);
    expect(await count('orders where external_id like \'B-%\'')).toBe(0);
  });

  it('rejects an unknown customer unless --create-missing, which makes a placeholder', async () => {
    const refused = await cli(['sales', fixture('sales-unknown-customer.csv')]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('line 2: customer_id: unknown customer "C404"');
    expect(refused.stderr).toContain('--create-missing');
    expect(await count(`customers where external_id = 'C404'`)).toBe(0);

    const created = await cli(['sales', fixture('sales-unknown-customer.csv'), '--create-missing']);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created placeholders: 1 customers\./);
    const [c] = await rows<{ name: string; is_placeholder: boolean }>(
      t.database,
      sql.raw(`select name, is_placeholder from customers where external_id = 'C404'`),
    );
    expect(c).toEqual({ name: 'C404', is_placeholder: true });
  });

  it('reads stdin with -, plain or gzipped', async () => {
    const text = 'order_id,ordered_at,customer_id,product_id,quantity,unit_price\nIN-1,2024-08-01,C2,P1,1,10.50\n';
    const plain = await cli(['sales', '-'], text);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^Imported 1 sales line \(1 new, 0 updated\)/);
    const gz = await cli(['sales', '-'], gzipSync(text.replace('IN-1', 'IN-2')));
    expect(gz.code).toBe(0);
    expect(await count(`orders where external_id in ('IN-1', 'IN-2')`)).toBe(2);
  });

  it('says how many orders had lines at differing times, read from stdin or a .csv.gz', async () => {
    const text = [
      'order_id,ordered_at,customer_id,product_id,quantity,unit_price',
      'ST-1,2024-08-02T10:00:59,C1,P1,1,10.50',
      'ST-1,2024-08-02T10:00:00,C1,P2,1,3.00',
      'ST-2,2024-08-02T11:00:00,C2,P1,1,10.50',
      'ST-2,2024-08-02T11:01:00,C2,P3,1,80',
      'ST-3,2024-08-02T12:00:00,C3,P1,1,10.50',
    ].join('\n');
    const note = / 2 orders had lines at differing times; each is dated at its earliest line\.\n$/;
    const piped = await cli(['sales', '-'], text);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toMatch(/^Imported 5 sales lines \(5 new, 0 updated\)/);
    expect(piped.stdout).toMatch(note);
    const gz = await cli(['sales', tempFile('sales.csv.gz', gzipSync(text.replaceAll('ST-', 'SZ-')))]);
    expect(gz.code).toBe(0);
    expect(gz.stdout).toMatch(note);
    const times = await rows<{ id: string; at: string }>(
      t.database,
      sql.raw(`select external_id as id, to_char(ordered_at at time zone 'UTC', 'HH24:MI:SS') as at from orders
                where external_id like 'ST-%' or external_id like 'SZ-%' order by 1`),
    );
    // Europe/Berlin is UTC+2 in August.
    expect(times.map((r) => `${r.id} ${r.at}`)).toEqual(
      ['SZ-1 08:00:00', 'SZ-2 09:00:00', 'SZ-3 10:00:00', 'ST-1 08:00:00', 'ST-2 09:00:00', 'ST-3 10:00:00'].sort(),
    );
    const single = await cli(['sales', '-'], 'order_id,ordered_at,customer_id,product_id,quantity,unit_price\nST-4,2024-08-03,C1,P1,1,1\n');
    expect(single.stdout).not.toMatch(/differing/);
  });

  it('rebuilds the rollups only when an import changes what they hold; otherwise refreshes the snapshots', async () => {
    const lastRefresh = async (): Promise<{ trigger: string; full: number }> =>
      (
        await rows<{ trigger: string; full: number }>(
          t.database,
          sql.raw(`select trigger, (stats->>'full')::int as full from refresh_runs where finished_at is not null order by id desc limit 1`),
        )
      )[0]!;
    const write = (name: string, text: string): string => {
      const file = join(mkdtempSync(join(tmpdir(), 'import-refresh-')), name);
      writeFileSync(file, text);
      return file;
    };
    const customers = readFileSync(fixture('customers.csv'), 'utf8');
    expect((await cli(['sales', fixture('sales.csv')])).code).toBe(0);
    // The file holds every line: re-aggregating from its first day is a full rebuild (see refreshAnalytics).
    expect(await lastRefresh()).toEqual({ trigger: 'import', full: 1 });

    const renamed = readFileSync(fixture('products.csv'), 'utf8').replace(/\nP1,([^,\n]*)/, '\nP1,Renamed $1');
    expect((await cli(['products', write('products.csv', renamed)])).code).toBe(0);
    expect(await lastRefresh()).toEqual({ trigger: 'import', full: 0 });

    expect((await cli(['customers', write('customers.csv', customers.replace('Acme GmbH', 'Acme AG'))])).code).toBe(0);
    expect(await lastRefresh()).toEqual({ trigger: 'import', full: 0 });

    // C1 has orders and moves from North to West: daily, hourly and basket rollups are keyed by region.
    const moved = customers.replace('Acme GmbH,C1,Berlin,North', 'Acme GmbH,C1,Berlin,West');
    expect((await cli(['customers', write('customers.csv', moved)])).code).toBe(0);
    expect(await lastRefresh()).toEqual({ trigger: 'import', full: 1 });
    const [region] = await rows<{ n: number }>(t.database, sql.raw(`select count(*)::int as n from daily_sales where region = 'West'`));
    expect(region!.n).toBeGreaterThan(0);
  });

  it('refuses an unknown kind and a missing file with one clear line', async () => {
    const kind = await cli(['invoices', fixture('sales.csv')]);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(/Unknown import kind "invoices"/);
    const missing = await cli(['sales', '/nonexistent/sales.csv']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Cannot read \/nonexistent\/sales.csv: no such file/);
  });

  it('lists the kinds and their required columns in --help', async () => {
    const r = await runCli(['import', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sales\s+required: order_id, ordered_at, customer_id, product_id, quantity, unit_price/);
    expect(r.stdout).toMatch(/activities\s+required: activity_id, occurred_at, salesman_id, kind/);
  });
});

describe('importCsv on PGlite', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createPgliteDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('imports every kind, idempotently, with the same figures as Postgres', async () => {
    await importAll(database);
    const first = await snapshot(database);
    expect(first).toMatchObject({ salesmen: 2, customers: 3, products: 3, orders: 4, lines: 6, leads: 3, history: 6, activities: 3 });
    expect(Number(first.revenue)).toBeCloseTo(150.9, 6);
    await importAll(database);
    expect(await snapshot(database)).toEqual(first);
  });

  it('reads offset-less timestamps in the sales time zone and rejects bad rows atomically', async () => {
    const ok = tempFile('tz.csv', 'order_id,ordered_at,customer_id,product_id,quantity,unit_price\nPT-1,2024-03-01T09:00:00,C1,P1,1,1\n');
    const r = await importCsv(database, { kind: 'sales', source: ok, timeZone: 'America/New_York' });
    expect(r.minOrderedAt).toBe('2024-03-01T14:00:00.000Z');
    const before = await snapshot(database);
    const e = await importCsv(database, { kind: 'sales', source: fixture('sales-bad-row.csv'), timeZone: TZ }).catch((x: unknown) => x);
    expect((e as AppError).details).toEqual(['line 4: quantity: "abc" is not a number (use a plain decimal like 1234.56)']);
    expect(await snapshot(database)).toEqual(before);
  });
});
