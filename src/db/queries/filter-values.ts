import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rows } from '../sql/run.js';

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

/** The regions of one salesman's customers (internal id): all a salesman's filters and suggestions may name. */
export async function salesmanRegions(database: Database, salesmanId: number): Promise<string[]> {
  const query = sql`select distinct region as v from customers where salesman_id = ${salesmanId} and region is not null and region <> '' order by 1`;
  return (await rows<{ v: string }>(database, query)).map((r) => r.v);
}

/** One value a plain word or filter may name: a region, a category or a salesman (id and name). */
export interface VocabRow {
  kind: 'region' | 'category' | 'salesman';
  /** The region or category as stored, or the salesman's portal id. */
  value: string;
  /** The salesman's name (null for regions and categories). */
  name: string | null;
}

/**
 * Every region, category and salesman in one query: the small lists plain words are resolved against.
 * Customers are too many to list; `customersNamed` and `customersLike` look them up per word.
 */
export async function filterVocabulary(database: Database): Promise<VocabRow[]> {
  return rows<VocabRow>(
    database,
    sql`select 'region' as kind, region as value, null as name from customers where region is not null and region <> '' group by region
        union all
        select 'category', category, null from products where category is not null and category <> '' group by category
        union all
        select 'salesman', external_id, name from salesmen
        order by 1, 2`,
  );
}

export interface CustomerRef {
  externalId: string;
  name: string;
  /** Internal id of the customer's salesman (customers.salesman_id), null when unassigned. */
  salesmanId: number | null;
}

/** Customers whose portal id or name equals one of `words`, ignoring case. */
export async function customersNamed(database: Database, words: readonly string[]): Promise<CustomerRef[]> {
  if (words.length === 0) return [];
  const lower = sql.join(words.map((w) => sql`${w.toLowerCase()}`), sql`, `);
  return rows<CustomerRef>(
    database,
    sql`select external_id as "externalId", name, salesman_id as "salesmanId" from customers
        where lower(external_id) in (${lower}) or lower(name) in (${lower})
        order by external_id limit 200`,
  );
}

/**
 * Up to `limit` customers whose name contains `word` (ignoring case), shortest names first; only those
 * of salesman `ownerId` (internal id) when given, so a salesman is never shown others' customers.
 */
export async function customersLike(database: Database, word: string, limit = 6, ownerId?: number): Promise<CustomerRef[]> {
  const pattern = `%${word.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return rows<CustomerRef>(
    database,
    sql`select external_id as "externalId", name, salesman_id as "salesmanId" from customers
        where lower(name) like ${pattern} ${ownerId === undefined ? sql`` : sql`and salesman_id = ${ownerId}`}
        order by length(name), name limit ${limit}`,
  );
}
