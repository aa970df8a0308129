import { sql, type SQL } from 'drizzle-orm';
import { blockStartOf, dayNumberOf, isoDayOf, monthStartOf } from '../../analytics/day-blocks.js';
import { mergeRuns, PAIR_SHIFT, PairCollector, runOfCells, type PairRun } from '../../analytics/pair-runs.js';
import type { Database } from '../client.js';
import { ALL_REGIONS } from '../schema/rollups.js';
import type { DayRange, ReplaceOptions } from './day-range.js';
import { rows } from '../sql/run.js';
import { CopyBinaryWriter, copyRowsIn } from './copy-rows.js';

/** Rows of (day, region, that day's baskets) per fetch: a few megabytes. */
const FETCH = 200;
/** Rows, and cells, buffered before they are written (a COPY each, or a few inserts). */
const FLUSH_ROWS = 20_000;
const FLUSH_CELLS = 1_000_000;
/** Block rows per insert statement (each row carries two arrays of up to one entry per product). */
const INSERT_ROWS = 2_000;
/** Cells (entries of the rows' arrays) per insert statement: two int[] parameters of a few megabytes. */
const INSERT_CELLS = 500_000;

/**
 * Runs statements on one connection one after another, in the order they are asked for. A COPY holds
 * its connection until it ends, and postgres.js would send a statement asked for meanwhile (a
 * pipelined fetch) into the middle of it, which breaks the connection.
 */
type Serial = <R>(statement: () => Promise<R>) => Promise<R>;
function serialQueue(): Serial {
  let tail: Promise<unknown> = Promise.resolve();
  return (statement) => {
    const p = tail.then(statement);
    tail = p.catch(() => {}); // the caller awaits p; the queue only waits for it to settle
    return p;
  };
}

/**
 * Runs `query` through a cursor on the caller's connection (inside its transaction, on either engine),
 * `FETCH` rows at a time, so memory stays flat however many rows it yields; its statements go through
 * `serial`, as the caller's writes do. Each fetch is asked for before `onRows` handles the batch before
 * it, so a write `onRows` leaves running (see `replaceBasketCounts`) runs after a fetch already
 * answered, and the next batch is at hand while it runs.
 */
async function forEachRow<T extends object>(
  database: Database,
  serial: Serial,
  name: string,
  query: SQL,
  onRows: (batch: T[]) => Promise<void>,
): Promise<void> {
  await serial(() => database.db.execute(sql`declare ${sql.identifier(name)} no scroll cursor for ${query}`));
  const fetch = (): Promise<T[]> => {
    const p = serial(() => rows<T>(database, sql`fetch ${sql.raw(String(FETCH))} from ${sql.identifier(name)}`));
    p.catch(() => {}); // awaited below; a failure meanwhile must not surface as an unhandled rejection
    return p;
  };
  try {
    let next = fetch();
    for (;;) {
      const batch = await next;
      if (batch.length === 0) break;
      next = fetch();
      await onRows(batch);
    }
  } finally {
    await serial(() => database.db.execute(sql`close ${sql.identifier(name)}`));
  }
}

/** Arrays arrive parsed from postgres.js and PGlite; a text literal "{1,2}" is accepted for safety. */
function toInts(v: unknown): number[] {
  if (Array.isArray(v)) return v.map(Number);
  if (typeof v === 'string') return v.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
  return [];
}

/**
 * Counts the baskets of a run of int array literals, `{3,17}{5}{2,3,9}` (one basket each, items
 * distinct and ascending as `stageOrders` aggregates them). One pass over the characters: parsing a
 * row per order is what the refresh paid for most, not the counting.
 */
export function addBasketLiterals(counter: { addDistinctSorted(items: readonly number[]): void }, text: string): void {
  const items: number[] = [];
  let n = 0;
  let digits = false;
  for (let k = 0; k < text.length; k++) {
    const ch = text.charCodeAt(k);
    if (ch >= 48 && ch <= 57) {
      n = n * 10 + (ch - 48);
      digits = true;
    } else if (ch === 44 || ch === 125) {
      // ',' ends an item, '}' the basket
      if (digits) items.push(n);
      n = 0;
      digits = false;
      if (ch === 125) {
        counter.addDistinctSorted(items);
        items.length = 0;
      }
    } else if (ch !== 123) {
      throw new Error(`unexpected ${JSON.stringify(text[k])} in basket items`);
    }
  }
}

const textArray = (xs: readonly string[]): string => `{${xs.map((x) => `"${x.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
const intArray = (xs: ArrayLike<number> & { join(sep: string): string }): string => `{${xs.join(',')}}`;

/**
 * Rollup rows waiting to be inserted: per row its period, region and item a; its cells (items and
 * baskets) lie in the flat lists `b` and `c`, from the previous row's end to its own `ends` entry.
 * Flat lists of numbers, not a literal per row: built as a few big strings (one `join` each) and parsed
 * by Postgres as one int[] each, they cost a fraction of per-row literals cast from text[] (26 M cells
 * for Online Retail: ~10 s of inserts and as much again in garbage collection).
 */
interface RowBuffer {
  d: string[];
  r: string[];
  a: number[];
  ends: number[];
  b: IntList;
  c: IntList;
}
const emptyBuffer = (): RowBuffer => ({ d: [], r: [], a: [], ends: [], b: new IntList(), c: new IntList() });

/** A growable list of int32, filled by bulk copies (a JS array grown a number at a time cost seconds here). */
class IntList {
  private data = new Int32Array(1 << 16);
  length = 0;

  append(values: ArrayLike<number>): void {
    if (this.length + values.length > this.data.length) {
      const grown = new Int32Array(Math.max(this.data.length * 2, this.length + values.length));
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    this.data.set(values, this.length);
    this.length += values.length;
  }

  /** The entries from..to. */
  view(from: number, to: number): Int32Array {
    return this.data.subarray(from, to);
  }

  /** The entries from..to as an int[] literal. */
  literal(from: number, to: number): string {
    return `{${this.data.subarray(from, to).join(',')}}`;
  }
}
/** The buffer's rows, leaving it empty. */
function takeRows(buffer: RowBuffer): RowBuffer {
  const taken = { ...buffer };
  Object.assign(buffer, emptyBuffer());
  return taken;
}

/**
 * A run's cells as rollup rows: one per item a with its cells ascending by b, after the row a = 0
 * that carries the basket count (product ids start at 1, so no item is 0).
 */
function pushRows(buffer: RowBuffer, day: string, region: string, run: PairRun): void {
  const row = (item: number, end: number): void => {
    buffer.d.push(day);
    buffer.r.push(region);
    buffer.a.push(item);
    buffer.ends.push(end);
  };
  buffer.b.append([0]);
  buffer.c.append([run.baskets]);
  row(0, buffer.b.length);
  const { keys, counts } = run;
  const offset = buffer.b.length;
  const b = new Int32Array(keys.length);
  let a = -1;
  for (let k = 0; k < keys.length; k++) {
    const ak = Math.floor(keys[k]! / PAIR_SHIFT);
    b[k] = keys[k]! - ak * PAIR_SHIFT;
    if (ak !== a) {
      if (ak === 0) throw new RangeError('item 0 is reserved for the basket count');
      if (a >= 0) row(a, offset + k);
      a = ak;
    }
  }
  if (a >= 0) row(a, offset + keys.length);
  buffer.b.append(b);
  buffer.c.append(counts);
}

/** True when the buffer holds enough to be worth a round trip. */
const bufferFull = (buffer: RowBuffer): boolean => buffer.d.length >= FLUSH_ROWS || buffer.b.length >= FLUSH_CELLS;

/** The buffer's rows in COPY's binary format (see CopyBinaryWriter). */
function copyRows(buffer: RowBuffer): Buffer {
  // Header and trailer, then per row: field count, date, region, item, two arrays' headers, 8 bytes a cell.
  let bytes = 21;
  for (const r of buffer.r) bytes += 2 + 8 + 4 + Buffer.byteLength(r) + 8 + 2 * 24;
  const out = new CopyBinaryWriter(bytes + 16 * buffer.b.length);
  const days = new Map<string, number>();
  let from = 0;
  for (let k = 0; k < buffer.d.length; k++) {
    const to = buffer.ends[k]!;
    const d = buffer.d[k]!;
    let day = days.get(d);
    if (day === undefined) days.set(d, (day = dayNumberOf(d)));
    out.row(5).date(day).text(buffer.r[k]!).int(buffer.a[k]!).intArray(buffer.b.view(from, to)).intArray(buffer.c.view(from, to));
    from = to;
  }
  return out.take();
}

/**
 * Writes the buffer's rows: by binary COPY inside a PostgreSQL transaction (a third less server time than
 * inserting them for the basket counts of the wide shape, 1.2M rows of a few cells), else by inserts
 * of a few thousand rows each, their cells sliced from two big arrays.
 */
async function writeRows(database: Database, table: 'basket_block_counts' | 'basket_month_counts', buffer: RowBuffer): Promise<number> {
  if (buffer.d.length === 0) return 0;
  const key = table === 'basket_block_counts' ? 'block_start' : 'month';
  if (await copyRowsIn(database, table, [key, 'region', 'item_a', 'items', 'baskets'], () => copyRows(buffer))) return buffer.d.length;
  return insertRows(database, table, buffer);
}

async function insertRows(database: Database, table: 'basket_block_counts' | 'basket_month_counts', buffer: RowBuffer): Promise<number> {
  const key = sql.raw(table === 'basket_block_counts' ? 'block_start' : 'month');
  for (let first = 0; first < buffer.d.length; ) {
    const cellStart = first === 0 ? 0 : buffer.ends[first - 1]!;
    let last = first + 1;
    while (last < buffer.d.length && last - first < INSERT_ROWS && buffer.ends[last]! - cellStart <= INSERT_CELLS) last++;
    const cellEnd = buffer.ends[last - 1]!;
    // Each row's slice bounds, relative to this statement's cells (arrays are 1-based).
    const lo: number[] = [];
    const hi: number[] = [];
    for (let k = first; k < last; k++) {
      lo.push((k === 0 ? 0 : buffer.ends[k - 1]!) - cellStart + 1);
      hi.push(buffer.ends[k]! - cellStart);
    }
    await database.db.execute(sql`
      insert into ${sql.identifier(table)} (${key}, region, item_a, items, baskets)
      select u.d, u.r, u.a, f.b[u.lo:u.hi], f.c[u.lo:u.hi]
      from (select ${buffer.b.literal(cellStart, cellEnd)}::int[] as b, ${buffer.c.literal(cellStart, cellEnd)}::int[] as c) f,
           unnest(${textArray(buffer.d.slice(first, last))}::date[], ${textArray(buffer.r.slice(first, last))}::text[],
                  ${intArray(buffer.a.slice(first, last))}::int[], ${intArray(lo)}::int[], ${intArray(hi)}::int[]) as u(d, r, a, lo, hi)`);
    first = last;
  }
  return buffer.d.length;
}

/**
 * Replaces the basket co-occurrence rollups from the block holding `range.from` on (`range.to`, when
 * given, must be a month start) with the orders staged in `refresh_orders` (see `stageOrders`, which
 * must cover the same range from that block's first day). Every order's distinct products are counted
 * in memory per block and customer region (a pair self-join in SQL is several times slower), as a
 * sorted run of pairs (see pair-runs.ts); the all-regions counts and the months are merges of those
 * runs (a month's earlier, unchanged blocks are read back), so each order is counted once. The days come in order and each block and month is
 * written when the next begins, so memory holds one of each however long the range. Returns the block
 * rows written.
 */
export async function replaceBasketCounts(database: Database, range: DayRange, opts: ReplaceOptions): Promise<number> {
  const fromBlock = isoDayOf(blockStartOf(dayNumberOf(range.from)));
  const fromMonth = isoDayOf(monthStartOf(dayNumberOf(range.from)));
  const within = (column: SQL, from: string): SQL =>
    range.to === undefined ? sql`${column} >= ${from}::date` : sql`${column} >= ${from}::date and ${column} < ${range.to}::date`;
  if (!opts.fresh) {
    await database.db.execute(sql`delete from basket_block_counts where ${within(sql`block_start`, fromBlock)}`);
    await database.db.execute(sql`delete from basket_month_counts where ${within(sql`month`, fromMonth)}`);
  }
  const collectorOf = (byRegion: Map<string, PairCollector>, region: string): PairCollector => {
    let collector = byRegion.get(region);
    if (!collector) byRegion.set(region, (collector = new PairCollector()));
    return collector;
  };
  /** A month's runs per region: its blocks', merged when the month is written. */
  const runsOf = (byRegion: Map<string, PairRun[]>, region: string): PairRun[] => {
    let runs = byRegion.get(region);
    if (!runs) byRegion.set(region, (runs = []));
    return runs;
  };

  // The month of fromBlock starts from its kept blocks before fromBlock, a run per block and region.
  let month = { start: dayNumberOf(fromMonth), byRegion: new Map<string, PairRun[]>() };
  if (fromBlock !== fromMonth) {
    const kept = await rows<{ block: string; region: string; a: number; items: unknown; baskets: unknown }>(
      database,
      sql`select block_start::text as block, region, item_a as a, items, baskets from basket_block_counts
          where block_start >= ${fromMonth}::date and block_start < ${fromBlock}::date and region <> ${ALL_REGIONS}
          order by block_start, region, item_a`,
    );
    for (let i = 0; i < kept.length; ) {
      const { block: start, region } = kept[i]!;
      const as: number[] = [];
      const bs: number[] = [];
      const cs: number[] = [];
      let baskets = 0;
      for (; i < kept.length && kept[i]!.block === start && kept[i]!.region === region; i++) {
        const r = kept[i]!;
        const items = toInts(r.items);
        const counts = toInts(r.baskets);
        if (r.a === 0) baskets += counts[0] ?? 0;
        else
          items.forEach((b, k) => {
            as.push(r.a);
            bs.push(b);
            cs.push(counts[k]!);
          });
      }
      runsOf(month.byRegion, region).push(runOfCells(as, bs, cs, baskets));
    }
  }
  let block: { start: number; byRegion: Map<string, PairCollector> } | undefined;
  const blockRows = emptyBuffer();
  const monthRows = emptyBuffer();
  let written = 0;
  const closeBlock = (b: NonNullable<typeof block>): void => {
    const regionRuns: PairRun[] = [];
    for (const [region, collector] of b.byRegion) {
      const run = collector.toRun();
      regionRuns.push(run);
      runsOf(month.byRegion, region).push(run);
      pushRows(blockRows, isoDayOf(b.start), region, run);
    }
    pushRows(blockRows, isoDayOf(b.start), ALL_REGIONS, mergeRuns(regionRuns));
  };
  const closeMonth = (): void => {
    if (month.byRegion.size === 0) return;
    const regionRuns: PairRun[] = [];
    for (const [region, runs] of month.byRegion) {
      const run = mergeRuns(runs);
      regionRuns.push(run);
      pushRows(monthRows, isoDayOf(month.start), region, run);
    }
    pushRows(monthRows, isoDayOf(month.start), ALL_REGIONS, mergeRuns(regionRuns));
  };
  const flush = async (all: boolean): Promise<void> => {
    // Both buffers are taken now: counting goes on filling fresh ones while these are written.
    const blocks = all || bufferFull(blockRows) ? takeRows(blockRows) : undefined;
    const months = all || bufferFull(monthRows) ? takeRows(monthRows) : undefined;
    if (blocks) written += await serial(() => writeRows(database, 'basket_block_counts', blocks));
    if (months) await serial(() => writeRows(database, 'basket_month_counts', months));
  };

  const serial = serialQueue();
  let writing: Promise<void> = Promise.resolve();
  // One row per business day and region, its orders' item arrays concatenated: a row per order costs
  // more to send and parse than the counting itself.
  await forEachRow<{ day: number; region: string; baskets: string }>(
    database,
    serial,
    'refresh_baskets',
    sql`select o.day - date '1970-01-01' as day, o.region, string_agg(o.items::text, '') as baskets
        from refresh_orders o group by 1, 2 order by 1`,
    async (batch) => {
      for (const r of batch) {
        const start = blockStartOf(Number(r.day));
        if (block?.start !== start) {
          if (block) closeBlock(block);
          if (monthStartOf(start) !== month.start) {
            closeMonth();
            month = { start: monthStartOf(start), byRegion: new Map() };
          }
          block = { start, byRegion: new Map() };
        }
        addBasketLiterals(collectorOf(block.byRegion, r.region), r.baskets);
      }
      // The rows are written while the next batch is counted (Node and Postgres each kept busy, not
      // taking turns); one write at a time, in order.
      await writing;
      writing = flush(false);
      writing.catch(() => {}); // awaited before the next write or at the end
    },
  );
  await writing;
  if (block) closeBlock(block);
  closeMonth();
  await flush(true);
  return written;
}
