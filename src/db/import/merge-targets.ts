import { MAX_LISTED_ERRORS, type RowErrors } from './row-errors.js';
import type { SqlSession } from './sql-session.js';
import type { StagedFile } from './staged-file.js';
import type { MergeCounts } from './upsert-entities.js';

/** A month (`2026-03`) or a quarter (`2026-Q1`, `q` accepted), as the table's check constraint reads it. */
export const PERIOD_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])$';

/** The optional scope columns; a row names at most one of them (none = company-wide). */
const SCOPE_FIELDS = ['region', 'category', 'salesman_id'] as const;

/** The staged column, or NULL when the file has no such column. */
const col = (staged: StagedFile, field: string): string => (staged.present.has(field) ? `s."${field}"` : 'null::text');

/** Regions a target may name: the customers' (what the sales rollups are keyed by) and the salesmen's. */
const KNOWN_REGIONS = `(select region from customers where region is not null union select region from salesmen where region is not null)`;
const KNOWN_CATEGORIES = `(select category from products where category is not null)`;

/** The data's own spelling of a region/category the file wrote in other case ("north" → "North"). */
const canonical = (known: string, column: string, value: string): string =>
  `(select min(k.${column}) from ${known} k where lower(k.${column}) = lower(${value}))`;

/** Adds the first problems a query lists (`line`, `v`, `total` columns) as `line N: column: reason`. */
async function listProblems(
  session: SqlSession,
  errors: RowErrors,
  column: string,
  where: string,
  staged: StagedFile,
  reason: (v: string) => string,
  value = `s."${column}"`,
): Promise<void> {
  const listed = await session.query<{ line: number; v: string | null; total: number }>(
    `select s.line, (${value})::text as v, count(*) over ()::int as total
       from ${staged.table} s where ${where} order by s.line limit ${MAX_LISTED_ERRORS}`,
  );
  if (listed.length === 0) return;
  errors.addMany(
    listed.map((r) => ({ line: r.line, text: `line ${r.line}: ${column}: ${reason(r.v ?? '')}` })),
    listed[0]!.total,
  );
}

/**
 * The targets file's checks beyond single values, each a set-wise query over the staging table:
 * period shape, at most one scope per row, and that the region, category or salesman exists in the data
 * (a target for a misspelt region would silently stay at 0 % attained).
 */
export async function checkTargets(session: SqlSession, staged: StagedFile, errors: RowErrors): Promise<void> {
  await listProblems(session, errors, 'period', `upper(s.period) !~ '${PERIOD_PATTERN}'`, staged, (v) =>
    `${JSON.stringify(v)} is not a month or quarter (write 2026-03 or 2026-Q1)`,
  );
  const present = SCOPE_FIELDS.filter((f) => staged.present.has(f));
  if (present.length > 1) {
    await listProblems(
      session,
      errors,
      'scope',
      `num_nonnulls(${present.map((f) => `s."${f}"`).join(', ')}) > 1`,
      staged,
      (v) => `only one of region, category, salesman_id may be filled in, not ${v} (leave all empty for the whole company)`,
      `concat_ws(' and ', ${present.map((f) => `case when s."${f}" is not null then '${f}' end`).join(', ')})`,
    );
  }
  if (staged.present.has('region')) {
    await listProblems(session, errors, 'region', `s.region is not null and ${canonical(KNOWN_REGIONS, 'region', 's.region')} is null`, staged, (v) =>
      `unknown region ${JSON.stringify(v)} (no customer or salesman has it)`,
    );
  }
  if (staged.present.has('category')) {
    await listProblems(session, errors, 'category', `s.category is not null and ${canonical(KNOWN_CATEGORIES, 'category', 's.category')} is null`, staged, (v) =>
      `unknown category ${JSON.stringify(v)} (no product has it)`,
    );
  }
  if (staged.present.has('salesman_id')) {
    await listProblems(
      session,
      errors,
      'salesman_id',
      `s.salesman_id is not null and not exists (select 1 from salesmen sm where sm.external_id = s.salesman_id)`,
      staged,
      (v) => `unknown salesman ${JSON.stringify(v)}`,
    );
  }
}

/**
 * Upserts the file's targets on (period, metric, scope kind, scope value): a re-import changes nothing,
 * a corrected amount updates the row, a key listed twice takes its last row (like the other kinds).
 */
export async function mergeTargets(session: SqlSession, staged: StagedFile): Promise<MergeCounts> {
  const region = col(staged, 'region');
  const category = col(staged, 'category');
  const salesman = col(staged, 'salesman_id');
  const [row] = await session.query<{ inserted: number; updated: number }>(
    `with k as (
       select s.line, upper(s.period) as period, s.metric, s.amount,
              case when ${region} is not null then 'region' when ${category} is not null then 'category'
                   when ${salesman} is not null then 'salesman' else 'company' end as scope_kind,
              coalesce(${canonical(KNOWN_REGIONS, 'region', region)}, ${canonical(KNOWN_CATEGORIES, 'category', category)}, ${salesman}, '') as scope_value,
              (select sm.id from salesmen sm where sm.external_id = ${salesman}) as salesman_id
         from ${staged.table} s),
     last as (
       select distinct on (period, metric, scope_kind, scope_value) * from k
        order by period, metric, scope_kind, scope_value, line desc),
     up as (
       insert into targets (period, metric, scope_kind, scope_value, salesman_id, amount, source)
       select period, metric, scope_kind, scope_value, salesman_id, amount, 'import' from last
       on conflict (period, metric, scope_kind, scope_value) do update
          set amount = excluded.amount, salesman_id = excluded.salesman_id, source = 'import', set_by = null, updated_at = now()
        where (targets.amount, targets.salesman_id) is distinct from (excluded.amount, excluded.salesman_id)
       returning (xmax = 0) as fresh)
     select count(*) filter (where fresh)::int as inserted, count(*) filter (where not fresh)::int as updated from up`,
  );
  return { inserted: row?.inserted ?? 0, updated: row?.updated ?? 0 };
}
