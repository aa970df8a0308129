import { MAX_LISTED_ERRORS, type RowErrors } from './row-errors.js';
import type { SqlSession } from './sql-session.js';

export type ReferencedTable = 'customers' | 'products' | 'salesmen';

/** A staging column that names a customer, product or salesman by its external id. */
export interface Reference {
  column: string;
  table: ReferencedTable;
  /** A smaller staging table with the same column to collect distinct ids from (sales: one row per order). */
  distinctFrom?: string;
}

const NOUN: Record<ReferencedTable, string> = { customers: 'customer', products: 'product', salesmen: 'salesman' };

export type PlaceholderCounts = Record<ReferencedTable, number>;

const missingFrom = (table: string, value: string): string =>
  `not exists (select 1 from ${table} t where t.external_id = ${value})`;

/**
 * Set-based reference check over the staging table: one pass over the distinct ids per reference, not a
 * lookup per row. With `createMissing` unknown ids become placeholder rows (name = id); otherwise each
 * row naming an unknown id is reported with its line (the slow listing query only runs when some are).
 */
export async function resolveReferences(
  session: SqlSession,
  staging: string,
  refs: readonly Reference[],
  opts: { createMissing: boolean; errors: RowErrors },
): Promise<PlaceholderCounts> {
  const created: PlaceholderCounts = { customers: 0, products: 0, salesmen: 0 };
  for (const { column, table, distinctFrom } of refs) {
    const distinct = `select distinct "${column}" as v from ${distinctFrom ?? staging} where "${column}" is not null`;
    if (opts.createMissing) {
      // Nothing is worth creating when the import is going to fail anyway.
      if (opts.errors.count > 0) continue;
      const [row] = await session.query<{ n: number }>(
        `with ins as (
           insert into ${table} (external_id, name, is_placeholder)
           select d.v, d.v, true from (${distinct}) d where ${missingFrom(table, 'd.v')}
           on conflict (external_id) do nothing
           returning 1)
         select count(*)::int as n from ins`,
      );
      created[table] += row?.n ?? 0;
      continue;
    }
    const [unknown] = await session.query<{ n: number }>(
      `select count(*)::int as n from (${distinct}) d where ${missingFrom(table, 'd.v')}`,
    );
    if (!unknown || unknown.n === 0) continue;
    const listed = await session.query<{ line: number; v: string; total: number }>(
      `select s.line, s."${column}" as v, count(*) over ()::int as total
         from ${staging} s
        where s."${column}" is not null and ${missingFrom(table, `s."${column}"`)}
        order by s.line limit ${MAX_LISTED_ERRORS}`,
    );
    opts.errors.addMany(
      listed.map((r) => ({ line: r.line, text: `line ${r.line}: ${column}: unknown ${NOUN[table]} ${JSON.stringify(r.v)}` })),
      listed[0]?.total ?? 0,
    );
  }
  return created;
}
