import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rowsWritten } from '../sql/run.js';
import type { DayRange } from './day-range.js';
import { withSettings } from './refresh-session.js';

/** A Monday: calendar weeks of `product_week` start on the days a multiple of 7 days from it. */
export const WEEK_EPOCH = '1970-01-05';

/** The Monday on or before the date `day` (SQL date expression), whatever side of the epoch it is. */
export function weekStartOf(day: SQL): SQL {
  return sql`(${day} - ((((${day}) - ${sql.raw(`date '${WEEK_EPOCH}'`)}) % 7 + 7) % 7))`;
}

/** The rollup's columns after the key: units through each weekday, then revenue through each weekday. */
export const WEEK_COLUMNS = [
  ...[0, 1, 2, 3, 4, 5, 6].map((i) => `units_through_${i}`),
  ...[0, 1, 2, 3, 4, 5, 6].map((i) => `revenue_through_${i}`),
];

/** The values of {@link WEEK_COLUMNS} for `product_day d` rows grouped by product and week. */
function weekColumns(): SQL {
  const offset = sql`(d.day - ${weekStartOf(sql`d.day`)})`;
  const through = (column: string) =>
    [0, 1, 2, 3, 4, 5].map((i) => sql`coalesce(sum(${sql.raw(`d.${column}`)}) filter (where ${offset} <= ${sql.raw(String(i))}), 0)`).concat(sql`sum(${sql.raw(`d.${column}`)})`);
  return sql.join([...through('units'), ...through('revenue')], sql`, `);
}

/**
 * Replaces `product_week` rows from `product_day` (which must be current for the range): the calendar
 * weeks that hold a day of the range — a week partly before the range is re-summed whole from
 * product_day, whose earlier days did not change — or, without a range (after a full rebuild of
 * product_day), all of them. Grouped by sorting, not hashing: the groups are about half the input
 * rows (a hash table of numeric sums that size spills), and sorted output lands in key order, so
 * each product's weeks sit together on disk.
 */
export async function replaceProductWeeks(database: Database, range: DayRange | undefined): Promise<number> {
  const weekFrom = range ? weekStartOf(sql`${range.from}::date`) : undefined;
  // The day after the last week the range touches (`to` is exclusive, so its week is that of to − 1).
  const weekTo = range?.to !== undefined ? sql`(${weekStartOf(sql`(${range.to}::date - 1)`)} + 7)` : undefined;
  const days = [weekFrom ? sql`d.day >= ${weekFrom}` : sql`true`, weekTo ? sql`d.day < ${weekTo}` : sql`true`];
  if (range) {
    await database.db.execute(
      sql`delete from product_week w where w.week_start >= ${weekFrom} and ${weekTo ? sql`w.week_start < ${weekTo}` : sql`true`}`,
    );
  } else {
    await database.db.execute(sql`delete from product_week`);
  }
  const insert = sql`insert into product_week (product_id, week_start, ${sql.raw(WEEK_COLUMNS.join(', '))})
    select d.product_id, ${weekStartOf(sql`d.day`)}, ${weekColumns()}
    from product_day d where ${sql.join(days, sql` and `)}
    group by 1, 2 order by 1, 2`;
  const n = await withSettings(database, { enable_hashagg: 'off' }, () => rowsWritten(database, insert));
  // A full rebuild analyses it with the other line-level rollups (BULK_TABLES).
  return n;
}
