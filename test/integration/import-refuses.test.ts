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
import { IMPORT_KINDS } from '../../src/db/import/kinds.js';
import { TEXT_CAPS } from '../../src/db/import/text-caps.js';
import { rows } from '../../src/db/sql/run.js';
import { AppError } from '../../src/lib/errors.js';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/services.js';

/**
 * The import refuses what it cannot read (issue 14): bytes that are not UTF-8, a header naming a
 * column twice, values past their length cap, control characters, and records too long to hold. Each
 * refusal names its line and writes nothing, whichever way the file comes (path, .gz, stdin, stream)
 * and whichever path it takes (the direct COPY of sales into empty tables, or staging).
 */

const FIXTURES = fileURLToPath(new URL('../fixtures/import/', import.meta.url));
const fixture = (name: string): string => join(FIXTURES, name);
const TZ = 'Europe/Berlin';
const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

function tempFile(name: string, content: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'salesbot-refuse-')), name);
  writeFileSync(path, content);
  return path;
}

const failure = async (p: Promise<unknown>): Promise<AppError> => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
};

/** Every table an import writes, counted: a refused file must leave all of them as they were. */
async function counts(database: Database): Promise<Record<string, number>> {
  const [r] = await rows<Record<string, number>>(
    database,
    sql.raw(`select (select count(*)::int from salesmen) as salesmen, (select count(*)::int from customers) as customers,
                    (select count(*)::int from products) as products, (select count(*)::int from orders) as orders,
                    (select count(*)::int from order_items) as lines, (select count(*)::int from leads) as leads,
                    (select count(*)::int from activities) as activities`),
  );
  return r!;
}

describe('sales-bot import refuses what it cannot read (CLI)', () => {
  let t: TestDatabase;
  const cli = (args: string[], stdin?: string | Buffer) =>
    runCli(['import', ...args], { env: { DATABASE_URL: t.url, SALES_TZ: TZ, LOG_LEVEL: 'warn' }, ...(stdin !== undefined ? { stdin } : {}) });
  /** The function the CLI calls, for the variants (a CLI run costs seconds). */
  const direct = async (kind: ImportKind, source: string | Buffer): Promise<readonly string[]> => {
    const e = await failure(importCsv(t.database, { kind, source: typeof source === 'string' ? source : Readable.from([source]), timeZone: TZ }));
    return e.details ?? [];
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    for (const kind of ['salesmen', 'customers', 'products'] as const) {
      await importCsv(t.database, { kind, source: fixture(`${kind}.csv`), timeZone: TZ });
    }
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('refuses a Latin-1 customers file, naming the first line that is not UTF-8, and imports nothing', async () => {
    const before = await counts(t.database);
    const text = 'customer_id,name,city\nL1,Plain Name,Berlin\nL2,Café Müller,München\nL3,Zoë,Köln\n';
    const file = tempFile('customers.csv', latin1(text));
    const r = await cli(['customers', file]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('line 3: not valid UTF-8 (save the file as UTF-8)');
    expect(r.stderr).not.toContain('line 4');
    expect(r.stderr).toMatch(/nothing was imported/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
    expect(await counts(t.database)).toEqual(before);
    // The same file saved as UTF-8, with a BOM, imports and keeps its accents.
    const utf8 = tempFile('customers.csv', Buffer.from('\ufeff' + text));
    expect((await cli(['customers', utf8])).code).toBe(0);
    const names = await rows<{ name: string }>(t.database, sql.raw(`select name from customers where external_id like 'L%' order by external_id`));
    expect(names.map((n) => n.name)).toEqual(['Plain Name', 'Café Müller', 'Zoë']);
  });

  it('refuses invalid UTF-8 on line 3 of a .csv.gz file, of stdin, plain and gzipped, and of a sales file on the direct path', async () => {
    const before = await counts(t.database);
    const sales = Buffer.concat([
      Buffer.from('order_id,ordered_at,customer_id,product_id,quantity,unit_price\nU8-1,2024-06-01,C1,P1,1,10.50\nU8-2,2024-06-01,C1,P1,1,'),
      Buffer.from([0xa3]), // Latin-1 £
      Buffer.from('10\nU8-3,2024-06-02,C2,P2,1,3.00\n'),
    ]);
    const customers = latin1('customer_id,name\nG1,Good\nG2,Gérard\n');
    for (const r of [
      await cli(['customers', tempFile('customers.csv.gz', gzipSync(customers))]),
      await cli(['sales', '-'], gzipSync(sales)),
    ]) {
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('line 3: not valid UTF-8 (save the file as UTF-8)');
      expect(r.stdout).toBe('');
    }
    expect(await direct('customers', customers)).toEqual(['line 3: not valid UTF-8 (save the file as UTF-8)']);
    // No orders yet: a sales file on disk is first tried with the direct COPY into order_items.
    expect(await direct('sales', tempFile('sales.csv', sales))).toEqual(['line 3: not valid UTF-8 (save the file as UTF-8)']);
    expect(await direct('sales', tempFile('sales.csv.gz', gzipSync(sales)))).toEqual(['line 3: not valid UTF-8 (save the file as UTF-8)']);
    expect(await counts(t.database)).toEqual(before);
  });

  it('says a UTF-16 file is UTF-16', async () => {
    const file = tempFile('customers.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('customer_id,name\nW1,Wide\n', 'utf16le')]));
    const r = await cli(['customers', file]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('line 1: not valid UTF-8: the file is UTF-16 (save the file as UTF-8)');
  });

  it('refuses a header that names a column twice (case and blanks aside), naming the columns', async () => {
    const before = await counts(t.database);
    const r = await cli(['customers', '-'], 'customer_id,name, Name \nD1,First,Second\n');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('line 1: header: "name", "Name" are the same column (columns 2, 3)');
    expect(r.stderr).toMatch(/nothing was imported/);
    expect(await counts(t.database)).toEqual(before);
    // Unknown columns too, and a sales file on the direct path.
    const sales = tempFile('sales.csv', 'order_id,ordered_at,customer_id,product_id,quantity,unit_price,note,NOTE\nD-1,2024-06-01,C1,P1,1,1,a,b\n');
    expect(await direct('sales', sales)).toEqual(['line 1: header: "note", "NOTE" are the same column (columns 7, 8)']);
    expect(await counts(t.database)).toEqual(before);
    // Empty names (trailing commas of spreadsheet exports) are no duplicates.
    await importCsv(t.database, { kind: 'customers', source: Readable.from([Buffer.from('customer_id,name,,\nE1,Empty cols,,\n')]), timeZone: TZ });
  });

  it('refuses a 1,001-character name and a 5 MB field with a line-numbered error, and takes 1,000 characters', async () => {
    const before = await counts(t.database);
    const long = await cli(['customers', '-'], `customer_id,name\nN1,ok\nN2,${'n'.repeat(1001)}\n`);
    expect(long.code).not.toBe(0);
    expect(long.stderr).toContain('line 3: name: longer than 1,000 characters');
    const huge = await cli(['products', tempFile('products.csv', `product_id,name\nH1,fine\nH2,fine\nH3,"${'h'.repeat(5 * 1024 * 1024)}"\nH4,x\n`)]);
    expect(huge.code).not.toBe(0);
    expect(huge.stderr).toContain('line 4: csv: the record starting here is longer than 1 MiB');
    expect(huge.stderr).toMatch(/nothing was imported/);
    // Unquoted, from a stream in one piece.
    expect((await direct('customers', Buffer.from(`customer_id,name\nH5,${'h'.repeat(5 * 1024 * 1024)}\n`)))[0]).toMatch(/^line 2: csv: the record starting here is longer than 1 MiB/);
    expect(await counts(t.database)).toEqual(before);
    // Characters, not bytes: 1,000 two-byte letters (and an emoji counted once) fit.
    const wide = 'é'.repeat(999) + '😀';
    await importCsv(t.database, { kind: 'customers', source: Readable.from([Buffer.from(`customer_id,name\nN3,${wide}\n`)]), timeZone: TZ });
    const [n] = await rows<{ n: number }>(t.database, sql.raw(`select char_length(name)::int as n from customers where external_id = 'N3'`));
    expect(n!.n).toBe(1000);
  });

  it('refuses a NUL in a product name and other control characters, line by line; notes may span lines', async () => {
    const before = await counts(t.database);
    const r = await cli(['products', '-'], 'product_id,name,category\nK1,Nul\u0000name,Tools\nK2,Bell\u0007,Tools\nK3,"Two\nlines",Tools\nK4,ok,"Esc\u001b"\nK5,fine,Tools\n');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('line 2: name: contains a NUL byte, which is not text');
    expect(r.stderr).toContain('line 3: name: contains a control character (U+0007); remove it');
    expect(r.stderr).toContain('line 4: name: contains a line break; only notes, outcome and lost_reason may span lines');
    expect(r.stderr).toContain('line 6: category: contains a control character (U+001B); remove it');
    expect(r.stderr).toContain('4 problems found; nothing was imported');
    expect(await counts(t.database)).toEqual(before);
    expect(await direct('customers', Buffer.from('customer_id,name\n"T\t1",x\n'))).toEqual(['line 2: customer_id: contains a tab (U+0009); use a space']);
    expect(await direct('customers', Buffer.from('customer_id,name\nT2,x\u0085y\n'))).toEqual(['line 2: name: contains a control character (U+0085); remove it']);
    expect(await counts(t.database)).toEqual(before);
    await importCsv(t.database, {
      kind: 'activities',
      source: Readable.from([Buffer.from('activity_id,occurred_at,salesman_id,kind,notes\nAN1,2024-06-01,S1,call,"Line one\n\tLine two"\n')]),
      timeZone: TZ,
    });
    const [a] = await rows<{ notes: string }>(t.database, sql.raw(`select notes from activities where external_id = 'AN1'`));
    expect(a!.notes).toBe('Line one\n\tLine two');
  });
});

/** For each kind: its fixture with one more row, made bad by `spoil`. */
function spoiled(kind: ImportKind, spoil: (row: string) => string | Buffer): Buffer {
  const lines = readFileSync(fixture(`${kind}.csv`), 'utf8').trimEnd().split('\n');
  const last = lines[lines.length - 1]!;
  return Buffer.concat([Buffer.from(lines.join('\n') + '\n'), Buffer.from(spoil(last)), Buffer.from('\n')]);
}

describe('importCsv refuses, for every kind', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  const load = (kind: ImportKind, bytes: Buffer): Promise<unknown> =>
    importCsv(t.database, { kind, source: Readable.from([bytes]), timeZone: TZ, createMissing: true });

  it('invalid UTF-8, an over-long id, a control character and a doubled column, each by line and writing nothing', async () => {
    for (const kind of IMPORT_KINDS) {
      const n = readFileSync(fixture(`${kind}.csv`), 'utf8').trimEnd().split('\n').length + 1;
      const firstColumn = readFileSync(fixture(`${kind}.csv`), 'utf8').split(/[,\n]/)[0]!.toLowerCase();
      const id = kind === 'customers' ? 'customer_id' : firstColumn;
      const cap = TEXT_CAPS[id]!;
      const cases: [Buffer, string][] = [
        [spoiled(kind, (row) => Buffer.concat([Buffer.from(row), latin1(',ä')])), `line ${n}: not valid UTF-8 (save the file as UTF-8)`],
        [spoiled(kind, (row) => row.replace(/(^|,)([A-Z]+-?\d+)/, `$1${'X'.repeat(cap + 1)}`)), `line ${n}: ${id}: longer than ${cap.toLocaleString('en-US')} characters`],
        [spoiled(kind, (row) => row.replace(/(^|,)([A-Z]+-?\d+)/, '$1$2\u0001')), `line ${n}: ${id}: contains a control character (U+0001); remove it`],
      ];
      for (const [bytes, message] of cases) {
        const before = await counts(t.database);
        const e = await failure(load(kind, bytes));
        expect(e.details, `${kind}: ${message}`).toContain(message);
        expect(await counts(t.database)).toEqual(before);
      }
      const header = readFileSync(fixture(`${kind}.csv`), 'utf8').split('\n')[0]!;
      const doubled = await failure(load(kind, Buffer.from(`${header},${header.split(',')[0]!.toUpperCase()}\n`)));
      expect(doubled.details![0]).toMatch(/^line 1: header: .* are the same column/);
      // The fixture itself still imports.
      await importCsv(t.database, { kind, source: fixture(`${kind}.csv`), timeZone: TZ, createMissing: true });
    }
  });

  it('lists the first 50 bad lines, then counts the rest', async () => {
    const body = Array.from({ length: 70 }, (_, i) => `M${i},bad\u0001${i}`).join('\n');
    const e = await failure(load('customers', Buffer.from(`customer_id,name\n${body}\n`)));
    expect(e.details).toHaveLength(51);
    expect(e.details![0]).toBe('line 2: name: contains a control character (U+0001); remove it');
    expect(e.details![50]).toBe('… and 20 more');
    expect(e.message).toContain('70 problems found; nothing was imported');
  });
});
