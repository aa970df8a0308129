import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { dailyFacts } from '../sql/daily-source.js';
import type { LineFilter } from '../sql/line-filter.js';
import { one, rows } from '../sql/run.js';

export interface DailyRevenueRow {
  /** YYYY-MM-DD (business day). */
  day: string;
  revenue: number;
}

/** Revenue per business day in [from, to] (days without sales are absent). */
export async function dailyRevenue(database: Database, f: LineFilter, from: string, to: string): Promise<DailyRevenueRow[]> {
  return rows<DailyRevenueRow>(
    database,
    sql`select to_char(b.day, 'YYYY-MM-DD') as day, sum(b.revenue)::float8 as revenue
        from (${dailyFacts(f, from, to)}) b
        group by b.day order by b.day`,
  );
}

export interface ProductUnitsRow {
  /** Internal product id. */
  id: number;
  productId: string;
  name: string;
  recentUnits: number;
  priorUnits: number;
}

/**
 * Units per product in two consecutive windows: recent = [recentFrom, to], prior = [priorFrom,
 * recentFrom − 1]. Products with no units in either window are absent.
 */
export async function productUnitsTwoWindows(
  database: Database,
  f: LineFilter,
  w: { priorFrom: string; recentFrom: string; to: string },
): Promise<ProductUnitsRow[]> {
  return rows<ProductUnitsRow>(
    database,
    sql`select p.id, p.external_id as "productId", p.name,
               coalesce(sum(b.units) filter (where b.day >= ${w.recentFrom}::date), 0)::float8 as "recentUnits",
               coalesce(sum(b.units) filter (where b.day < ${w.recentFrom}::date), 0)::float8 as "priorUnits"
        from (${dailyFacts(f, w.priorFrom, w.to)}) b join products p on p.id = b.product_id
        group by p.id`,
  );
}

export interface SalesmenActivityRow {
  active: number;
  withSale: number;
}

/**
 * Active salesmen (not placeholders; narrowed by the salesman filter, the role scope and, for a region
 * filter, the salesman's own region) and how many of them have positive revenue on some business day
 * in [from, to] under the filter.
 */
export async function salesmenWithSales(database: Database, f: LineFilter, from: string, to: string): Promise<SalesmenActivityRow> {
  const conds = [sql`s.active`, sql`not s.is_placeholder`];
  if (f.salesman?.length) conds.push(sql`s.external_id in ${f.salesman}`);
  if (f.region?.length) conds.push(sql`s.region in ${f.region}`);
  if (f.ownerSalesmanId !== undefined) conds.push(sql`s.id = ${f.ownerSalesmanId}`);
  const r = await one<SalesmenActivityRow>(
    database,
    sql`with sold as (
          select b.salesman_id from (${dailyFacts(f, from, to)}) b
          group by b.salesman_id, b.day having sum(b.revenue) > 0)
        select count(*)::int as active,
               count(*) filter (where s.id in (select salesman_id from sold))::int as "withSale"
        from salesmen s where ${sql.join(conds, sql` and `)}`,
  );
  return r ?? { active: 0, withSale: 0 };
}
