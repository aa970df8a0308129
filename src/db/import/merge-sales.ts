import { MAX_LISTED_ERRORS, type RowErrors } from './row-errors.js';
import type { SqlSession } from './sql-session.js';
import type { MergeCounts } from './upsert-entities.js';

// Text comparisons for grouping and ordering only need to be consistent, not linguistic; byte order is
// several times cheaper than the database's collation on millions of ids.
const C = 'collate "C"';

/** One row per order of the file (built by `prepareSales`), so later steps scan orders, not lines. */
export const ORDERS_STAGING = 'import_orders';

/**
 * Summarises the staged lines per order in one grouped pass: min and max of the columns all lines of an
 * order must agree on (the consistency check reads these) and the order's first line in the file (new
 * orders get their ids in file order, which keeps index inserts sequential).
 */
export async function prepareSales(session: SqlSession, staging: string, present: ReadonlySet<string>): Promise<void> {
  const salesman = present.has('salesman_id');
  await session.query(
    `create temp table ${ORDERS_STAGING} on commit drop as
     select order_id, min(line) as first_line, count(*)::int as lines,
            min(ordered_at) as ordered_at, max(ordered_at) as max_ordered_at,
            min(customer_id ${C}) as customer_id, max(customer_id ${C}) as max_customer_id,
            ${salesman ? `min(salesman_id ${C})` : 'null::text'} as salesman_id,
            ${salesman ? `max(salesman_id ${C})` : 'null::text'} as max_salesman_id,
            ${salesman ? 'count(salesman_id)::int' : '0'} as salesman_lines
       from ${staging} group by order_id`,
  );
  await session.query(`analyze ${ORDERS_STAGING}`);
}

/**
 * All lines of an order must agree on ordered_at, customer_id and salesman_id; with line_no given,
 * (order_id, line_no) must be unique. The per-order summary finds offending orders; the listing with
 * line numbers only runs when there are some.
 */
export async function checkSalesConsistency(
  session: SqlSession,
  staging: string,
  present: ReadonlySet<string>,
  errors: RowErrors,
): Promise<void> {
  const [found] = await session.query<{ n: number }>(
    `select count(*)::int as n from ${ORDERS_STAGING}
      where ordered_at <> max_ordered_at or customer_id <> max_customer_id or salesman_id <> max_salesman_id
         or salesman_lines not in (0, lines)`,
  );
  if (found && found.n > 0) {
    const cols = present.has('salesman_id') ? ['ordered_at', 'customer_id', 'salesman_id'] : ['ordered_at', 'customer_id'];
    const listed = await session.query<{ line: number; order_id: string; first_line: number; col: string; total: number }>(
      `with firsts as (
         select distinct on (s.order_id) s.order_id, s.line, ${cols.map((c) => `s.${c}`).join(', ')}
           from ${staging} s
          order by s.order_id, s.line)
       select s.line, s.order_id, f.line as first_line,
              case ${cols.map((c) => `when s.${c} is distinct from f.${c} then '${c}'`).join(' ')} end as col,
              count(*) over ()::int as total
         from ${staging} s join firsts f on f.order_id = s.order_id
        where (${cols.map((c) => `s.${c}`).join(', ')}) is distinct from (${cols.map((c) => `f.${c}`).join(', ')})
        order by s.line limit ${MAX_LISTED_ERRORS}`,
    );
    errors.addMany(
      listed.map((r) => ({
        line: r.line,
        text: `line ${r.line}: ${r.col}: differs from line ${r.first_line} of the same order ${JSON.stringify(r.order_id)} (all lines of an order must agree on ordered_at, customer_id and salesman_id)`,
      })),
      listed[0]?.total ?? 0,
    );
  }
  if (present.has('line_no')) {
    const listed = await session.query<{ line: number; order_id: string; ln: number; first_line: number; total: number }>(
      `with n as (
         select s.line, s.order_id,
                coalesce(s.line_no, row_number() over (partition by s.order_id ${C} order by s.line)) as ln
           from ${staging} s),
       d as (select line, order_id, ln, min(line) over w as first_line, row_number() over (w order by line) as r
               from n window w as (partition by order_id ${C}, ln))
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
 * may (superuser), the bulk INSERTs of new orders and lines run with triggers off, after the referenced
 * customers, products and salesmen are locked set-wise FOR KEY SHARE: the same guarantee the triggers
 * give (nobody can delete them before we commit). Other roles keep the triggers; only slower.
 * NOTE: replica mode also skips user triggers; these tables have none (rollups are refreshed by a job).
 */
async function withoutRowTriggers<T>(session: SqlSession, staging: string, fn: () => Promise<T>): Promise<T> {
  const [role] = await session.query<{ su: boolean }>(`select current_setting('is_superuser') = 'on' as su`);
  if (!role?.su) return fn();
  await session.query(
    `select count(*) from (
       select 1 from customers where id in (select customer_id from import_order_ids where fresh) for key share) c`,
  );
  await session.query(
    `select count(*) from (
       select 1 from salesmen where id in (select salesman_id from import_order_ids where fresh) for key share) s`,
  );
  await session.query(
    `select count(*) from (
       select 1 from products where external_id in (select distinct product_id from ${staging}) for key share) p`,
  );
  await session.query(`select set_config('session_replication_role', 'replica', true)`);
  // No finally: after a failed statement the transaction is aborted and rolls back as a whole anyway.
  const result = await fn();
  await session.query(`select set_config('session_replication_role', 'origin', true)`);
  return result;
}

const iso = (v: unknown): string | undefined => (v == null ? undefined : new Date(v as string | Date).toISOString());

/**
 * Orders first, then their lines keyed by (order, line_no).
 *
 * New orders (the bulk of any import) take the fast path: ids drawn from the sequence in file order,
 * plain INSERTs of orders and lines sorted by (order, line) so the unique index grows at its right edge.
 * Orders that already exist go through UPDATE … WHERE changed and INSERT … ON CONFLICT for their lines;
 * unchanged rows are not rewritten, so a re-import writes nothing. The order is the single writer of
 * ordered_at/customer/salesman on its lines, so a changed order also rewrites those copies on lines this
 * file does not mention.
 */
export async function mergeSales(session: SqlSession, staging: string, present: ReadonlySet<string>): Promise<MergeCounts> {
  await session.query(
    // Ids are drawn after the sort, so new orders are numbered in file order.
    `create temp table import_order_ids on commit drop as
     select r.*, coalesce(r.existing_id, nextval(pg_get_serial_sequence('orders', 'id'))) as id, r.existing_id is null as fresh
       from (select io.order_id, io.ordered_at, c.id as customer_id, sm.id as salesman_id,
                    o.id as existing_id, o.ordered_at as old_ordered_at
               from ${ORDERS_STAGING} io
               join customers c on c.external_id = io.customer_id
               left join salesmen sm on sm.external_id = io.salesman_id
               left join orders o on o.external_id = io.order_id
              order by io.first_line) r`,
  );
  await session.query(`analyze import_order_ids`);
  const [range] = await session.query<{ min: unknown; max: unknown; existing: number }>(
    `select least(min(ordered_at), min(old_ordered_at)) as min, greatest(max(ordered_at), max(old_ordered_at)) as max,
            count(*) filter (where not fresh)::int as existing
       from import_order_ids`,
  );
  const existing = range?.existing ?? 0;

  await withoutRowTriggers(session, staging, () =>
    session.query(
      `insert into orders (id, external_id, ordered_at, customer_id, salesman_id)
       select id, order_id, ordered_at, customer_id, salesman_id from import_order_ids where fresh order by id`,
    ),
  );
  if (existing > 0) {
    await session.query(
      `with up as (
         update orders o set ordered_at = i.ordered_at, customer_id = i.customer_id, salesman_id = i.salesman_id
           from import_order_ids i
          where o.id = i.id and not i.fresh
            and (o.ordered_at, o.customer_id, o.salesman_id) is distinct from (i.ordered_at, i.customer_id, i.salesman_id)
         returning o.id, o.ordered_at, o.customer_id, o.salesman_id)
       update order_items oi set ordered_at = up.ordered_at, customer_id = up.customer_id, salesman_id = up.salesman_id
         from up where oi.order_id = up.id`,
    );
  }

  const discount = present.has('discount') ? 'coalesce(s.discount, 0)' : '0';
  const computed = `s.quantity * s.unit_price * (1 - ${discount})`;
  const amount = present.has('amount') ? `coalesce(s.amount, ${computed})` : computed;
  const position = 'row_number() over (partition by i.id order by s.line)';
  const lineNo = present.has('line_no') ? `coalesce(s.line_no, ${position})` : position;
  const lines = (fresh: boolean): string =>
    `select i.id as order_id, ${lineNo} as line_no, p.id as product_id, i.ordered_at, i.customer_id, i.salesman_id,
            s.quantity, s.unit_price, ${discount} as discount, ${amount} as amount
       from ${staging} s
       join import_order_ids i on i.order_id = s.order_id
       join products p on p.external_id = s.product_id
      where ${fresh ? '' : 'not '}i.fresh`;
  const columns = 'order_id, line_no, product_id, ordered_at, customer_id, salesman_id, quantity, unit_price, discount, amount';

  const [fresh] = await withoutRowTriggers(session, staging, () =>
    session.query<{ n: number }>(
      `with ins as (insert into order_items (${columns}) select * from (${lines(true)}) l order by order_id, line_no returning 1)
       select count(*)::int as n from ins`,
    ),
  );
  let inserted = fresh?.n ?? 0;
  let updated = 0;
  if (existing > 0) {
    const [row] = await session.query<{ inserted: number; updated: number }>(
      `with up as (
         insert into order_items (${columns}) ${lines(false)}
         on conflict (order_id, line_no) do update
            set product_id = excluded.product_id, ordered_at = excluded.ordered_at, customer_id = excluded.customer_id,
                salesman_id = excluded.salesman_id, quantity = excluded.quantity, unit_price = excluded.unit_price,
                discount = excluded.discount, amount = excluded.amount
          where (order_items.product_id, order_items.quantity, order_items.unit_price, order_items.discount,
                 order_items.amount, order_items.ordered_at, order_items.customer_id, order_items.salesman_id)
                is distinct from (excluded.product_id, excluded.quantity, excluded.unit_price, excluded.discount,
                 excluded.amount, excluded.ordered_at, excluded.customer_id, excluded.salesman_id)
         returning (xmax = 0) as fresh)
       select count(*) filter (where fresh)::int as inserted, count(*) filter (where not fresh)::int as updated from up`,
    );
    inserted += row?.inserted ?? 0;
    updated = row?.updated ?? 0;
  }
  const min = iso(range?.min);
  const max = iso(range?.max);
  return { inserted, updated, ...(min ? { minOrderedAt: min } : {}), ...(max ? { maxOrderedAt: max } : {}) };
}
