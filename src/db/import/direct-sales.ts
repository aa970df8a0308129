import { statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../lib/errors.js';
import { childLogger } from '../../lib/logger.js';
import { CopyText } from './copy-text.js';
import { ByteKeyedIds } from './byte-keyed-ids.js';
import { CsvRecordReader, CsvSyntaxError, ESCAPED, fieldText, QUOTED, type CsvRecord } from './csv-records.js';
import { KIND_SPECS } from './kinds.js';
import { writeLineAmount } from './line-amount.js';
import { rebuildPays, withIndexesRebuilt } from './bulk-indexes.js';
import type { OpenedSource } from './open-source.js';
import { RecordStager } from './record-stager.js';
import { recordWritable } from './record-writable.js';
import { RowErrors } from './row-errors.js';
import type { CopySink, SqlSession } from './sql-session.js';
import type { StepTimes } from './step-times.js';
import type { MergeCounts } from './upsert-entities.js';
import { withoutRowTriggers } from './merge-sales.js';

/**
 * Customers + products + salesmen held as id maps, at most. Past this the maps would cost more memory
 * than the CLI's budget allows (≈ 100 bytes a key), and the general path, whose lookups are joins in
 * the database, takes the file.
 */
const MAX_MAP_KEYS = 1_500_000;
/** Largest file (bytes on disk; a .gz counts 6-fold) tried directly: the new orders' rows wait in memory. */
const MAX_FILE_BYTES = 768 * 1024 * 1024;
/** Bytes of orders' COPY rows held until the lines are in; past this the direct load gives up. */
const MAX_ORDER_BYTES = 96 * 1024 * 1024;
const PROGRESS_EVERY_ROWS = 16_384;
const NEEDS_QUOTES = /[",\r\n]/;
/** The sequence behind orders.id (bigserial), as the migration names it. */
const ORDERS_SEQUENCE = 'orders_id_seq';

/** Why the direct load handed the file back to the general path: its assumptions did not hold. */
class NotDirect extends Error {}

const csv = (v: string): string => (NEEDS_QUOTES.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

export interface DirectOptions {
  /** Path of the file, so it can be read again by the general path if this one gives up. */
  path: string;
  onProgress?: (p: { rows: number; bytes: number; totalBytes?: number }) => void;
}

export interface DirectResult extends MergeCounts {
  rows: number;
}

/**
 * Whether a sales file is worth trying directly: Postgres, a file on disk (so the general path can
 * read it again), no orders yet, a role that may drop indexes and switch triggers off, and id maps
 * and held orders that fit the memory budget.
 */
export async function directSalesFits(session: SqlSession, path: string): Promise<boolean> {
  if (session.engine !== 'postgres' || path === '-') return false;
  let size: number;
  try {
    size = statSync(path).size * (path.endsWith('.gz') ? 6 : 1);
  } catch {
    return false;
  }
  if (size > MAX_FILE_BYTES) return false;
  const [row] = await session.query<{ empty: boolean; keys: number; may: boolean }>(
    `select not exists (select 1 from orders) as empty,
            (select count(*) from (select 1 from customers limit ${MAX_MAP_KEYS + 1}) c)::int
              + (select count(*) from (select 1 from products limit ${MAX_MAP_KEYS + 1}) p)::int
              + (select count(*) from salesmen)::int as keys,
            current_setting('is_superuser') = 'on'
              and not exists (select 1 from pg_trigger where tgrelid in ('orders'::regclass, 'order_items'::regclass) and not tgisinternal) as may`,
  );
  if (!row?.empty || !row.may || row.keys > MAX_MAP_KEYS) return false;
  return rebuildPays(session, 'order_items', 1);
}

async function idMap(session: SqlSession, table: string): Promise<Map<string, number>> {
  const rows = await session.query<{ k: string; id: number }>(`select external_id as k, id from ${table}`);
  const map = new Map<string, number>();
  for (const r of rows) map.set(r.k, r.id);
  return map;
}

/**
 * The direct load of a sales file into empty order tables: each checked line goes straight into
 * order_items with one COPY (product, customer and salesman ids looked up in maps loaded once, order
 * ids one block of the sequence numbered by run), the orders follow with a second COPY, and the
 * indexes are built once at the end. No text staging table, no INSERT … SELECT.
 *
 * It runs under a savepoint and only as long as the file is what the general path would import
 * unchanged and without a word: every line valid, every reference known, each order's lines together
 * and agreeing on customer and salesman, and the order ids and (order, line_no) pairs unique (the
 * unique indexes' builds check those two). Anything else (a bad row, an unknown id, a split order, a
 * database error) rolls back to the savepoint and returns undefined: the caller then imports the file
 * the general way, which reports problems line by line exactly as before; a file that cannot be read
 * at all (not UTF-8, not CSV, a bad header) fails at once instead. Lines of one order stamped
 * at differing times are kept and fixed up afterwards (the order takes the earliest).
 */
export async function loadSalesDirect(
  session: SqlSession,
  src: OpenedSource,
  opts: DirectOptions,
  steps: StepTimes,
): Promise<DirectResult | undefined> {
  // Sequences ignore rollbacks: the general path is to number orders as if this attempt never was.
  const [seq] = await session.query<{ last: string; called: boolean }>(
    `select last_value::text as last, is_called as called from ${ORDERS_SEQUENCE}`,
  );
  try {
    return await session.savepoint((sp) => load(sp, src, opts, steps));
  } catch (e) {
    // What is wrong with the file itself (not UTF-8, not CSV, a column named twice or missing) the
    // general path would only find again after reading the whole file once more.
    if (e instanceof CsvSyntaxError || e instanceof AppError) throw e;
    childLogger('import').debug({ reason: (e as Error).message }, 'direct sales load gave up; importing the general way');
    await session.query(`select setval('${ORDERS_SEQUENCE}', $1::bigint, $2)`, [seq!.last, seq!.called]);
    return undefined;
  }
}

async function load(session: SqlSession, src: OpenedSource, opts: DirectOptions, steps: StepTimes): Promise<DirectResult> {
  const [customers, products, salesmen] = await steps.time('maps', async () => [
    await idMap(session, 'customers'),
    await idMap(session, 'products'),
    await idMap(session, 'salesmen'),
  ]);
  return withoutRowTriggers(session, () =>
    withIndexesRebuilt(
      session,
      ['orders', 'order_items'],
      async () => {
        const freeze = await truncateForFreeze(session);
        const [seq] = await session.query<{ first: string }>(`select nextval('${ORDERS_SEQUENCE}')::text as first`);
        const first = Number(seq!.first);
        const lines = new LineWriter(customers, products, salesmen, first);
        const sink = await session.copyIn('order_items', LineWriter.COLUMNS, { freeze });
        await steps.time('lines', () => streamLines(src, lines, sink, opts));
        if (lines.rows === 0) throw new NotDirect('no lines');
        await steps.time('orders', async () => {
          const orders = await session.copyIn('orders', ['id', 'external_id', 'ordered_at', 'customer_id', 'salesman_id'], { freeze });
          for (const chunk of lines.orders.take(true)) await orders.write(chunk);
          await orders.finish();
        });
        await session.query(`select setval('${ORDERS_SEQUENCE}', $1::bigint)`, [first + lines.runs - 1]);
        const spreadOut = await steps.time('spread', () => fixSpreadTimes(session, lines.stager!.spreadRuns, first));
        const [range] = await session.query<{ min: Date | string | null; max: Date | string | null }>(
          `select min(ordered_at) as min, max(ordered_at) as max from orders`,
        );
        const iso = (v: Date | string | null | undefined): string | undefined => (v == null ? undefined : new Date(v).toISOString());
        const min = iso(range?.min);
        const max = iso(range?.max);
        return {
          rows: lines.rows,
          inserted: lines.rows,
          updated: 0,
          ordersWithDifferingTimes: spreadOut,
          ...(min ? { minOrderedAt: min } : {}),
          ...(max ? { maxOrderedAt: max } : {}),
        };
      },
      steps,
    ),
  );
}

/**
 * Truncates the (empty) order tables so both COPYs may load frozen rows: COPY FREEZE is only allowed
 * into a table truncated in the same savepoint scope. On 1M lines the loading itself gains little (psql
 * COPYs 10–20 % quicker, the server's CPU for the whole direct load ≈ 3 % less), but the pages come out
 * all-visible: index-only scans skip the heap from the first report on, and the first vacuum has
 * nothing to freeze (≈ 70 ms instead of ≈ 220 ms on 1M lines). Skipped (false) when another table
 * holds a foreign key to either one, which TRUNCATE would refuse. Like TRUNCATE itself, frozen rows are
 * seen by transactions whose snapshot predates the commit; these tables were empty, so such a reader
 * sees the import appear at once rather than a mix.
 */
async function truncateForFreeze(session: SqlSession): Promise<boolean> {
  const [row] = await session.query<{ ok: boolean }>(
    `select not exists (select 1 from pg_constraint
                         where contype = 'f' and confrelid in ('orders'::regclass, 'order_items'::regclass)
                           and conrelid not in ('orders'::regclass, 'order_items'::regclass)) as ok`,
  );
  if (!row?.ok) return false;
  await session.execute(`truncate order_items, orders`);
  return true;
}

/**
 * Orders whose lines carried differing times take the earliest, on the order and on all its lines (the
 * lines went in with their own). `spread` lists the runs the stager saw differ as bytes, or is null
 * when there were too many to list (then every order is looked at). Returns how many orders' lines
 * differed as instants.
 */
async function fixSpreadTimes(session: SqlSession, spread: readonly number[] | null, first: number): Promise<number> {
  if (spread !== null && spread.length === 0) return 0;
  const where = spread === null ? '' : `where order_id = any($1::bigint[])`;
  const params = spread === null ? [] : [`{${spread.map((run) => run + first - 1).join(',')}}`];
  await session.execute(
    `create temp table import_spread on commit drop as
     select order_id, min(ordered_at) as lo from order_items ${where} group by order_id having min(ordered_at) < max(ordered_at)`,
    params,
  );
  const n = await session.execute(`update orders o set ordered_at = s.lo from import_spread s where o.id = s.order_id`);
  if (n > 0) {
    await session.execute(
      `update order_items i set ordered_at = s.lo from import_spread s where i.order_id = s.order_id and i.ordered_at <> s.lo`,
    );
  }
  await session.execute(`drop table import_spread`);
  return n;
}

/** Reads the file through the checks and feeds the lines' COPY, with backpressure. */
async function streamLines(src: OpenedSource, lines: LineWriter, sink: CopySink, opts: DirectOptions): Promise<void> {
  const progress = (): void =>
    opts.onProgress?.({ rows: lines.rows, bytes: src.bytesRead(), ...(src.totalBytes !== undefined ? { totalBytes: src.totalBytes } : {}) });
  const reader = new CsvRecordReader((record) => {
    lines.add(record);
    if (lines.rows % PROGRESS_EVERY_ROWS === 0) progress();
  });
  const send = async (all: boolean): Promise<void> => {
    for (const chunk of lines.take(all)) await sink.write(chunk);
  };
  const writer = recordWritable(reader, send);
  try {
    await pipeline(src.stream, writer);
  } catch (e) {
    // The COPY is ended normally rather than failed (CopyFail): the caller rolls its rows back to the
    // savepoint anyway, and the driver keeps its place in the protocol only on the ordinary path.
    await sink.finish().catch(() => {});
    throw e;
  }
  await sink.finish();
  progress();
}

/** Checked records → COPY text of order_items, plus the orders' COPY text kept for afterwards. */
class LineWriter {
  static readonly COLUMNS = [
    'order_id',
    'line_no',
    'product_id',
    'ordered_at',
    'customer_id',
    'salesman_id',
    'quantity',
    'unit_price',
    'discount',
    'amount',
  ] as const;

  stager: RecordStager | undefined;
  rows = 0;
  runs = 0;
  readonly orders = new CopyText();
  private readonly out = new CopyText();
  private readonly errors = new RowErrors();
  private at = { order: -1, time: -1, customer: -1, salesman: -1, product: -1, qty: -1, price: -1, lineNo: -1, discount: -1, amount: -1 };
  /** The current order's id and its customer's and salesman's ids (0: none). */
  private orderId = 0;
  private customer = 0;
  private salesman = 0;

  private readonly customers: ByteKeyedIds;
  private readonly products: ByteKeyedIds;
  private readonly salesmen: ByteKeyedIds;

  constructor(customers: Map<string, number>, products: Map<string, number>, salesmen: Map<string, number>, private readonly first: number) {
    this.customers = new ByteKeyedIds(customers);
    this.products = new ByteKeyedIds(products);
    this.salesmen = new ByteKeyedIds(salesmen);
  }

  /** The id whose external id is column `i`'s checked value (undefined: unknown, or empty), by the record's own bytes when they are that value. */
  private idOf(ids: ByteKeyedIds, r: CsvRecord, i: number): number | undefined {
    const stager = this.stager!;
    if (stager.isChanged(i) || (r.flags[i]! & ESCAPED) !== 0) {
      const v = stager.value(r, i);
      return v === null ? undefined : ids.getText(v);
    }
    const s = r.starts[i]!;
    const e = r.ends[i]!;
    // An empty unquoted field is NULL, never the external id ''.
    if (s === e && r.flags[i] === 0) return undefined;
    return ids.get(r.buf, s, e);
  }

  /** Copies column `i` of `r` as COPY text: its own bytes (quotes included), or its checked value when that differs. */
  private field(to: CopyText, r: CsvRecord, i: number): void {
    const stager = this.stager!;
    if (stager.isChanged(i)) {
      const v = stager.value(r, i);
      if (v !== null) to.text(csv(v));
      return;
    }
    const q = r.flags[i]! & QUOTED;
    const s = r.starts[i]! - q;
    const e = r.ends[i]! + q;
    to.room(e - s);
    to.bytes(r.buf, s, e);
  }

  /** Whether column `i` (−1: not in the file) is empty, i.e. NULL. */
  private isNull(r: CsvRecord, i: number): boolean {
    if (i < 0) return true;
    const stager = this.stager!;
    return stager.isChanged(i) ? stager.value(r, i) === null : r.flags[i] === 0 && r.starts[i] === r.ends[i];
  }

  /** Bytes of a number column's checked value, for the amount: the record's own or its rewritten text's. */
  private numberBytes(r: CsvRecord, i: number): [Uint8Array, number, number] {
    const stager = this.stager!;
    if (stager.isChanged(i)) {
      const b = Buffer.from(stager.value(r, i)!);
      return [b, 0, b.length];
    }
    return [r.buf, r.starts[i]!, r.ends[i]!];
  }

  add(r: CsvRecord): void {
    const stager = this.stager;
    if (stager === undefined) {
      const header = Array.from({ length: r.count }, (_, i) => fieldText(r, i));
      const s = new RecordStager(KIND_SPECS.sales, header);
      this.stager = s;
      const names = { order: 'order_id', time: 'ordered_at', customer: 'customer_id', salesman: 'salesman_id', product: 'product_id', qty: 'quantity', price: 'unit_price', lineNo: 'line_no', discount: 'discount', amount: 'amount' } as const;
      for (const k of Object.keys(names) as (keyof typeof names)[]) this.at[k] = s.columnOf(names[k]);
      return;
    }
    this.rows++;
    if (!stager.accept(r, this.errors)) throw new NotDirect(`line ${r.line} has problems`);
    if (!stager.grouped) throw new NotDirect(`line ${r.line}: an order's lines differ in customer or salesman`);
    const at = this.at;
    if (stager.runPos === 1) {
      this.runs = stager.runNumber;
      this.orderId = this.first + this.runs - 1;
      const customer = this.idOf(this.customers, r, at.customer);
      if (customer === undefined) throw new NotDirect(`line ${r.line}: unknown customer`);
      this.customer = customer;
      this.salesman = 0;
      if (!this.isNull(r, at.salesman)) {
        const id = this.idOf(this.salesmen, r, at.salesman);
        if (id === undefined) throw new NotDirect(`line ${r.line}: unknown salesman`);
        this.salesman = id;
      }
      const o = this.orders;
      o.room(20);
      o.int(this.orderId);
      o.byte(44);
      this.field(o, r, at.order);
      o.room(1);
      o.byte(44);
      this.field(o, r, at.time);
      this.people(o);
      if (o.size > MAX_ORDER_BYTES) throw new NotDirect('too many orders to hold');
    }
    const product = this.idOf(this.products, r, at.product);
    if (product === undefined) throw new NotDirect(`line ${r.line}: unknown product`);
    const out = this.out;
    out.room(40);
    out.int(this.orderId);
    out.byte(44);
    if (this.isNull(r, at.lineNo)) {
      out.int(stager.runPos);
    } else this.field(out, r, at.lineNo);
    out.room(16);
    out.byte(44);
    out.int(product);
    out.byte(44);
    // The line's own time; an order whose lines differ gets the earliest afterwards (fixSpreadTimes).
    this.field(out, r, at.time);
    this.people(out);
    out.room(1);
    out.byte(44);
    this.field(out, r, at.qty);
    out.room(1);
    out.byte(44);
    this.field(out, r, at.price);
    out.room(2);
    out.byte(44);
    const noDiscount = this.isNull(r, at.discount);
    if (noDiscount) out.byte(48);
    else this.field(out, r, at.discount);
    out.room(1);
    out.byte(44);
    if (!this.isNull(r, at.amount)) this.field(out, r, at.amount);
    else {
      const [qb, qs, qe] = this.numberBytes(r, at.qty);
      const [pb, ps, pe] = this.numberBytes(r, at.price);
      const [db, ds, de] = noDiscount ? [null, 0, 0] : this.numberBytes(r, at.discount);
      if (!writeLineAmount(out, qb, qs, qe, pb, ps, pe, db, ds, de)) throw new NotDirect(`line ${r.line}: a number the direct load does not compute`);
    }
    out.room(1);
    out.byte(10);
  }

  /** `,customer,salesman` and the line's end for an order row; `,customer,salesman` for a line. */
  private people(to: CopyText): void {
    to.room(40);
    to.byte(44);
    to.int(this.customer);
    to.byte(44);
    if (this.salesman > 0) to.int(this.salesman);
    if (to === this.orders) to.byte(10);
  }

  /** The lines' COPY chunks so far (the partial one too when `all`), handed over once. */
  take(all: boolean): Buffer[] {
    return this.out.take(all);
  }
}
