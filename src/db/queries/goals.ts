import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import type { TargetMetric, TargetScopeKind } from '../schema/targets.js';
import { rows } from '../sql/run.js';

export interface TargetRow {
  id: number;
  period: string;
  metric: TargetMetric;
  scopeKind: TargetScopeKind;
  /** '' (company), region or category name, or the salesman's portal id. */
  scopeValue: string;
  /** Internal salesman id for a salesman target. */
  salesmanId: number | null;
  salesmanName: string | null;
  amount: number;
}

/**
 * The targets of the given periods (`2026-03`, `2026-Q1`, …), only the salesman's own when
 * `salesmanId` is set (a salesman sees his targets, not the team's, nor the company's).
 */
export async function targetsOfPeriods(database: Database, periods: readonly string[], salesmanId?: number): Promise<TargetRow[]> {
  if (periods.length === 0) return [];
  const mine = salesmanId === undefined ? sql`true` : sql`t.salesman_id = ${salesmanId}`;
  return rows<TargetRow>(
    database,
    sql`select t.id, t.period, t.metric, t.scope_kind as "scopeKind", t.scope_value as "scopeValue",
               t.salesman_id as "salesmanId", sm.name as "salesmanName", t.amount::float8 as amount
          from targets t left join salesmen sm on sm.id = t.salesman_id
         where t.period in ${periods} and ${mine}
         order by t.period, t.metric, t.scope_kind, t.scope_value`,
  );
}

export interface TargetUpsert {
  period: string;
  metric: TargetMetric;
  scopeKind: TargetScopeKind;
  scopeValue: string;
  salesmanId: number | null;
  amount: string;
  setBy: string;
}

/** `/sales goal set`: the same upsert on (period, metric, scope) as the targets import. True when it was new. */
export async function upsertTarget(database: Database, t: TargetUpsert): Promise<{ created: boolean }> {
  const [row] = await rows<{ created: boolean }>(
    database,
    sql`insert into targets (period, metric, scope_kind, scope_value, salesman_id, amount, source, set_by)
        values (${t.period}, ${t.metric}, ${t.scopeKind}, ${t.scopeValue}, ${t.salesmanId}, ${t.amount}, 'slack', ${t.setBy})
        on conflict (period, metric, scope_kind, scope_value) do update
           set amount = excluded.amount, salesman_id = excluded.salesman_id, source = 'slack', set_by = excluded.set_by, updated_at = now()
        returning (xmax = 0) as created`,
  );
  return { created: row?.created === true };
}

/** What a target counts; `scope` picks the sales it counts them over. */
export interface GoalMeasure {
  metric: TargetMetric;
  scopeKind: TargetScopeKind;
  scopeValue: string;
  salesmanId: number | null;
  timeZone: string;
}

/** One window of business days: [from, to], and the amount through `cutoff` within it. */
export interface GoalWindow {
  from: string;
  cutoff: string;
  to: string;
}

export interface GoalAmounts {
  /** Amount in [from, cutoff] (0 when cutoff < from). */
  toDate: number;
  /** Amount in [from, to]. */
  total: number;
}

/**
 * `(day, v)` rows of the measure over [from, to], from the rollups:
 * - revenue: `daily_sales` (its region is the buying customer's; category via the product);
 * - orders: `customer_day` (one customer and salesman per order, so its `orders` add up exactly); an
 *   order of a category is one with a line of it, counted from the order lines in SQL, since no rollup
 *   keeps orders per category without counting an order once per product;
 * - new_customers: customers whose first order ever falls on the day (`customer_day_history` rows
 *   without a previous day); for a salesman, those he sold to on that first day; for a category,
 *   customers whose first purchase of the category falls on the day (`customer_product`).
 */
function measureDays(m: GoalMeasure, from: string, to: string): SQL {
  const days = sql`between ${from}::date and ${to}::date`;
  switch (m.metric) {
    case 'revenue': {
      const scope =
        m.scopeKind === 'region'
          ? sql`d.region = ${m.scopeValue}`
          : m.scopeKind === 'category'
            ? sql`d.product_id in (select id from products where category = ${m.scopeValue})`
            : m.scopeKind === 'salesman'
              ? sql`d.salesman_id = ${m.salesmanId ?? -1}`
              : sql`true`;
      return sql`select d.day, d.revenue as v from daily_sales d where d.day ${days} and ${scope}`;
    }
    case 'orders': {
      if (m.scopeKind === 'category') {
        return sql`select (i.ordered_at at time zone ${m.timeZone})::date as day, count(distinct i.order_id) as v
                     from order_items i
                    where i.ordered_at >= (${from}::date::timestamp at time zone ${m.timeZone})
                      and i.ordered_at < ((${to}::date + 1)::timestamp at time zone ${m.timeZone})
                      and i.product_id in (select id from products where category = ${m.scopeValue})
                    group by 1`;
      }
      const scope =
        m.scopeKind === 'region'
          ? sql`cd.customer_id in (select id from customers where region = ${m.scopeValue})`
          : m.scopeKind === 'salesman'
            ? sql`cd.salesman_id = ${m.salesmanId ?? -1}`
            : sql`true`;
      return sql`select cd.day, cd.orders as v from customer_day cd where cd.day ${days} and ${scope}`;
    }
    case 'new_customers': {
      if (m.scopeKind === 'category') {
        return sql`select f.day, 1 as v from (
                     select min(cp.first_day) as day from customer_product cp
                      where cp.product_id in (select id from products where category = ${m.scopeValue})
                      group by cp.customer_id) f
                    where f.day ${days}`;
      }
      const scope =
        m.scopeKind === 'region'
          ? sql`h.customer_id in (select id from customers where region = ${m.scopeValue})`
          : m.scopeKind === 'salesman'
            ? sql`exists (select 1 from customer_day cd where cd.customer_id = h.customer_id and cd.day = h.day and cd.salesman_id = ${m.salesmanId ?? -1})`
            : sql`true`;
      return sql`select h.day, 1 as v from customer_day_history h where h.previous_day is null and h.day ${days} and ${scope}`;
    }
  }
}

/** The measure's amount through each window's cutoff and in the whole window, one statement per window. */
export async function goalAmounts(database: Database, m: GoalMeasure, windows: readonly GoalWindow[]): Promise<GoalAmounts[]> {
  return Promise.all(
    windows.map(async (w) => {
      const [r] = await rows<GoalAmounts>(
        database,
        sql`select coalesce(sum(x.v) filter (where x.day <= ${w.cutoff}::date), 0)::float8 as "toDate",
                   coalesce(sum(x.v), 0)::float8 as total
              from (${measureDays(m, w.from, w.to)}) x`,
      );
      return r ?? { toDate: 0, total: 0 };
    }),
  );
}

/** Regions (customers' and salesmen's) or categories a target may name, as stored: what the import accepts too. */
export async function targetScopeNames(database: Database, kind: 'region' | 'category'): Promise<string[]> {
  const query =
    kind === 'region'
      ? sql`select region as v from customers where region is not null and region <> '' union select region from salesmen where region is not null and region <> '' order by 1`
      : sql`select distinct category as v from products where category is not null and category <> '' order by 1`;
  return (await rows<{ v: string }>(database, query)).map((r) => r.v);
}

/**
 * The measure per calendar day over [from, to], days without any filled with 0, in day order: the daily
 * series the goals' forecast is fitted on. One row per day leaves the database.
 */
export async function goalDailySeries(database: Database, m: GoalMeasure, from: string, to: string): Promise<number[]> {
  if (to < from) return [];
  const r = await rows<{ v: number }>(
    database,
    sql`with x as (select day, sum(v) as v from (${measureDays(m, from, to)}) d group by day)
        select coalesce(x.v, 0)::float8 as v
          from generate_series(${from}::date::timestamp, ${to}::date::timestamp, '1 day'::interval) as g(d)
          left join x on x.day = g.d::date
         order by g.d`,
  );
  return r.map((row) => row.v);
}
