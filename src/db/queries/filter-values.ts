import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rows } from './run.js';

export type MemberFilter = 'region' | 'salesman' | 'category' | 'customer';

/** Which of `values` exist for a member filter (regions and categories by name, people by external id). */
export async function existingFilterValues(database: Database, kind: MemberFilter, values: string[]): Promise<Set<string>> {
  if (values.length === 0) return new Set();
  const query =
    kind === 'region'
      ? sql`select distinct region as v from customers where region in ${values}`
      : kind === 'category'
        ? sql`select distinct category as v from products where category in ${values}`
        : kind === 'salesman'
          ? sql`select external_id as v from salesmen where external_id in ${values}`
          : sql`select external_id as v from customers where external_id in ${values}`;
  return new Set((await rows<{ v: string }>(database, query)).map((r) => r.v));
}

/** Known regions or categories (small lists), for "did you mean" on a mistyped name. */
export async function knownNames(database: Database, kind: 'region' | 'category'): Promise<string[]> {
  const query =
    kind === 'region'
      ? sql`select distinct region as v from customers where region is not null order by 1`
      : sql`select distinct category as v from products where category is not null order by 1`;
  return (await rows<{ v: string }>(database, query)).map((r) => r.v);
}
