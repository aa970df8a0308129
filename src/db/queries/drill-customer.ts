import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { dayEnd, dayStart } from '../sql/line-filter.js';
import { one, rows } from '../sql/run.js';

/** One customer's lines in a closed window of business days (`from` absent = since the beginning). */
export interface CustomerWindow {
  /** Internal customer id. */
  customerId: number;
  from?: string | undefined;
  to: string;
  timeZone: string;
}

function windowWhere(w: CustomerWindow): SQL {
  const conds: SQL[] = [sql`i.customer_id = ${w.customerId}`, sql`i.ordered_at < ${dayEnd(w.to, w.timeZone)}`];
  if (w.from) conds.push(sql`i.ordered_at >= ${dayStart(w.from, w.timeZone)}`);
  return sql.join(conds, sql` and `);
}

export interface CustomerOrderRow {
  /** Portal order id. */
  orderId: string;
  /** ISO instant (UTC). */
  orderedAt: string;
  /** YYYY-MM-DD in the business time zone. */
  day: string;
  lines: number;
  /** Net amount of the order's lines. */
  amount: number;
  /** Who sold it (portal id and name); null when unknown. */
  salesmanId: string | null;
  salesmanName: string | null;
}

/**
 * A page of the customer's orders, newest first, each folded from its lines in SQL. Served by the
 * (customer_id, ordered_at) index on order lines; `limit` null = all.
 */
export async function customerOrders(
  database: Database,
  w: CustomerWindow,
  page: { limit: number | null; offset: number },
): Promise<CustomerOrderRow[]> {
  const limit = page.limit === null ? sql`` : sql`limit ${page.limit}`;
  return rows<CustomerOrderRow>(
    database,
    sql`with o as (
          select i.order_id, max(i.ordered_at) as at, count(*)::int as lines, sum(i.amount) as amount, max(i.salesman_id) as salesman_id
          from order_items i
          where ${windowWhere(w)}
          group by i.order_id
          order by at desc, i.order_id desc
          ${limit} offset ${page.offset}
        )
        select ord.external_id as "orderId",
               to_char(o.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "orderedAt",
               to_char(o.at at time zone ${w.timeZone}, 'YYYY-MM-DD') as day,
               o.lines, o.amount::float8 as amount, s.external_id as "salesmanId", s.name as "salesmanName"
        from o join orders ord on ord.id = o.order_id left join salesmen s on s.id = o.salesman_id
        order by o.at desc, o.order_id desc`,
  );
}

/** Orders, lines and net revenue of the customer in the window. */
export async function customerTotals(database: Database, w: CustomerWindow): Promise<{ orders: number; lines: number; revenue: number }> {
  const r = await one<{ orders: number; lines: number; revenue: number }>(
    database,
    sql`select count(distinct i.order_id)::int as orders, count(*)::int as lines, coalesce(sum(i.amount), 0)::float8 as revenue
        from order_items i where ${windowWhere(w)}`,
  );
  return r ?? { orders: 0, lines: 0, revenue: 0 };
}

export interface CustomerMonthRow {
  /** YYYY-MM in the business time zone. */
  month: string;
  revenue: number;
  orders: number;
}

/** Net revenue and orders per calendar month (business time zone) of the window; months without lines are absent. */
export async function customerMonthlyRevenue(database: Database, w: CustomerWindow): Promise<CustomerMonthRow[]> {
  return rows<CustomerMonthRow>(
    database,
    sql`select to_char(i.ordered_at at time zone ${w.timeZone}, 'YYYY-MM') as month,
               sum(i.amount)::float8 as revenue, count(distinct i.order_id)::int as orders
        from order_items i where ${windowWhere(w)}
        group by 1 order by 1`,
  );
}
