import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { businessDay, dailyServes, dailyWhere, weekBack } from '../sql/daily-filter.js';
import { dayEnd, dayStart, lineWhere, type LineFilter } from '../sql/line-filter.js';
import { rows } from '../sql/run.js';

export interface SalesmanWeekActivityRow {
  /** Portal id. */
  salesmanId: string;
  name: string;
  /** Week index counted back from the window's last day (0 = the 7 days ending on `to`). */
  week: number;
  visits: number;
  calls: number;
  /** Emails and meetings. */
  other: number;
}

export interface SalesmanWeekRevenueRow {
  salesmanId: string;
  name: string;
  week: number;
  revenue: number;
}

/**
 * Logged activities per (salesman, week) in a closed window, weeks as in `weekBack`. Salesman filter and
 * scope apply; region/customer filters keep activities with a customer in them (an activity without a
 * customer cannot be placed); category does not apply to activities.
 */
export async function salesmanWeeklyActivities(
  database: Database,
  f: LineFilter & { from: string; to: string },
): Promise<SalesmanWeekActivityRow[]> {
  const conds: SQL[] = [sql`a.occurred_at >= ${dayStart(f.from, f.timeZone)}`, sql`a.occurred_at < ${dayEnd(f.to, f.timeZone)}`];
  if (f.salesman?.length) conds.push(sql`s.external_id in ${f.salesman}`);
  if (f.ownerSalesmanId !== undefined) conds.push(sql`a.salesman_id = ${f.ownerSalesmanId}`);
  if (f.region?.length) conds.push(sql`a.customer_id in (select id from customers where region in ${f.region})`);
  if (f.customer?.length) conds.push(sql`a.customer_id in (select id from customers where external_id in ${f.customer})`);
  return rows<SalesmanWeekActivityRow>(
    database,
    sql`select s.external_id as "salesmanId", s.name, ${weekBack(f.to, businessDay(sql`a.occurred_at`, f.timeZone))}::int as week,
               (count(*) filter (where a.kind = 'visit'))::int as visits,
               (count(*) filter (where a.kind = 'call'))::int as calls,
               (count(*) filter (where a.kind not in ('visit', 'call')))::int as other
        from activities a join salesmen s on s.id = a.salesman_id
        where ${sql.join(conds, sql` and `)}
        group by s.id, 3`,
  );
}

/** Net revenue per (salesman, week); `daily_sales` unless the filter names customers. */
export async function salesmanWeeklyRevenue(
  database: Database,
  f: LineFilter & { from: string; to: string },
): Promise<SalesmanWeekRevenueRow[]> {
  return rows<SalesmanWeekRevenueRow>(
    database,
    dailyServes(f)
      ? sql`select s.external_id as "salesmanId", s.name, ${weekBack(f.to, sql`d.day`)}::int as week, sum(d.revenue)::float8 as revenue
            from daily_sales d join salesmen s on s.id = d.salesman_id
            where ${dailyWhere(f)}
            group by s.id, 3`
      : sql`select s.external_id as "salesmanId", s.name, ${weekBack(f.to, businessDay(sql`i.ordered_at`, f.timeZone))}::int as week,
                   sum(i.amount)::float8 as revenue
            from order_items i join salesmen s on s.id = i.salesman_id
            where ${lineWhere(f)}
            group by s.id, 3`,
  );
}
