import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import type { LineFilter } from '../sql/line-filter.js';
import { rows } from '../sql/run.js';

export interface RosterRow {
  /** Portal id. */
  salesmanId: string;
  name: string;
}

/**
 * Active, non-placeholder salesmen a per-salesman report lists even without sales: narrowed by the
 * salesman filter, the salesman scope, and a region filter (a salesman's home region). Customer and
 * category filters do not narrow it: anyone could have sold there.
 */
export async function activeSalesmen(database: Database, f: LineFilter): Promise<RosterRow[]> {
  const conds: SQL[] = [sql`s.active`, sql`not s.is_placeholder`];
  if (f.salesman?.length) conds.push(sql`s.external_id in ${f.salesman}`);
  if (f.ownerSalesmanId !== undefined) conds.push(sql`s.id = ${f.ownerSalesmanId}`);
  if (f.region?.length) conds.push(sql`s.region in ${f.region}`);
  return rows<RosterRow>(
    database,
    sql`select s.external_id as "salesmanId", s.name from salesmen s where ${sql.join(conds, sql` and `)}`,
  );
}
