import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { importCsv, type ImportKind, type ImportResult } from '../../src/db/import/import-csv.js';
import { rows } from '../../src/db/sql/run.js';
import { AppError } from '../../src/lib/errors.js';
import { createPgliteDatabase, createTestDatabase, type TestDatabase } from '../helpers/services.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/import/', import.meta.url));
const TZ = 'Europe/Berlin';
const HEADER = 'order_id,ordered_at,customer_id,salesman_id,product_id,quantity,unit_price,discount';

const load = (database: Database, kind: ImportKind, text: string | Buffer, createMissing = false): Promise<ImportResult> =>
  importCsv(database, { kind, source: Readable.from([Buffer.from(text)]), timeZone: TZ, createMissing });

const failure = async (p: Promise<unknown>): Promise<AppError> => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
};

async function loadParents(database: Database): Promise<void> {
  for (const kind of ['salesmen', 'customers', 'products'] as const) {
    await importCsv(database, { kind, source: join(FIXTURES, `${kind}.csv`), timeZone: TZ });
  }
}

/** `orders` orders of 1–4 lines each over the fixture's customers and products, one line per entry. */
function orderLines(orders: number, prefix = 'O'): string[][] {
  const out: string[][] = [];
  for (let o = 1; o <= orders; o++) {
    const day = String(1 + (o % 28)).padStart(2, '0');
    for (let l = 0; l < 1 + (o % 4); l++) {
      const at = `2024-05-${day}T${String(o % 24).padStart(2, '0')}:15:00`;
      const salesman = o % 5 === 0 ? '' : `S${1 + (o % 2)}`;
      out.push([`${prefix}${o}`, at, `C${1 + (o % 3)}`, salesman, `P${1 + ((o + l) % 3)}`, String(1 + l), '10.50', l === 1 ? '0.1' : '']);
    }
  }
  return out;
}

const csvOf = (lines: string[][]): string => [HEADER, ...lines.map((l) => l.join(','))].join('\n') + '\n';

/** Every order line by the portal's ids, for comparing two databases. */
async function content(database: Database): Promise<unknown[]> {
  return rows(
    database,
    sql.raw(`select o.external_id as o, oi.line_no, p.external_id as p, c.external_id as c, s.external_id as s,
                    oi.ordered_at = o.ordered_at as same_time, to_char(oi.ordered_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as at,
                    oi.quantity::text as q, oi.discount::text as d, oi.amount::text as a
               from order_items oi join orders o on o.id = oi.order_id join products p on p.id = oi.product_id
               join customers c on c.id = oi.customer_id left join salesmen s on s.id = oi.salesman_id
              order by 1, 2`),
  );
}

interface IndexRow {
  name: string;
  def: string;
  oid: number;
}

async function indexes(database: Database): Promise<IndexRow[]> {
  return rows<IndexRow>(
    database,
    sql.raw(`select c.relname as name, pg_get_indexdef(c.oid) as def, c.oid::int as oid
               from pg_index i join pg_class c on c.oid = i.indexrelid
              where i.indrelid in ('orders'::regclass, 'order_items'::regclass) order by 1`),
  );
}

async function constraints(database: Database): Promise<unknown[]> {
  return rows(
    database,
    sql.raw(`select conname, contype, pg_get_constraintdef(oid) as def from pg_constraint
              where conrelid in ('orders'::regclass, 'order_items'::regclass) order by 1`),
  );
}

describe.each([
  ['Postgres', 'postgres'],
  ['PGlite', 'pglite'],
] as const)('sales import paths on %s', (_label, engine) => {
  let together: Database;
  let apart: Database;
  const dropped: TestDatabase[] = [];
  const open = async (): Promise<Database> => {
    if (engine === 'pglite') return createPgliteDatabase();
    const t = await createTestDatabase();
    dropped.push(t);
    return t.database;
  };
  beforeAll(async () => {
    together = await open();
    apart = await open();
    await loadParents(together);
    await loadParents(apart);
  });
  afterAll(async () => {
    if (engine === 'pglite') {
      await together?.close();
      await apart?.close();
    }
    for (const t of dropped) await t.drop();
  });

  it('imports a file whose orders are split across it exactly like one that lists each order together', async () => {
    const lines = orderLines(60);
    // Same lines, orders spread over the file: every order's first line, then every second line, …
    const place = new Map<string, number>();
    const rank = lines.map((l) => {
      const n = (place.get(l[0]!) ?? 0) + 1;
      place.set(l[0]!, n);
      return n;
    });
    const interleaved = lines.map((l, i) => ({ l, r: rank[i]! })).sort((a, b) => a.r - b.r).map((x) => x.l);
    expect(interleaved.slice(0, 3).map((l) => l[0])).toEqual(['O1', 'O2', 'O3']);
    const a = await load(together, 'sales', csvOf(lines));
    const b = await load(apart, 'sales', csvOf(interleaved));
    expect([a.rows, a.inserted, a.updated]).toEqual([lines.length, lines.length, 0]);
    expect([b.rows, b.inserted, b.updated]).toEqual([a.rows, a.inserted, 0]);
    expect([b.minOrderedAt, b.maxOrderedAt]).toEqual([a.minOrderedAt, a.maxOrderedAt]);
    const got = await content(apart);
    expect(got).toEqual(await content(together));
    expect(got).toHaveLength(lines.length);
    // An order's line numbers follow its lines' places in the file, wherever they are.
    expect(got.filter((r) => (r as { o: string }).o === 'O3').map((r) => (r as { line_no: number }).line_no)).toEqual([1, 2, 3, 4]);
    // Orders get their ids in the order the file first names them: into the empty tables (where a
    // grouped file's runs are the ranks) as through the general path.
    const inFileOrder = [...new Set(lines.map((l) => l[0]))];
    for (const database of [together, apart]) {
      const byId = await rows<{ o: string }>(database, sql.raw(`select external_id as o from orders order by id`));
      expect(byId.map((r) => r.o)).toEqual(inFileOrder);
    }
  });

  it('re-imports unchanged, then counts changed, new and added lines of known orders', async () => {
    const lines = orderLines(60);
    for (const db of [together, apart]) {
      const again = await load(db, 'sales', csvOf(lines));
      expect([again.inserted, again.updated]).toEqual([0, 0]);
    }
    const before = await content(together);
    // O1 (2 lines): second line changes quantity and gains a third line; O90 is a new order.
    const changed = lines.filter((l) => l[0] === 'O1').map((l, i) => (i === 1 ? [...l.slice(0, 5), '7', ...l.slice(6)] : l));
    const extra = [...changed, [...changed[0]!.slice(0, 4), 'P3', '1', '80', ''], ['O90', '2024-06-01', 'C2', 'S2', 'P1', '1', '10.50', '']];
    const r = await load(together, 'sales', csvOf(extra));
    expect([r.inserted, r.updated]).toEqual([2, 1]);
    const after = await content(together);
    expect(after).toHaveLength(before.length + 2);
    expect(after.find((x) => (x as { o: string; line_no: number }).o === 'O1' && (x as { line_no: number }).line_no === 2)).toMatchObject({ q: '7.000' });
  });

  it('names the physical line of a bad row, also after a quoted field spanning lines', async () => {
    const text = [
      'order_id,ordered_at,customer_id,product_id,quantity,unit_price,note',
      'Q-1,2024-07-01,C1,P1,1,10.50,"first line',
      'second line, with a comma"',
      'Q-2,2024-07-01,C1,P1,abc,10.50,',
      'Q-3,2024-07-01,C1,P404,1,10.50,"a ""quoted"" word"',
    ].join('\r\n');
    const e = await failure(load(together, 'sales', text));
    expect(e.details).toEqual([
      'line 4: quantity: "abc" is not a number (use a plain decimal like 1234.56)',
      'line 5: product_id: unknown product "P404"',
    ]);
    const broken = await failure(load(together, 'sales', text.replace('a ""quoted"" word"', 'a "quoted" word"')));
    expect(broken.message).toMatch(/is not valid CSV; nothing was imported/);
    expect(broken.details).toEqual([expect.stringMatching(/^line 5: csv: text after the closing quote of field 7/)]);
  });

  it('stops cleanly when the file breaks off after rows were already sent to the database', async () => {
    const big = csvOf(orderLines(4000, 'T'));
    const gz = gzipSync(big);
    const e = await failure(load(together, 'sales', gz.subarray(0, Math.floor(gz.length * 0.8))));
    expect(e.code).toBe('IMPORT_FILE');
    expect(e.message).toMatch(/not a valid gzip file/);
    const unclosed = await failure(load(together, 'sales', big + 'T9999,2024-05-01,C1,S1,P1,1,"1\n'));
    expect(unclosed.details).toEqual([`line ${orderLines(4000).length + 2}: csv: field 7 opens a quote that is never closed (the file ends inside it)`]);
    const [left] = await rows<{ n: number }>(together, sql.raw(`select count(*)::int as n from orders where external_id like 'T%'`));
    expect(left).toEqual({ n: 0 });
  });

  it('lists lines of a split order that disagree, and repeated line numbers, in both layouts', async () => {
    const text = [
      'order_id,ordered_at,customer_id,product_id,quantity,unit_price,line_no',
      'R-1,2024-07-01,C1,P1,1,10.50,1',
      'R-2,2024-07-01,C2,P1,1,10.50,',
      'R-1,2024-07-01,C2,P2,1,3.00,2',
      'R-2,2024-07-01,C2,P2,1,3.00,1',
    ].join('\n');
    const e = await failure(load(together, 'sales', text));
    expect(e.details).toEqual([
      expect.stringMatching(/^line 4: customer_id: order "R-1" names customer "C1" on line 2 and "C2" here/),
      'line 5: line_no: order "R-2" has line 1 already on line 3',
    ]);
    const grouped = ['order_id,ordered_at,customer_id,product_id,quantity,unit_price,line_no', 'G-1,2024-07-01,C1,P1,1,10.50,', 'G-1,2024-07-01,C1,P2,1,3.00,1'];
    expect((await failure(load(together, 'sales', grouped.join('\n')))).details).toEqual(['line 3: line_no: order "G-1" has line 1 already on line 2']);
  });

  it('dates an order whose lines differ in time at its earliest line, in both layouts and on re-import, and counts such orders', async () => {
    const lines = [
      ['D-1', '2024-07-01T10:00:30', 'C1', 'S1', 'P1', '1', '10.50', ''],
      ['D-1', '2024-07-01T10:00:00', 'C1', 'S1', 'P2', '2', '3.00', ''],
      ['D-1', '2024-07-01T10:01:00', 'C1', 'S1', 'P3', '1', '80', ''],
      // Same instant written two ways: differing bytes, not differing times.
      ['D-2', '2024-07-01T11:00:00', 'C2', '', 'P1', '1', '10.50', ''],
      ['D-2', '2024-07-01 11:00', 'C2', '', 'P2', '1', '3.00', ''],
      ['D-3', '2024-07-02T12:00:00', 'C3', 'S2', 'P1', '1', '10.50', ''],
      ['D-3', '2024-07-02T12:00:00', 'C3', 'S2', 'P3', '1', '80', ''],
    ];
    const interleaved = [0, 3, 5, 1, 4, 6, 2].map((i) => lines[i]!);
    const a = await load(together, 'sales', csvOf(lines));
    const b = await load(apart, 'sales', csvOf(interleaved));
    expect([a.inserted, a.updated, a.ordersWithDifferingTimes]).toEqual([7, 0, 1]);
    expect([b.inserted, b.updated, b.ordersWithDifferingTimes]).toEqual([7, 0, 1]);
    const orderTimes = (database: Database): Promise<unknown[]> =>
      rows(
        database,
        sql.raw(`select o.external_id as o, to_char(o.ordered_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') as at,
                        bool_and(oi.ordered_at = o.ordered_at) as lines_agree, count(*)::int as n
                   from orders o join order_items oi on oi.order_id = o.id where o.external_id like 'D-%' group by 1, 2 order by 1`),
      );
    // Europe/Berlin is UTC+2 in July.
    const expected = [
      { o: 'D-1', at: '2024-07-01 08:00:00', lines_agree: true, n: 3 },
      { o: 'D-2', at: '2024-07-01 09:00:00', lines_agree: true, n: 2 },
      { o: 'D-3', at: '2024-07-02 10:00:00', lines_agree: true, n: 2 },
    ];
    expect(await orderTimes(together)).toEqual(expected);
    expect(await orderTimes(apart)).toEqual(expected);
    expect(a.minOrderedAt).toBe('2024-07-01T08:00:00.000Z');

    // Unchanged file: nothing written, the same count reported.
    const again = await load(together, 'sales', csvOf(lines));
    expect([again.inserted, again.updated, again.ordersWithDifferingTimes]).toEqual([0, 0, 1]);
    // D-3 comes again with its lines an hour apart, the first later than stored: it takes the earlier
    // one, and every stored line (also the one this file leaves out, with line_no given) follows.
    const header = 'order_id,ordered_at,customer_id,salesman_id,product_id,quantity,unit_price,line_no';
    const moved = `${header}\nD-3,2024-07-02T13:00:00,C3,S2,P1,1,10.50,1\nD-3,2024-07-02T12:30:00,C3,S2,P3,1,80,3\n`;
    for (const db of [together, apart]) {
      const r = await load(db, 'sales', moved);
      expect([r.inserted, r.updated, r.ordersWithDifferingTimes]).toEqual([1, 0, 1]);
      expect((await orderTimes(db))[2]).toEqual({ o: 'D-3', at: '2024-07-02 10:30:00', lines_agree: true, n: 3 });
    }
    const ours = async (db: Database): Promise<unknown[]> => (await content(db)).filter((r) => (r as { o: string }).o.startsWith('D-'));
    expect(await ours(apart)).toEqual(await ours(together));
  });

  it('names both lines and both values when lines of one order disagree on customer or salesman, also with spread-out times', async () => {
    const text = [
      'order_id,ordered_at,customer_id,salesman_id,product_id,quantity,unit_price',
      'M-1,2024-07-01T10:00:00,C1,S1,P1,1,10.50',
      'M-1,2024-07-01T10:02:00,C1,S2,P2,1,3.00',
      'M-1,2024-07-01T10:03:00,C1,,P3,1,80',
      'M-2,2024-07-01T10:00:00,C2,S1,P1,1,10.50',
      'M-2,2024-07-01T09:00:00,C3,S1,P2,1,3.00',
    ].join('\n');
    const e = await failure(load(together, 'sales', text));
    const rule = ' (all lines of an order must name the same customer and salesman)';
    expect(e.details).toEqual([
      `line 3: salesman_id: order "M-1" names salesman "S1" on line 2 and "S2" here${rule}`,
      `line 4: salesman_id: order "M-1" names salesman "S1" on line 2 and none here${rule}`,
      `line 6: customer_id: order "M-2" names customer "C2" on line 5 and "C3" here${rule}`,
    ]);
    const [left] = await rows<{ n: number }>(together, sql.raw(`select count(*)::int as n from orders where external_id like 'M-%'`));
    expect(left).toEqual({ n: 0 });
  });

  it.runIf(engine === 'postgres')('finds the earliest time of every order when too many are spread out to list', async () => {
    // More spread-out orders than the stager lists by number (65,536): the database looks at every one.
    const n = 70_000;
    const body: string[] = [];
    for (let o = 1; o <= n; o++) {
      const day = String(1 + (o % 28)).padStart(2, '0');
      body.push(`SP${o},2024-08-${day}T10:05:00,C1,,P1,1,1,`, `SP${o},2024-08-${day}T10:00:00,C1,,P2,1,1,`);
    }
    const r = await load(together, 'sales', `${HEADER}\n${body.join('\n')}\n`);
    expect([r.inserted, r.ordersWithDifferingTimes]).toEqual([2 * n, n]);
    const [late] = await rows<{ n: number }>(
      together,
      sql.raw(`select count(*)::int as n from orders where external_id like 'SP%' and extract(minute from ordered_at) <> 0`),
    );
    expect(late).toEqual({ n: 0 });
  });

  it('reads values that need care as before: BOM, CRLF, blanks, quotes, extra fields, yes/no and enum case', async () => {
    const clean = 'order_id,ordered_at,customer_id,product_id,quantity,unit_price\nV-1,2024-07-02T10:00:00,C1,P2,2,3.00\nV-1,2024-07-02T10:00:00,C1,P1,1,10.50\n';
    const messy =
      '\ufeffOrder_ID , ordered_at,customer_id,product_id,quantity,unit_price\r\n' +
      ' W-1 ,"2024-07-02T10:00:00", C1,"P2", 2 ,"3.00",extra\r\n' +
      '"W-1",2024-07-02T10:00:00,C1,P1,1,10.50\r\n';
    await load(together, 'sales', clean);
    const r = await load(together, 'sales', messy);
    expect([r.rows, r.inserted]).toEqual([2, 2]);
    const got = await content(together);
    const strip = (o: string): unknown[] => got.filter((x) => (x as { o: string }).o === o).map((x) => ({ ...(x as object), o: undefined }));
    expect(strip('W-1')).toEqual(strip('V-1'));

    const p = await load(together, 'products', 'product_id,name,active\nP1,Widget,NO\nP2,"Gadget ""2""",Yes\n');
    expect(p.updated).toBe(2);
    const flags = await rows<{ id: string; name: string; active: boolean }>(
      together,
      sql.raw(`select external_id as id, name, active from products where external_id in ('P1', 'P2') order by 1`),
    );
    expect(flags).toEqual([
      { id: 'P1', name: 'Widget', active: false },
      { id: 'P2', name: 'Gadget "2"', active: true },
    ]);
    // Only known columns are staged; a quoted known value travels with its quotes and doubled quotes.
    const quoted = await load(together, 'sales', 'order_id,junk,ordered_at,customer_id,product_id,quantity,unit_price\nQ-9,"x,""y""",2024-07-03,"C""Q",P1,1,1\n', true);
    expect([quoted.inserted, quoted.createdPlaceholders.customers]).toEqual([1, 1]);
    const [odd] = await rows<{ id: string }>(together, sql.raw(`select c.external_id as id from orders o join customers c on c.id = o.customer_id where o.external_id = 'Q-9'`));
    expect(odd).toEqual({ id: 'C"Q' });
    await load(together, 'leads', 'lead_id,created_at,stage\nL9,2024-01-01, OPPORTUNITY \n');
    const [lead] = await rows<{ stage: string }>(together, sql.raw(`select stage from leads where external_id = 'L9'`));
    expect(lead).toEqual({ stage: 'opportunity' });
    const short = await failure(load(together, 'sales', 'order_id,ordered_at,customer_id,product_id,quantity,unit_price\nS-1,2024-07-02,C1,P1,1\n'));
    expect(short.details).toEqual(['line 2: row: has 5 fields, the header has 6']);
    const nul = await failure(load(together, 'sales', 'order_id,ordered_at,customer_id,product_id,quantity,unit_price\nS-1,2024-07-02,C\u00001,P1,1,1\n'));
    expect(nul.details).toEqual(['line 2: customer_id: contains a NUL byte, which is not text']);
  });

  it('rebuilds the indexes of a bulk load exactly as the migration defines them, and leaves them alone for a small one', async () => {
    const fresh = await open();
    await loadParents(fresh);
    const defs0 = await indexes(fresh);
    const cons0 = await constraints(fresh);
    const bulk = await load(fresh, 'sales', csvOf(orderLines(800)));
    const defs1 = await indexes(fresh);
    expect(defs1.map(({ name, def }) => ({ name, def }))).toEqual(defs0.map(({ name, def }) => ({ name, def })));
    expect(await constraints(fresh)).toEqual(cons0);
    // Rebuilt: every index but the orders primary key (order lines refer to it) is a new one.
    const rebuilt = defs1.filter((d) => defs0.find((o) => o.name === d.name)!.oid !== d.oid).map((d) => d.name);
    expect(rebuilt).toEqual(defs0.map((d) => d.name).filter((n) => n !== 'orders_pkey'));
    // The step times say where the load went: the rebuild is a step of its own, the lines' insert another.
    expect(Object.keys(bulk.stepsMs)).toEqual(
      expect.arrayContaining(['stage', 'prepare', 'references', 'order-ids', 'orders', 'items', 'indexes', 'commit']),
    );

    const small = await load(fresh, 'sales', csvOf(orderLines(5, 'N')));
    expect(small.inserted).toBe(orderLines(5).length);
    expect(await indexes(fresh)).toEqual(defs1);
    expect(Object.keys(small.stepsMs)).not.toContain('indexes');
    const [counts] = await rows<{ lines: number; orders: number }>(
      fresh,
      sql.raw(`select (select count(*)::int from order_items) as lines, (select count(*)::int from orders) as orders`),
    );
    expect(counts).toEqual({ lines: bulk.inserted + small.inserted, orders: 805 });
    if (engine === 'pglite') await fresh.close();
  });
});
