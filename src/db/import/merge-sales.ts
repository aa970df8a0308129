import { rebuildPays, withIndexesRebuilt } from './bulk-indexes.js';
import { MAX_LISTED_ERRORS, type RowErrors } from './row-errors.js';
import type { SqlSession } from './sql-session.js';
import type { StagedFile } from './staged-file.js';
import type { StepTimes } from './step-times.js';
import type { MergeCounts } from './upsert-entities.js';

// Text comparisons for grouping and ordering only need to be consistent, not linguistic; byte order is
// several times cheaper than the database's collation on millions of ids.
const C = 'collate "C"';

/** One row per order of the file (built by `prepareSales`), so later steps scan orders, not lines. */
export const ORDERS_STAGING = 'import_orders';
/** The file's distinct product ids: checked, locked and joined without re-reading every line. */
export const PRODUCTS_STAGING = 'import_products';
/** Orders with their database ids (existing or reserved) and customer/salesman ids. */
const ORDER_IDS = 'import_order_ids';

/**
 * Summarises the staged lines per order. An order's time is its earliest line's (real exports stamp
 * lines seconds or minutes apart); `max_ordered_at` keeps the latest, so the summary can count orders
 * whose lines differed. When the file lists each order's lines together and they agree on customer
 * and salesman (the stager checked that while reading, see `StagedFile.grouped`), an order is its first
 * line, its time the earliest of the runs the stager saw spread out, and only the uniqueness of the
 * orders' ids is left to check (none when they came in increasing order). Otherwise one grouped pass
 * takes min and max of the columns all lines of an order must agree on (the consistency check reads
 * these) and the order's first line in the file (new orders get their ids in file order, which keeps
 * index inserts sequential).
 */
export async function prepareSales(session: SqlSession, staged: StagedFile): Promise<void> {
  const { table } = staged;
  const salesman = staged.present.has('salesman_id');
  await session.execute(`create temp table ${PRODUCTS_STAGING} on commit drop as select distinct product_id from ${table}`);
  if (staged.grouped) {
    await session.execute(
      `create temp table ${ORDERS_STAGING} on commit drop as
       select order_id, first_line, run, at as ordered_at, at as max_ordered_at, customer_id, salesman_id
         from (select order_id, line as first_line, run, ordered_at::timestamptz as at, customer_id,
                      ${salesman ? 'salesman_id' : 'null::text as salesman_id'}
                 from ${table} where pos = 1) f`,
    );
    const spread = staged.spreadRuns;
    if (spread === null || spread.length > 0) {
      // Only the runs seen spread out are cast and grouped again (all of them when too many to list).
      await session.execute(
        `update ${ORDERS_STAGING} o set ordered_at = m.lo, max_ordered_at = m.hi
           from (select run, min(ordered_at::timestamptz) as lo, max(ordered_at::timestamptz) as hi
                   from ${table} ${spread === null ? '' : 'where run = any($1::int[])'} group by run) m
          where o.run = m.run and (o.ordered_at, o.max_ordered_at) is distinct from (m.lo, m.hi)`,
        spread === null ? [] : [`{${spread.join(',')}}`],
      );
    }
    const [split] = staged.runsDistinct
      ? [{ found: false }]
      : await session.query<{ found: boolean }>(
          `select exists (select 1 from ${ORDERS_STAGING} group by order_id ${C} having count(*) > 1) as found`,
        );
    if (!split?.found) {
      await session.execute(`analyze ${ORDERS_STAGING}`);
      return;
    }
    // An order listed in two places: the general path below checks and merges it.
    await session.execute(`drop table ${ORDERS_STAGING}`);
    staged.grouped = false;
  }
  await session.execute(
    `create temp table ${ORDERS_STAGING} on commit drop as
     select order_id, min(line) as first_line, null::int as run, count(*)::int as lines,
            min(ordered_at::timestamptz) as ordered_at, max(ordered_at::timestamptz) as max_ordered_at,
            min(customer_id ${C}) as customer_id, max(customer_id ${C}) as max_customer_id,
            ${salesman ? `min(salesman_id ${C})` : 'null::text'} as salesman_id,
            ${salesman ? `max(salesman_id ${C})` : 'null::text'} as max_salesman_id,
            ${salesman ? 'count(salesman_id)::int' : '0'} as salesman_lines
       from ${table} group by order_id`,
  );
  await session.execute(`analyze ${ORDERS_STAGING}`);
}

/** A line's number: `line_no` when given, else its place among the order's lines in the file. */
function lineNumber(staged: StagedFile, orderKey: string): string {
  const position = staged.grouped ? 's.pos' : `row_number() over (partition by ${orderKey} order by s.line)`;
  return staged.present.has('line_no') ? `coalesce(s.line_no, ${position})` : position;
}

const quoted = (v: string | null): string => (v === null ? 'none' : JSON.stringify(v));

/**
 * All lines of an order must agree on customer_id and salesman_id (ordered_at may differ: the order
 * takes the earliest); with line_no given, (order_id, line_no) must be unique. The per-order summary
 * finds offending orders (for a grouped file the stager already knows there are none); the listings
 * with line numbers only run when there are some, and name both lines and both values.
 */
export async function checkSalesConsistency(session: SqlSession, staged: StagedFile, errors: RowErrors): Promise<void> {
  const { table, present } = staged;
  if (!staged.grouped) {
    const [found] = await session.query<{ n: number }>(
      `select count(*)::int as n from ${ORDERS_STAGING}
        where customer_id <> max_customer_id or salesman_id <> max_salesman_id or salesman_lines not in (0, lines)`,
    );
    if (found && found.n > 0) {
      const cols = present.has('salesman_id') ? ['customer_id', 'salesman_id'] : ['customer_id'];
      const listed = await session.query<{
        line: number;
        order_id: string;
        first_line: number;
        col: 'customer_id' | 'salesman_id';
        first_value: string | null;
        value: string | null;
        total: number;
      }>(
        `with firsts as (
           select distinct on (s.order_id) s.order_id, s.line, ${cols.map((c) => `s.${c}`).join(', ')}
             from ${table} s
            order by s.order_id, s.line)
         select line, order_id, first_line, col,
                case col ${cols.map((c) => `when '${c}' then f_${c}`).join(' ')} end as first_value,
                case col ${cols.map((c) => `when '${c}' then s_${c}`).join(' ')} end as value,
                total
           from (select s.line, s.order_id, f.line as first_line,
                        case ${cols.map((c) => `when s.${c} is distinct from f.${c} then '${c}'`).join(' ')} end as col,
                        ${cols.map((c) => `f.${c} as f_${c}, s.${c} as s_${c}`).join(', ')},
                        count(*) over ()::int as total
                   from ${table} s join firsts f on f.order_id = s.order_id
                  where (${cols.map((c) => `s.${c}`).join(', ')}) is distinct from (${cols.map((c) => `f.${c}`).join(', ')})
                  order by s.line limit ${MAX_LISTED_ERRORS}) d
          order by line`,
      );
      errors.addMany(
        listed.map((r) => {
          const what = r.col === 'customer_id' ? 'customer' : 'salesman';
          return {
            line: r.line,
            text:
              `line ${r.line}: ${r.col}: order ${JSON.stringify(r.order_id)} names ${what} ${quoted(r.first_value)} on line ${r.first_line}` +
              ` and ${quoted(r.value)} here (all lines of an order must name the same customer and salesman)`,
          };
        }),
        listed[0]?.total ?? 0,
      );
    }
  }
  if (present.has('line_no')) {
    const order = staged.grouped ? 's.run' : `s.order_id ${C}`;
    const [dup] = await session.query<{ found: boolean }>(
      `select exists (select 1 from (select ${order} as o, ${lineNumber(staged, order)} as ln from ${table} s) n
                        group by o, ln having count(*) > 1) as found`,
    );
    if (!dup?.found) return;
    const listed = await session.query<{ line: number; order_id: string; ln: number; first_line: number; total: number }>(
      `with n as (select s.line, s.order_id, ${order} as o, ${lineNumber(staged, order)} as ln from ${table} s),
       d as (select line, order_id, ln, min(line) over w as first_line, row_number() over (w order by line) as r
               from n window w as (partition by o, ln))
       select line, order_id, ln, first_line, count(*) over ()::int as total
         from d where r > 1 order by line limit ${MAX_LISTED_ERRORS}`,
    );
    errors.addMany(
      listed.map((r) => ({
        line: r.line,
        text: `line ${r.line}: line_no: order ${JSON.stringify(r.order_id)} has line ${r.ln} already on line ${r.first_line}`,
      })),
      listed[0]?.total ?? 0,
    );
  }
}

/**
 * Per-row foreign-key triggers cost more than the inserts themselves on a bulk load (one lookup and row
 * lock per line). The references were already checked set-wise in this transaction, so where the role
 * may (superuser), the writes run with triggers off, after customers, products and salesmen are locked
 * against changes until commit (SHARE: readers go on, writers wait): the guarantee the triggers give,
 * that nobody removes a referenced row before we commit, for the price of one lock per table. Only the
 * importer writes these tables, and imports already run one at a time. Other roles keep the triggers,
 * and so does everyone once orders or order_items carry a trigger of their own (replica mode would
 * skip it too; rollups are refreshed by a job instead).
 */
export async function withoutRowTriggers<T>(session: SqlSession, fn: () => Promise<T>): Promise<T> {
  const [role] = await session.query<{ ok: boolean }>(
    `select current_setting('is_superuser') = 'on'
            and not exists (select 1 from pg_trigger where tgrelid in ('orders'::regclass, 'order_items'::regclass) and not tgisinternal) as ok`,
  );
  if (!role?.ok) return fn();
  await session.execute(`lock table customers, products, salesmen in share mode`);
  await session.execute(`select set_config('session_replication_role', 'replica', true)`);
  // No finally: after a failed statement the transaction is aborted and rolls back as a whole anyway.
  const result = await fn();
  await session.execute(`select set_config('session_replication_role', 'origin', true)`);
  return result;
}

/**
 * New orders' ids: one block of the sequence, numbered in file order. Imports run one at a time and are
 * the only writers of orders, so nothing draws from the sequence between the two calls; were something
 * to, the primary key would refuse the clash rather than mix orders up.
 */
async function reserveIds(session: SqlSession, count: number): Promise<number> {
  if (count === 0) return 0;
  const [row] = await session.query<{ last: string }>(
    `select setval(s.seq, nextval(s.seq) + $1::bigint - 1)::text as last
       from (select pg_get_serial_sequence('orders', 'id')::regclass as seq) s`,
    [count],
  );
  return Number(row!.last) - count + 1;
}

const iso = (v: unknown): string | undefined => (v == null ? undefined : new Date(v as string | Date).toISOString());

const ITEM_COLUMNS = ['product_id', 'quantity', 'unit_price', 'discount', 'amount', 'ordered_at', 'customer_id', 'salesman_id'];

/**
 * Orders first, then their lines keyed by (order, line_no).
 *
 * New orders (the bulk of any import) take the fast path: ids reserved as one block in file order,
 * plain INSERTs of orders and lines (a grouped file finds each line's order by its run number), so the
 * primary keys grow at their right edge; a load that is large against the tables drops their indexes
 * and builds each once afterwards instead of growing them line by line (see bulk-indexes.ts).
 * Orders that already exist go through UPDATE … WHERE changed, and their lines are compared with the
 * stored ones first, so only new or changed lines reach INSERT … ON CONFLICT; a re-import writes
 * nothing. The order is the single writer of ordered_at/customer/salesman on its lines, so a changed
 * order also rewrites those copies on lines this file does not mention.
 */
export async function mergeSales(session: SqlSession, staged: StagedFile, steps: StepTimes): Promise<MergeCounts> {
  const { table, present, grouped } = staged;
  // Into an empty orders table every order of a grouped file is new, and its run number is already its
  // rank in file order: no lookup of existing orders, no window sort over all of them.
  const allFresh =
    grouped && (await session.query<{ empty: boolean }>(`select not exists (select 1 from orders) as empty`))[0]?.empty === true;
  const lookup = allFresh
    ? { columns: 'null::bigint as existing_id, null::timestamptz as old_ordered_at, io.run::bigint as fresh_rank', join: '' }
    : {
        columns: `o.id as existing_id, o.ordered_at as old_ordered_at,
                  case when o.id is null then row_number() over (partition by o.id is null order by io.first_line) end as fresh_rank`,
        join: 'left join orders o on o.external_id = io.order_id',
      };
  await steps.time('order-ids', () =>
    session.execute(
      `create temp table ${ORDER_IDS} on commit drop as
       select io.order_id, io.first_line, io.run, io.ordered_at, c.id as customer_id, sm.id as salesman_id, ${lookup.columns}
         from ${ORDERS_STAGING} io
         join customers c on c.external_id = io.customer_id
         left join salesmen sm on sm.external_id = io.salesman_id
         ${lookup.join}`,
    ),
  );
  await steps.time('order-ids', () => session.execute(`analyze ${ORDER_IDS}`));
  const [range] = await session.query<{ min: unknown; max: unknown; fresh: number; existing: number }>(
    `select least(min(ordered_at), min(old_ordered_at)) as min, greatest(max(ordered_at), max(old_ordered_at)) as max,
            count(*) filter (where existing_id is null)::int as fresh, count(*) filter (where existing_id is not null)::int as existing
       from ${ORDER_IDS}`,
  );
  const fresh = range?.fresh ?? 0;
  const existing = range?.existing ?? 0;
  // A grouped file whose every order's lines carried the same time bytes cannot have any.
  const spreadOut =
    grouped && staged.spreadRuns?.length === 0
      ? 0
      : ((
          await session.query<{ n: number }>(`select count(*)::int as n from ${ORDERS_STAGING} where max_ordered_at > ordered_at`)
        )[0]?.n ?? 0);
  const first = await reserveIds(session, fresh);
  const freshId = `(i.fresh_rank + ${first - 1})`;

  // Values are cast to the columns' own types (numeric scales) here, so comparing them with stored
  // lines is exact and the insert has nothing left to convert.
  const types = new Map(
    (
      await session.query<{ name: string; type: string }>(
        `select attname as name, format_type(atttypid, atttypmod) as type
           from pg_attribute where attrelid = 'order_items'::regclass and attnum > 0 and not attisdropped`,
      )
    ).map((c) => [c.name, c.type]),
  );
  const typed = (expr: string, column: string): string => `(${expr})::${types.get(column) ?? 'numeric'} as ${column}`;
  const discount = present.has('discount') ? 'coalesce(s.discount, 0)' : '0';
  // Most lines carry no discount: two numeric operations fewer per line (the rounding to the column's
  // scale makes both forms the same value).
  const computed = present.has('discount')
    ? `case when s.discount is null then s.quantity * s.unit_price else s.quantity * s.unit_price * (1 - s.discount) end`
    : 's.quantity * s.unit_price';
  const amount = present.has('amount') ? `coalesce(s.amount, ${computed})` : computed;
  const lines = (ofFresh: boolean): string =>
    `select ${ofFresh ? freshId : 'i.existing_id'} as order_id, ${lineNumber(staged, 'i.first_line')} as line_no, p.id as product_id,
            i.ordered_at, i.customer_id, i.salesman_id, ${typed('s.quantity', 'quantity')}, ${typed('s.unit_price', 'unit_price')},
            ${typed(discount, 'discount')}, ${typed(amount, 'amount')}
       from ${table} s
       join ${ORDER_IDS} i on ${grouped ? 'i.run = s.run' : 'i.order_id = s.order_id'}
       join products p on p.external_id = s.product_id
      where i.existing_id is ${ofFresh ? '' : 'not '}null`;
  const columns = 'order_id, line_no, product_id, ordered_at, customer_id, salesman_id, quantity, unit_price, discount, amount';

  const differs = (a: string, b: string): string =>
    `(${ITEM_COLUMNS.map((c) => `${a}.${c}`).join(', ')}) is distinct from (${ITEM_COLUMNS.map((c) => `${b}.${c}`).join(', ')})`;

  const counts = await withoutRowTriggers(session, async (): Promise<MergeCounts> => {
    if (existing > 0) {
      await steps.time('existing-orders', () =>
        session.execute(
          `with up as (
             update orders o set ordered_at = i.ordered_at, customer_id = i.customer_id, salesman_id = i.salesman_id
               from ${ORDER_IDS} i
              where o.id = i.existing_id
                and (o.ordered_at, o.customer_id, o.salesman_id) is distinct from (i.ordered_at, i.customer_id, i.salesman_id)
             returning o.id, o.ordered_at, o.customer_id, o.salesman_id)
           update order_items oi set ordered_at = up.ordered_at, customer_id = up.customer_id, salesman_id = up.salesman_id
             from up where oi.order_id = up.id`,
        ),
      );
    }
    let inserted = 0;
    if (fresh > 0) {
      const insertFresh = async (): Promise<number> => {
        // Ids come from fresh_rank, whatever order rows arrive in; the sort only lays the heap out in id
        // order, as runs read in file order already are.
        await steps.time('orders', () =>
          session.execute(
            `insert into orders (id, external_id, ordered_at, customer_id, salesman_id)
             select ${freshId}, order_id, ordered_at, customer_id, salesman_id from ${ORDER_IDS} i where existing_id is null
             ${allFresh ? '' : 'order by fresh_rank'}`,
          ),
        );
        // A grouped file arrives in run order, which is id order; the sort only pays where lines are scattered.
        return steps.time('items', () =>
          session.execute(`insert into order_items (${columns}) ${lines(true)}${grouped ? '' : ' order by 1, 2'}`),
        );
      };
      const incoming = Math.round((staged.rows * fresh) / (fresh + existing));
      inserted = (await rebuildPays(session, 'order_items', incoming))
        ? await withIndexesRebuilt(session, ['orders', 'order_items'], insertFresh, steps)
        : await insertFresh();
    }
    if (existing === 0) return { inserted, updated: 0 };
    // Lines of known orders are compared first, so a re-import sends nothing through the upsert.
    const [row] = await steps.time('existing-items', () =>
      session.query<{ inserted: number; updated: number }>(
        `with up as (
           insert into order_items (${columns})
           select l.* from (${lines(false)}) l
             left join order_items cur on cur.order_id = l.order_id and cur.line_no = l.line_no
            where cur.order_id is null or ${differs('cur', 'l')}
           on conflict (order_id, line_no) do update
              set ${ITEM_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}
            where ${differs('order_items', 'excluded')}
           returning (xmax = 0) as fresh)
         select count(*) filter (where fresh)::int as inserted, count(*) filter (where not fresh)::int as updated from up`,
      ),
    );
    return { inserted: inserted + (row?.inserted ?? 0), updated: row?.updated ?? 0 };
  });
  const min = iso(range?.min);
  const max = iso(range?.max);
  return { ...counts, ordersWithDifferingTimes: spreadOut, ...(min ? { minOrderedAt: min } : {}), ...(max ? { maxOrderedAt: max } : {}) };
}
