import { sql, type SQL } from 'drizzle-orm';
import { blockStartOf, dayNumberOf, isoDayOf, monthStartOf } from '../../analytics/day-blocks.js';
import { PairCounter } from '../../analytics/pair-counter.js';
import type { Database } from '../client.js';
import { ALL_REGIONS } from '../schema/rollups.js';
import type { DayRange, ReplaceOptions } from './rollups.js';
import { one, rows } from './run.js';

const FETCH = 20_000;
/** Block rows per insert statement (each row carries two arrays of up to one entry per product). */
const INSERT_ROWS = 2_000;

/**
 * Runs `query` through a cursor on the caller's connection (inside its transaction, on either engine),
 * `FETCH` rows at a time, so memory stays flat however many rows it yields.
 */
async function forEachRow<T extends object>(database: Database, name: string, query: SQL, onRows: (batch: T[]) => void): Promise<void> {
  await database.db.execute(sql`declare ${sql.identifier(name)} no scroll cursor for ${query}`);
  try {
    for (;;) {
      const batch = await rows<T>(database, sql`fetch ${sql.raw(String(FETCH))} from ${sql.identifier(name)}`);
      if (batch.length === 0) break;
      onRows(batch);
    }
  } finally {
    await database.db.execute(sql`close ${sql.identifier(name)}`);
  }
}

/** Arrays arrive parsed from postgres.js and PGlite; a text literal "{1,2}" is accepted for safety. */
function toInts(v: unknown): number[] {
  if (Array.isArray(v)) return v.map(Number);
  if (typeof v === 'string') return v.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
  return [];
}

/** A text literal of rows of int arrays, `{{1,2},{3,4}}` is not possible (ragged), so one literal per row. */
const intArray = (xs: readonly number[]): string => `{${xs.join(',')}}`;
const textArray = (xs: readonly string[]): string => `{${xs.map((x) => `"${x.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

type RowBuffer = { d: string[]; r: string[]; a: number[]; items: string[]; baskets: string[] };
const emptyBuffer = (): RowBuffer => ({ d: [], r: [], a: [], items: [], baskets: [] });

/** A counter's cells as rollup rows (one per item a; a = 0 carries the basket count). */
function pushRows(buffer: RowBuffer, day: string, region: string, counter: PairCounter): void {
  const byA = new Map<number, [number, number][]>([[0, [[0, counter.baskets]]]]);
  for (const [a, b, c] of counter.cells()) {
    const list = byA.get(a);
    if (list) list.push([b, c]);
    else byA.set(a, [[b, c]]);
  }
  for (const [a, list] of byA) {
    list.sort((x, y) => x[0] - y[0]);
    buffer.d.push(day);
    buffer.r.push(region);
    buffer.a.push(a);
    buffer.items.push(intArray(list.map((x) => x[0])));
    buffer.baskets.push(intArray(list.map((x) => x[1])));
  }
}

async function writeRows(database: Database, table: 'basket_block_counts' | 'basket_month_counts', buffer: RowBuffer): Promise<number> {
  const key = sql.raw(table === 'basket_block_counts' ? 'block_start' : 'month');
  for (let k = 0; k < buffer.d.length; k += INSERT_ROWS) {
    const part = (xs: string[]) => textArray(xs.slice(k, k + INSERT_ROWS));
    await database.db.execute(sql`
      insert into ${sql.identifier(table)} (${key}, region, item_a, items, baskets)
      select d, r, a, i::int[], b::int[]
      from unnest(${part(buffer.d)}::date[], ${part(buffer.r)}::text[], ${intArray(buffer.a.slice(k, k + INSERT_ROWS))}::int[],
                  ${part(buffer.items)}::text[], ${part(buffer.baskets)}::text[]) as u(d, r, a, i, b)`);
  }
  return buffer.d.length;
}

/** Nested map get-or-create. */
function counterIn(map: Map<number, Map<string, PairCounter>>, key: number, region: string, bound: number): PairCounter {
  let byRegion = map.get(key);
  if (!byRegion) map.set(key, (byRegion = new Map()));
  let counter = byRegion.get(region);
  if (!counter) byRegion.set(region, (counter = new PairCounter(bound)));
  return counter;
}

/**
 * Replaces the basket co-occurrence rollups from the block holding `range.from` on (`range.to`, when
 * given, must be a month start) with the orders staged in `refresh_orders` (see `stageOrders`, which
 * must cover the same range from that block's first day). Every order's distinct products are counted
 * in memory per block and customer region (a pair self-join in SQL is several times slower); the
 * all-regions counts and the months are sums of those counters (a month's earlier, unchanged blocks
 * are read back), so each order is counted once. Returns the block rows written.
 */
export async function replaceBasketCounts(database: Database, range: DayRange, timeZone: string, opts: ReplaceOptions): Promise<number> {
  const fromBlock = isoDayOf(blockStartOf(dayNumberOf(range.from)));
  const fromMonth = isoDayOf(monthStartOf(dayNumberOf(range.from)));
  const within = (column: SQL, from: string): SQL =>
    range.to === undefined ? sql`${column} >= ${from}::date` : sql`${column} >= ${from}::date and ${column} < ${range.to}::date`;
  if (!opts.fresh) await database.db.execute(sql`delete from basket_block_counts where ${within(sql`block_start`, fromBlock)}`);
  const bound = (await one<{ n: number }>(database, sql`select coalesce(max(id), 0)::int + 1 as n from products`))?.n ?? 0;

  const blocks = new Map<number, Map<string, PairCounter>>();
  await forEachRow<{ day: number; region: string; items: unknown }>(
    database,
    'refresh_baskets',
    sql`select (o.ordered_at at time zone ${timeZone})::date - date '1970-01-01' as day, o.region, o.items from refresh_orders o`,
    (batch) => {
      for (const r of batch) counterIn(blocks, blockStartOf(Number(r.day)), r.region, bound).addDistinctSorted(toInts(r.items));
    },
  );

  // Months from fromMonth on: the kept blocks before fromBlock in that month, then every new block.
  const months = new Map<number, Map<string, PairCounter>>();
  if (fromBlock !== fromMonth) {
    const kept = await rows<{ region: string; a: number; items: unknown; baskets: unknown }>(
      database,
      sql`select region, item_a as a, items, baskets from basket_block_counts
          where block_start >= ${fromMonth}::date and block_start < ${fromBlock}::date and region <> ${ALL_REGIONS}`,
    );
    const month = dayNumberOf(fromMonth);
    for (const r of kept) {
      const counter = counterIn(months, month, r.region, bound);
      const items = toInts(r.items);
      const baskets = toInts(r.baskets);
      if (r.a === 0) counter.baskets += baskets[0] ?? 0;
      else items.forEach((b, k) => counter.addCount(r.a, b, baskets[k]!));
    }
  }
  const blockRows = emptyBuffer();
  for (const [block, byRegion] of blocks) {
    const all = new PairCounter(bound);
    for (const [region, counter] of byRegion) {
      all.merge(counter);
      counterIn(months, monthStartOf(block), region, bound).merge(counter);
      pushRows(blockRows, isoDayOf(block), region, counter);
    }
    pushRows(blockRows, isoDayOf(block), ALL_REGIONS, all);
  }
  blocks.clear();
  const written = await writeRows(database, 'basket_block_counts', blockRows);

  if (!opts.fresh) await database.db.execute(sql`delete from basket_month_counts where ${within(sql`month`, fromMonth)}`);
  const monthRows = emptyBuffer();
  for (const [month, byRegion] of months) {
    const all = new PairCounter(bound);
    for (const [region, counter] of byRegion) {
      all.merge(counter);
      pushRows(monthRows, isoDayOf(month), region, counter);
    }
    pushRows(monthRows, isoDayOf(month), ALL_REGIONS, all);
  }
  await writeRows(database, 'basket_month_counts', monthRows);
  return written;
}
