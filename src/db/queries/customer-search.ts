import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { one, rows } from '../sql/run.js';

export interface CustomerRecordRow {
  /** Internal id (customers.id). */
  id: number;
  /** Portal id. */
  customerId: string;
  name: string;
  city: string | null;
  region: string | null;
  /** Owner's internal id (customers.salesman_id), for scope checks; null when unassigned. */
  ownerId: number | null;
  /** Owner's portal id and name. */
  salesmanId: string | null;
  salesmanName: string | null;
}

const SELECT = sql`select c.id, c.external_id as "customerId", c.name, c.city, c.region, c.salesman_id as "ownerId",
                          s.external_id as "salesmanId", s.name as "salesmanName"
                   from customers c left join salesmen s on s.id = c.salesman_id`;

function ownerCond(ownerSalesmanId: number | undefined): SQL {
  return ownerSalesmanId === undefined ? sql`true` : sql`c.salesman_id = ${ownerSalesmanId}`;
}

/**
 * A customer by portal id: the exact id first, else the same id in upper or lower case (people type
 * "c00042" for "C00042"); each form is an index lookup. `ownerSalesmanId` keeps only that salesman's customers.
 */
export async function customerByExternalId(
  database: Database,
  externalId: string,
  ownerSalesmanId?: number,
): Promise<CustomerRecordRow | undefined> {
  const r = await one<CustomerRecordRow>(
    database,
    sql`${SELECT}
        where c.external_id in (${externalId}, ${externalId.toUpperCase()}, ${externalId.toLowerCase()}) and ${ownerCond(ownerSalesmanId)}
        order by (c.external_id = ${externalId}) desc, c.id limit 1`,
  );
  return r ? { ...r, id: Number(r.id), ownerId: r.ownerId === null ? null : Number(r.ownerId) } : undefined;
}

/** Characters read as word breaks in names; `translate` maps each to a space (works without extensions). */
const BREAKS = ',.;:-_/()&\'"+!?#*[]{}|\\';
const SPACES = ' '.repeat(BREAKS.length);

/** LIKE pattern text for a literal: %, _ and the escape character itself lose their meaning. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (m) => '\\' + m);
}

export interface CandidateQuery {
  /** What was typed, trimmed. */
  text: string;
  /** Lower-case words of the query. */
  words: string[];
  /** Lower-case trigrams of the words, padded with a space at each end (as pg_trgm pads). */
  trigrams: string[];
  /** A name sharing at least this many trigrams is a candidate. */
  minTrigrams: number;
  ownerSalesmanId?: number | undefined;
  cap: number;
}

/**
 * Up to `cap` customers that could be what was typed: the text inside the name, every word inside the
 * name, an id starting with it, or enough shared trigrams (typos). Plain SQL, so it runs the same on
 * Postgres and PGlite without pg_trgm; the caller ranks the few candidates precisely.
 */
export async function customerSearchCandidates(database: Database, q: CandidateQuery): Promise<CustomerRecordRow[]> {
  const contains = `%${likeLiteral(q.text)}%`;
  const prefix = `${likeLiteral(q.text)}%`;
  const padded = sql`(' ' || translate(lower(c.name), ${BREAKS}, ${SPACES}) || ' ')`;
  // A bare 0 in ORDER BY would be read as a column position, hence the cast when there are no trigrams.
  const hits =
    q.trigrams.length === 0
      ? sql`cast(0 as int)`
      : sql.join(
          q.trigrams.map((t) => sql`(strpos(${padded}, ${t}) > 0)::int`),
          sql` + `,
        );
  const allWords =
    q.words.length > 1 ? sql.join(q.words.map((w) => sql`c.name ilike ${`%${likeLiteral(w)}%`}`), sql` and `) : sql`false`;
  const found = await rows<CustomerRecordRow>(
    database,
    sql`${SELECT}
        where ${ownerCond(q.ownerSalesmanId)}
          and (c.name ilike ${contains} or c.external_id ilike ${prefix} or (${allWords}) or (${hits}) >= ${q.minTrigrams})
        order by case when lower(c.name) = lower(${q.text}) then 0
                      when c.name ilike ${prefix} then 1
                      when c.name ilike ${contains} then 2
                      when c.external_id ilike ${prefix} then 3
                      when ${allWords} then 4
                      else 5 end,
                 (${hits}) desc, length(c.name), c.external_id
        limit ${q.cap}`,
  );
  return found.map((r) => ({ ...r, id: Number(r.id), ownerId: r.ownerId === null ? null : Number(r.ownerId) }));
}
