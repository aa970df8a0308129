import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { dailyServes, dailyWhere } from '../sql/daily-filter.js';
import { lineWhere, type LineFilter } from '../sql/line-filter.js';
import { one } from '../sql/run.js';

/** Latest order time seen by the rollups (cheap: one row per customer, no line scan), ISO or null. */
export async function latestOrderAt(database: Database): Promise<string | null> {
  const r = await one<{ at: string | Date | null }>(database, sql`select max(last_order_at) as at from customer_rollup`);
  return r?.at ? new Date(r.at).toISOString() : null;
}

/**
 * First and last business day (SALES_TZ, as the refresh counted them) with an order line, from the
 * `daily_sales` rollup: two ends of its primary key (day first), so no scan. Null when nothing is imported.
 */
export async function dataDayRange(database: Database): Promise<{ from: string; to: string } | null> {
  const r = await one<{ first: string | null; last: string | null }>(
    database,
    sql`select to_char(min(day), 'YYYY-MM-DD') as first, to_char(max(day), 'YYYY-MM-DD') as last from daily_sales`,
  );
  return r?.first && r.last ? { from: r.first, to: r.last } : null;
}

/**
 * True when at least one order line matches the filter (window, members, scope). Reads `daily_sales`
 * when it serves the filter, else the order lines; `exists` stops at the first match.
 */
export async function hasOrdersIn(database: Database, f: LineFilter): Promise<boolean> {
  const query = dailyServes(f)
    ? sql`select exists (select 1 from daily_sales d where ${dailyWhere(f)}) as found`
    : sql`select exists (select 1 from order_items i where ${lineWhere(f)}) as found`;
  const r = await one<{ found: boolean | string }>(database, query);
  return r?.found === true || r?.found === 't';
}
