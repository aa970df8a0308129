import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { one, rows } from '../sql/run.js';

/** First and last business day with an order line, YYYY-MM-DD (two index probes), or undefined. */
export async function lineDays(database: Database, timeZone: string): Promise<{ first: string; last: string } | undefined> {
  const r = await one<{ first: string | null; last: string | null }>(
    database,
    sql`select to_char((select min(ordered_at) from order_items) at time zone ${timeZone}, 'YYYY-MM-DD') as first,
               to_char((select max(ordered_at) from order_items) at time zone ${timeZone}, 'YYYY-MM-DD') as last`,
  );
  return r?.first && r.last ? { first: r.first, last: r.last } : undefined;
}

/** The business day of an instant (ISO) in `timeZone`. */
export async function businessDayOf(database: Database, instant: string, timeZone: string): Promise<string> {
  const r = await one<{ day: string }>(database, sql`select to_char(${instant}::timestamptz at time zone ${timeZone}, 'YYYY-MM-DD') as day`);
  return r!.day;
}

/** Months (first days, YYYY-MM-DD) from the month of `from` to the month of `last`, for chunked rebuilds. */
export async function monthStarts(database: Database, from: string, last: string): Promise<string[]> {
  const r = await rows<{ m: string }>(
    database,
    sql`select to_char(g, 'YYYY-MM-DD') as m
        from generate_series(date_trunc('month', ${from}::date::timestamp), date_trunc('month', ${last}::date::timestamp), interval '1 month') g`,
  );
  return r.map((x) => x.m);
}
