import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../src/db/sql/run.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { convertOnlineRetail, ONLINE_RETAIL_GZ, type ConvertedDataset } from '../helpers/datasets.js';
import { createTestDatabase, type TestDatabase } from '../helpers/services.js';

// UCI Online Retail (Chen et al. 2012) through the CLI, the way a user imports a real export: only
// cancellations and lines without a customer are left out; the figures are checked against the raw file.
const AS_OF = '2011-12-10';
// The shop is in the UK and its InvoiceDate is local time: read it in London, so days are the file's.
const TZ = 'Europe/London';

interface RawLine {
  invoice: string;
  day: string;
  at: string;
  /** quantity × unit price in thousandths (prices have up to 3 decimals), exact as an integer. */
  milli: number;
  customer: string;
}

/**
 * The published file read with a plain split, independently of the converter and the importer. Only
 * Description may hold commas and quotes, so a line is its two leading quoted fields, then whatever,
 * then five trailing fields of fixed shape; a line of any other shape fails the test.
 */
function readRaw(): RawLine[] {
  const text = gunzipSync(readFileSync(ONLINE_RETAIL_GZ)).toString('utf8');
  const lines = text.split('\n').slice(1).filter((l) => l !== '');
  const shape = /^"([^"]*)","[^"]*",.*,(-?\d+),"(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)",(-?[\d.]+),(\d*),"[^"]*"$/;
  return lines.map((l) => {
    const m = shape.exec(l);
    if (!m) throw new Error(`unexpected line shape: ${l}`);
    const [, invoice, qty, day, time, price, customer] = m;
    return { invoice: invoice!, day: day!, at: `${day} ${time}`, milli: Math.round(Number(qty) * Number(price) * 1000), customer: customer! };
  });
}

interface Expected {
  recencyDays: number;
  frequency: number;
  monetary: number;
}

/** RFM as analytics.md defines it: days from the last order day to as-of, distinct orders, Σ qty × price. */
function expectedRfm(lines: readonly RawLine[]): Map<string, Expected> {
  const by = new Map<string, { last: string; invoices: Set<string>; milli: number }>();
  for (const l of lines) {
    const c = by.get(l.customer) ?? { last: '', invoices: new Set<string>(), milli: 0 };
    if (l.day > c.last) c.last = l.day;
    c.invoices.add(l.invoice);
    c.milli += l.milli;
    by.set(l.customer, c);
  }
  const asOf = Date.parse(`${AS_OF}T00:00:00Z`);
  return new Map(
    [...by].map(([id, c]) => [
      id,
      { recencyDays: Math.round((asOf - Date.parse(`${c.last}T00:00:00Z`)) / 86_400_000), frequency: c.invoices.size, monetary: c.milli / 1000 },
    ]),
  );
}

/** Invoices whose lines carry more than one distinct InvoiceDate, and their lines stamped later than the invoice's first. */
function spreadTimes(lines: readonly RawLine[]): { invoices: number; laterLines: number } {
  const times = new Map<string, { first: string; all: Set<string> }>();
  let laterLines = 0;
  for (const l of lines) {
    const t = times.get(l.invoice);
    if (!t) times.set(l.invoice, { first: l.at, all: new Set([l.at]) });
    else {
      t.all.add(l.at);
      if (l.at !== t.first) laterLines++;
    }
  }
  return { invoices: [...times.values()].filter((t) => t.all.size > 1).length, laterLines };
}

/** `count` distinct entries of `list`, picked by a seeded generator (mulberry32), so reruns agree. */
function seededPick<T>(list: readonly T[], count: number, seed: number): T[] {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pool = [...list];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(next() * pool.length), 1)[0]!);
  return out;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

describe('UCI Online Retail through the CLI import → rfm report', () => {
  let t: TestDatabase;
  let data: ConvertedDataset;
  const imports: Partial<Record<string, CliResult>> = {};
  const raw = readRaw();
  const kept = raw.filter((l) => !l.invoice.startsWith('C') && l.customer !== '');
  const cli = (args: string[]): Promise<CliResult> =>
    runCli(args, { env: { DATABASE_URL: t.url, SALES_TZ: TZ, LOG_LEVEL: 'warn' }, timeoutMs: 480_000 });

  beforeAll(async () => {
    t = await createTestDatabase();
    data = convertOnlineRetail();
    for (const f of data.files) imports[f.kind] = await cli(['import', f.kind, f.path]);
  }, 900_000);
  afterAll(async () => {
    await t?.drop();
  });

  it('imports every kept line as published, each invoice an order dated at its earliest line, and says how many were spread out', async () => {
    expect(raw).toHaveLength(541_909);
    const { invoices: spread, laterLines } = spreadTimes(kept);
    // The "about 700 lines": the lines of those invoices stamped apart from the invoice's first line.
    expect(spread).toBeGreaterThan(0);
    expect(laterLines).toBeGreaterThan(600);
    expect(laterLines).toBeLessThan(800);
    for (const kind of ['customers', 'products', 'sales']) {
      expect({ kind, code: imports[kind]?.code, stderr: imports[kind]?.stderr }).toEqual({ kind, code: 0, stderr: '' });
    }
    const sales = imports.sales!.stdout;
    expect(sales).toMatch(new RegExp(`^Imported ${fmt(kept.length)} sales lines \\(${fmt(kept.length)} new, 0 updated\\) in `));
    expect(sales).toMatch(new RegExp(` ${fmt(spread)} orders had lines at differing times; each is dated at its earliest line\\.\\n$`));

    const invoices = new Map<string, string>();
    for (const l of kept) if (!invoices.has(l.invoice) || l.at < invoices.get(l.invoice)!) invoices.set(l.invoice, l.at);
    const [db] = await rows<{ orders: number; lines: number; milli: string }>(
      t.database,
      sql.raw(`select (select count(*)::int from orders) as orders, (select count(*)::int from order_items) as lines,
                      (select (sum(amount) * 1000)::bigint::text from order_items) as milli`),
    );
    expect(db).toEqual({ orders: invoices.size, lines: kept.length, milli: String(kept.reduce((s, l) => s + l.milli, 0)) });
    // Every order's time is its earliest line's, on the order and on each of its lines.
    const times = await rows<{ id: string; at: string; agree: boolean }>(
      t.database,
      sql.raw(`select o.external_id as id, to_char(o.ordered_at at time zone '${TZ}', 'YYYY-MM-DD HH24:MI:SS') as at,
                      bool_and(oi.ordered_at = o.ordered_at) as agree
                 from orders o join order_items oi on oi.order_id = o.id group by o.id`),
    );
    const wrong = times.filter((r) => !r.agree || r.at !== invoices.get(r.id));
    expect(wrong).toEqual([]);
  });

  it('gives the recency, frequency and monetary value computed from the raw file', async () => {
    const expected = expectedRfm(kept);
    const named = ['12346', '12347', '17850', '14646'].filter((id) => expected.has(id));
    expect(named).toContain('12347');
    const picked = seededPick([...expected.keys()].filter((id) => !named.includes(id)).sort(), 8, 20_111_210);
    const report = await cli(['report', 'rfm', '--json', '--as-of', AS_OF, '--limit', '0']);
    expect(report.code).toBe(0);
    const body = JSON.parse(report.stdout) as { customers: { customerId: string; recencyDays: number; frequency: number; monetary: number }[] };
    expect(body.customers).toHaveLength(expected.size);
    const got = new Map(body.customers.map((c) => [c.customerId, c]));
    for (const id of [...named, ...picked]) {
      const want = expected.get(id)!;
      const have = got.get(id);
      expect({ id, recencyDays: have?.recencyDays, frequency: have?.frequency }).toEqual({ id, recencyDays: want.recencyDays, frequency: want.frequency });
      expect(Math.abs((have?.monetary ?? NaN) - want.monetary), `monetary of ${id}`).toBeLessThan(0.005);
    }
    // Published anchors for this file (cancellations and customer-less lines removed).
    expect(expected.get('12347')).toEqual({ recencyDays: 3, frequency: 7, monetary: 4310 });
  });
});
