import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rows } from './run.js';

/** A result set of numeric columns, column-wise: `columns[name][i]` is row i's value, NaN for null. */
export interface NumberColumns<K extends string> {
  length: number;
  columns: Record<K, Float64Array>;
}

/**
 * Keys per packed string: with dense ids (serial keys) a chunk holds up to this many rows, enough to
 * make per-value driver costs vanish, few enough to stream.
 */
const KEYS_PER_CHUNK = 16_384;

/**
 * Runs a query whose columns are all numbers (int, numeric, float8, date differences; null allowed)
 * and returns them column-wise, in the order of `names` (the query's output column names). The first
 * column is a unique integer key (e.g. customers.id); rows come back ascending by it, so sums over the
 * columns are the same however Postgres produced the rows (rollup or order lines, parallel or not).
 *
 * Why packed text: per-customer models read every customer's aggregates (a million rows and more), and
 * the driver's cost is per value, not per byte. Postgres prints each row as one comma-separated line and
 * joins the lines of each range of 16k keys into one string; a million rows of nine columns arrive ~2×
 * faster than as values and need no row objects (8 bytes per value in Float64Arrays instead of ~300
 * bytes per row). Postgres prints
 * numeric exactly and float8 as the shortest string that reads back to the same double, so parsing gives
 * the doubles `::float8` would. The same statement runs on PGlite and inside a transaction.
 * (`COPY … TO STDOUT` would avoid the packing, but postgres.js can leave the connection paused after a
 * large COPY stream, porsager/postgres#499 and PR #1016, which would wedge the refresh transaction.)
 *
 * Throws when a field is not a number (a query that selects text by mistake), the key is not an
 * integer (the statement fails) or a key repeats.
 */
export async function numberColumns<K extends string>(database: Database, query: SQL, names: readonly K[]): Promise<NumberColumns<K>> {
  const line = sql.join(
    names.map((n) => sql`coalesce(q.${sql.identifier(n)}::text, '')`),
    sql`, `,
  );
  // Chunks are key ranges, not row numbers: a window over every row costs a fifth of the statement.
  const chunks = await rows<{ chunk: string }>(
    database,
    sql`select string_agg(concat_ws(',', ${line}), ';') as chunk
        from (${query}) q
        group by q.${sql.identifier(names[0]!)}::int8 / ${sql.raw(String(KEYS_PER_CHUNK))}`,
  );
  const parsed = parsePacked(
    chunks.map((c) => c.chunk),
    names.length,
  );
  if (parsed.length > 0) sortRowsByKey(parsed.columns, 0, parsed.length);
  const columns = {} as Record<K, Float64Array>;
  names.forEach((name, j) => (columns[name] = parsed.columns[j]!));
  return { length: parsed.length, columns };
}

/**
 * Reorders every column so that column `idColumn` (unique numeric keys) ascends. Ids are mostly dense
 * (a serial key), so a slot per id in [min, max] orders a million rows in linear time; sparse ids fall
 * back to a sort.
 */
export function sortRowsByKey(columns: Float64Array[], idColumn: number, n: number): void {
  const ids = columns[idColumn] as Float64Array;
  let min = Infinity;
  let max = -Infinity;
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const id = ids[i] as number;
    if (id < min) min = id;
    if (id > max) max = id;
    if (i > 0 && id < (ids[i - 1] as number)) sorted = false;
  }
  if (sorted) return;
  const order = new Int32Array(n);
  const range = max - min + 1;
  if (range <= 4 * n + 1024) {
    const rowOf = new Int32Array(range).fill(-1);
    for (let i = 0; i < n; i++) rowOf[(ids[i] as number) - min] = i;
    let j = 0;
    for (let k = 0; k < range; k++) if ((rowOf[k] as number) >= 0) order[j++] = rowOf[k] as number;
    if (j !== n) throw new Error('numberColumns: the first column repeats a key');
  } else {
    const byId = Array.from({ length: n }, (_, i) => i).sort((p, q) => (ids[p] as number) - (ids[q] as number));
    for (let i = 1; i < n; i++) if (ids[byId[i]!] === ids[byId[i - 1]!]) throw new Error('numberColumns: the first column repeats a key');
    order.set(byId);
  }
  for (let c = 0; c < columns.length; c++) {
    const from = columns[c] as Float64Array;
    const to = new Float64Array(n);
    for (let i = 0; i < n; i++) to[i] = from[order[i] as number] as number;
    columns[c] = to;
  }
}

const COMMA = 44;
const SEMICOLON = 59;
const DOT = 46;
const MINUS = 45;
const ZERO = 48;

/**
 * Parses rows of `k` comma-separated numbers, rows separated by ';', into k Float64Arrays; an empty field
 * is NaN. Plain decimals of ≤ 15 digits are read digit by digit (exact: both the digit string's integer
 * and 10^k are exact doubles and one division rounds correctly); others (exponents, longer) by Number.
 */
export function parsePacked(chunks: readonly string[], k: number): { length: number; columns: Float64Array[] } {
  let rowsTotal = 0;
  for (const c of chunks) {
    if (c.length === 0) continue;
    rowsTotal++;
    for (let p = c.indexOf(';'); p >= 0; p = c.indexOf(';', p + 1)) rowsTotal++;
  }
  const columns = Array.from({ length: k }, () => new Float64Array(rowsTotal));
  const near = (c: string, at: number): string => `numberColumns: bad packed row near "${c.slice(Math.max(0, at - 40), at + 40)}"`;
  const bad = (c: string, at: number): Error => new Error(`${near(c, at)}: expected ${k} comma-separated numbers`);
  const notNumber = (c: string, start: number, at: number): Error => new Error(`${near(c, at)}: "${c.slice(start, at)}" is not a number`);
  let row = 0;
  for (const c of chunks) {
    const L = c.length;
    let p = 0;
    while (p < L) {
      for (let field = 0; field < k; field++) {
        // One field from p: [-]digits[.digits], or empty, up to ',' (';' or the end after the last).
        const start = p;
        let ch = p < L ? c.charCodeAt(p) : SEMICOLON;
        let v: number;
        if (ch === COMMA || ch === SEMICOLON) {
          v = Number.NaN;
        } else {
          const negative = ch === MINUS;
          if (negative) ch = ++p < L ? c.charCodeAt(p) : SEMICOLON;
          let whole = 0;
          let digits = 0;
          while (ch >= ZERO && ch <= ZERO + 9) {
            whole = whole * 10 + (ch - ZERO);
            digits++;
            ch = ++p < L ? c.charCodeAt(p) : SEMICOLON;
          }
          let scale = 1;
          if (ch === DOT) {
            ch = ++p < L ? c.charCodeAt(p) : SEMICOLON;
            while (ch >= ZERO && ch <= ZERO + 9) {
              whole = whole * 10 + (ch - ZERO);
              scale *= 10;
              digits++;
              ch = ++p < L ? c.charCodeAt(p) : SEMICOLON;
            }
          }
          if (ch === COMMA || ch === SEMICOLON) {
            if (digits === 0) throw notNumber(c, start, p);
            v = digits <= 15 ? (negative ? -whole : whole) / scale : Number(c.slice(start, p));
          } else {
            // exponent or anything else: let Number read the whole field
            while (ch !== COMMA && ch !== SEMICOLON) ch = ++p < L ? c.charCodeAt(p) : SEMICOLON;
            v = Number(c.slice(start, p));
            if (Number.isNaN(v)) throw notNumber(c, start, p);
          }
        }
        (columns[field] as Float64Array)[row] = v;
        if (field < k - 1 ? ch !== COMMA : ch !== SEMICOLON) throw bad(c, p);
        p++; // past the separator
      }
      row++;
    }
  }
  if (row !== rowsTotal) throw new Error(`numberColumns: parsed ${row} rows, expected ${rowsTotal}`);
  return { length: row, columns };
}
