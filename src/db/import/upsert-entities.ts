import type { SqlSession } from './sql-session.js';

/** A target column fed from one staged field; `expr` reads it (default: the staged value itself). */
export interface MappedColumn {
  target: string;
  field: string;
  expr?: string;
  /** Join needed by `expr`, added only when the field is in the file. */
  join?: string;
}

export interface EntityUpsert {
  table: string;
  /** Staged field holding the portal's id (→ external_id). */
  keyField: string;
  columns: readonly MappedColumn[];
  /** salesmen/customers/products carry is_placeholder and updated_at; a real row clears the flag. */
  placeholders: boolean;
}

export interface MergeCounts {
  inserted: number;
  updated: number;
  /** Sales: earliest/latest order time touched, old times of rewritten orders included (ISO, UTC). */
  minOrderedAt?: string;
  maxOrderedAt?: string;
  /** Sales: orders of the file whose lines had differing ordered_at (each took its earliest). */
  ordersWithDifferingTimes?: number;
  /** The merge changed what the sales rollups are keyed by (a buying customer's region). */
  rollupKeysChanged?: boolean;
}

/**
 * INSERT … ON CONFLICT (external_id) DO UPDATE from the staging table. Only the file's columns are
 * written, so an absent optional column keeps its stored value; a duplicate id in the file resolves to
 * its last row; the WHERE on the update skips unchanged rows, so a re-import reports (and writes) nothing.
 */
export async function upsertEntities(
  session: SqlSession,
  staging: string,
  spec: EntityUpsert,
  present: ReadonlySet<string>,
): Promise<MergeCounts> {
  const cols = spec.columns.filter((c) => present.has(c.field));
  const targets = cols.map((c) => c.target);
  const exprs = cols.map((c) => c.expr ?? `s."${c.field}"`);
  const joins = cols.map((c) => c.join ?? '').join(' ');
  if (spec.placeholders) {
    targets.push('is_placeholder');
    exprs.push('false');
  }
  const sets = targets.map((t) => `${t} = excluded.${t}`);
  if (spec.placeholders) sets.push('updated_at = now()');
  const changed = targets.length
    ? `where (${targets.map((t) => `${spec.table}.${t}`).join(', ')}, null::int) is distinct from (${targets.map((t) => `excluded.${t}`).join(', ')}, null::int)`
    : '';
  const update = targets.length ? `do update set ${sets.join(', ')} ${changed}` : 'do nothing';
  const [row] = await session.query<{ inserted: number; updated: number }>(
    `with up as (
       insert into ${spec.table} (external_id${targets.map((t) => ', ' + t).join('')})
       select distinct on (s."${spec.keyField}") s."${spec.keyField}"${exprs.map((e) => ', ' + e).join('')}
         from ${staging} s ${joins}
        order by s."${spec.keyField}", s.line desc
       on conflict (external_id) ${update}
       returning (xmax = 0) as fresh)
     select count(*) filter (where fresh)::int as inserted, count(*) filter (where not fresh)::int as updated from up`,
  );
  return { inserted: row?.inserted ?? 0, updated: row?.updated ?? 0 };
}
