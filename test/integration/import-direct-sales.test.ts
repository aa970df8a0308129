import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { importCsv, type ImportResult } from '../../src/db/import/import-csv.js';
import { lineAmount } from '../../src/db/import/line-amount.js';
import { rows } from '../../src/db/sql/run.js';
import { seededFloats } from '../../src/demo/rng.js';
import { createTestDatabase, type TestDatabase } from '../helpers/services.js';

/**
 * The direct load (src/db/import/direct-sales.ts) must leave exactly what the general path leaves, and
 * hand every file it cannot take unchanged to the general path, whose errors stay as they are. The
 * general path is the same file given as a stream (which the direct load never takes).
 */
const FIXTURES = fileURLToPath(new URL('../fixtures/import/', import.meta.url));
const TZ = 'Europe/Berlin';
const dir = mkdtempSync(join(tmpdir(), 'salesbot-direct-'));
let seq = 0;
const fileOf = (text: string): string => {
  const path = join(dir, `sales-${++seq}.csv`);
  writeFileSync(path, text);
  return path;
};

const dbs: TestDatabase[] = [];

async function emptyDb(): Promise<Database> {
  const t = await createTestDatabase();
  dbs.push(t);
  for (const kind of ['salesmen', 'customers', 'products'] as const) {
    await importCsv(t.database, { kind, source: join(FIXTURES, `${kind}.csv`), timeZone: TZ });
  }
  return t.database;
}

afterAll(async () => {
  for (const t of dbs) await t.drop();
});

async function content(database: Database): Promise<unknown[]> {
  return rows(
    database,
    sql.raw(`select o.id, o.external_id as o, o.ordered_at::text as o_at, o.customer_id, o.salesman_id,
                    oi.line_no, oi.product_id, oi.ordered_at::text as at, oi.customer_id as c, oi.salesman_id as s,
                    oi.quantity::text as q, oi.unit_price::text as p, oi.discount::text as d, oi.amount::text as a
               from order_items oi join orders o on o.id = oi.order_id order by 1, 6`),
  );
}

async function shape(database: Database): Promise<unknown[]> {
  return rows(
    database,
    sql.raw(`select c.relname as name, pg_get_indexdef(c.oid) as def,
                    (select last_value from orders_id_seq) as last_id
               from pg_index i join pg_class c on c.oid = i.indexrelid
              where i.indrelid in ('orders'::regclass, 'order_items'::regclass) order by 1`),
  );
}

const summary = (r: ImportResult): Partial<ImportResult> => ({ ...r, durationMs: 0, stepsMs: {} });

type Outcome = { result?: Partial<ImportResult>; error?: unknown; direct: boolean };

async function run(database: Database, source: string | NodeJS.ReadableStream, createMissing = false): Promise<Outcome> {
  try {
    const r = await importCsv(database, { kind: 'sales', source, timeZone: TZ, createMissing });
    // The direct load's own steps, and none of the general path's.
    return { result: summary(r), direct: 'lines' in r.stepsMs && !('stage' in r.stepsMs) };
  } catch (e) {
    const a = e as { code?: string; message: string; details?: unknown };
    // The file's name stands in the message where the stream's label does.
    const label = typeof source === 'string' ? source : 'stream';
    return { error: { code: a.code, message: a.message.replaceAll(label, 'FILE'), details: a.details }, direct: false };
  }
}

let pair: [Database, Database] | undefined;

/** Two databases with the fixture's customers, products and salesmen and no orders. */
async function emptyPair(): Promise<[Database, Database]> {
  pair ??= [await emptyDb(), await emptyDb()];
  for (const d of pair) {
    await d.db.execute(sql.raw(`truncate order_items, orders restart identity`));
    for (const t of ['customers', 'products', 'salesmen']) await d.db.execute(sql.raw(`delete from ${t} where is_placeholder`));
  }
  return pair;
}

/** Imports `text` into two empty databases, by path and as a stream, and expects the same outcome. */
async function both(text: string, createMissing = false): Promise<{ direct: Outcome; general: Outcome }> {
  const [a, b] = await emptyPair();
  const direct = await run(a, fileOf(text), createMissing);
  const general = await run(b, Readable.from([Buffer.from(text)]), createMissing);
  expect(general.direct).toBe(false);
  expect(direct.result ?? direct.error).toEqual(general.result ?? general.error);
  if (direct.result) {
    expect(await content(a)).toEqual(await content(b));
    expect(await shape(a)).toEqual(await shape(b));
  }
  return { direct, general };
}

function lines(orders: number): string[] {
  const out: string[] = [];
  for (let o = 1; o <= orders; o++) {
    for (let l = 0; l < 1 + (o % 4); l++) {
      const at = `2024-03-${String(1 + (o % 28)).padStart(2, '0')}T${String(o % 24).padStart(2, '0')}:15:00`;
      const salesman = o % 5 === 0 ? '' : `S${1 + (o % 2)}`;
      out.push(`O${o},${at},C${1 + (o % 3)},${salesman},P${1 + ((o + l) % 3)},${1 + l},10.50,${l === 1 ? '0.1' : ''}`);
    }
  }
  return out;
}
const HEADER = 'order_id,ordered_at,customer_id,salesman_id,product_id,quantity,unit_price,discount';

describe('direct load of sales into empty order tables', { timeout: 300_000 }, () => {
  it('leaves the same orders, lines, ids and indexes as the general path', async () => {
    const { direct } = await both([HEADER, ...lines(300)].join('\n') + '\n');
    expect(direct.direct).toBe(true);
  });

  it('loads the lines frozen: an index-only scan right after the import reads no heap page', async () => {
    const [a] = await emptyPair();
    expect((await run(a, fileOf([HEADER, ...lines(300)].join('\n') + '\n'))).direct).toBe(true);
    // Rows COPYed without FREEZE leave the visibility map unset until a vacuum, so each one is a heap fetch.
    if (a.kind !== 'postgres') throw new Error('the direct load runs on Postgres');
    const plan = await a.driver.begin(async (tx) => {
      await tx.unsafe(`set local enable_seqscan = off`);
      await tx.unsafe(`set local enable_bitmapscan = off`);
      return tx.unsafe(`explain (analyze, format json) select count(*) from order_items where customer_id > 0`);
    });
    const text = JSON.stringify(plan);
    expect(text).toContain('Index Only Scan');
    expect(text).toContain('"Heap Fetches":0');
  });

  it('takes values that need care: quotes, blanks, CRLF, line_no and amount given on some lines, large numbers', async () => {
    const text = [
      'ORDER_ID , ordered_at,customer_id,product_id,quantity,unit_price,discount,line_no,amount,extra',
      '"O1",2024-01-01 10:00,C1," P1 ",2,"10.5",,3,,x',
      '"O1",2024-01-01 10:00,C1,P2,1.5,3,0.25,,,y',
      'O2,2024-01-02T11:00:00Z,"C2",P3,99999.999,99999.9999,0.12345,,,',
      'O2,2024-01-02T11:00:00Z,"C2",P1,+3,.5,1,7,12.345678,',
      'O3,2024-10-27 02:30,C3,P1,-2,10.00005,,,,',
      'O4,2024-03-31 02:30:00.1234567,C1,P2,0.0005,0.5,0.5,,,',
    ].join('\r\n');
    const { direct } = await both(text + '\r\n');
    expect(direct.direct).toBe(true);
  });

  it('dates an order whose lines differ in time at its earliest line, as the general path does', async () => {
    const text = [
      HEADER,
      'O1,2024-01-01T10:05:00,C1,S1,P1,1,1,',
      'O1,2024-01-01T10:00:00,C1,S1,P2,1,1,',
      'O1,2024-01-01T09:00:00Z,C1,S1,P3,1,1,',
      'O2,2024-01-01T11:00:00,C2,,P1,1,1,',
      'O2,2024-01-01T11:00:00+01:00,C2,,P2,1,1,',
    ].join('\n');
    const { direct } = await both(text + '\n');
    expect(direct.direct).toBe(true);
    expect(direct.result?.ordersWithDifferingTimes).toBe(1);
  });

  it('hands files it cannot take to the general path: split orders, repeated line numbers, bad rows, unknown ids, disagreeing lines', async () => {
    const cases: [string, boolean][] = [
      [[HEADER, 'O1,2024-01-01,C1,S1,P1,1,1,', 'O2,2024-01-01,C2,S1,P1,1,1,', 'O1,2024-01-01,C1,S1,P2,1,1,'].join('\n'), false],
      [['order_id,ordered_at,customer_id,product_id,quantity,unit_price,line_no', 'O1,2024-01-01,C1,P1,1,1,1', 'O1,2024-01-01,C1,P2,1,1,1'].join('\n'), false],
      [[HEADER, 'O1,2024-01-01,C1,S1,P1,x,1,', 'O2,2024-13-01,C2,S1,P1,1,1,'].join('\n'), false],
      [[HEADER, 'O1,2024-01-01,C9,S1,P1,1,1,', 'O2,2024-01-01,C2,S7,P8,1,1,'].join('\n'), false],
      [[HEADER, 'O1,2024-01-01,C9,S1,P1,1,1,', 'O2,2024-01-01,C2,S7,P8,1,1,'].join('\n'), true],
      [[HEADER, 'O1,2024-01-01,C1,S1,P1,1,1,', 'O1,2024-01-01,C2,S1,P2,1,1,'].join('\n'), false],
      [[HEADER, 'O1,2024-01-01,C1,S1,P1,123456789012,99999,'].join('\n'), false],
    ];
    for (const [text, createMissing] of cases) {
      const { direct } = await both(text + '\n', createMissing);
      expect(direct.direct).toBe(false);
    }
  });
});

describe('lineAmount', { timeout: 120_000 }, () => {
  it('rounds quantity × price × (1 − discount) to 4 decimals exactly as Postgres does', async () => {
    const [database] = await emptyPair();
    const r = seededFloats(7);
    const num = (intDigits: number, frac: number): string => {
      const sign = r() < 0.1 ? '-' : '';
      const int = String(Math.floor(r() * 10 ** Math.ceil(r() * intDigits)));
      const f = Math.floor(r() * (frac + 1));
      return f === 0 ? `${sign}${int}` : `${sign}${int}.${String(Math.floor(r() * 10 ** f)).padStart(f, '0')}`;
    };
    const cases: [string, string, string | null][] = [
      ['1', '0.00005', null],
      ['1', '0.00015', null],
      ['-1', '0.00005', null],
      ['3', '33.3333', '0.33333'],
      ['99999999999.999', '9999999999.9999', '0.99999'],
    ];
    for (let i = 0; i < 400; i++) cases.push([num(8, 4), num(7, 6), r() < 0.5 ? null : `0.${String(Math.floor(r() * 1e5)).padStart(5, '0')}`]);
    const expected = await rows<{ a: string }>(
      database,
      sql.raw(
        `select ((q::numeric * p::numeric * (1 - coalesce(d::numeric, 0)))::numeric(40,4))::text as a
           from (values ${cases.map(([q, p, d]) => `('${q}', '${p}', ${d === null ? 'null' : `'${d}'`})`).join(', ')}) v(q, p, d)`,
      ),
    );
    expect(cases.map(([q, p, d]) => lineAmount(q, p, d))).toEqual(expected.map((e) => e.a));
  });
});
