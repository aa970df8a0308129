import type { SqlSession } from './sql-session.js';
import type { MergeCounts } from './upsert-entities.js';

/** Optional lead columns: staged field → leads column and how to read it. */
const OPTIONAL: readonly { field: string; target: string; expr: string }[] = [
  { field: 'customer_id', target: 'customer_id', expr: '(select c.id from customers c where c.external_id = cur.customer_id)' },
  { field: 'salesman_id', target: 'salesman_id', expr: '(select sm.id from salesmen sm where sm.external_id = cur.salesman_id)' },
  { field: 'source', target: 'source', expr: 'cur.source' },
  { field: 'value', target: 'value', expr: 'cur.value' },
  { field: 'stage_changed_at', target: 'stage_changed_at', expr: 'cur.stage_changed_at' },
  { field: 'lost_reason', target: 'lost_reason', expr: 'cur.lost_reason' },
  // The session's TimeZone is SALES_TZ during an import, so ::date is the business day of the value.
  { field: 'expected_close', target: 'expected_close', expr: 'cur.expected_close::date' },
  { field: 'amount', target: 'amount', expr: 'cur.amount' },
];

/**
 * Several rows of one lead are its history: the latest (by stage_changed_at, else created_at, then
 * file order) is the current state, the earliest created_at is the lead's. Every row also records when
 * the lead entered its stage (created_at enters 'lead'), one history row per lead and stage, the
 * earliest time winning, so re-imports and partial files never move an entry later.
 */
export async function mergeLeads(session: SqlSession, staging: string, present: ReadonlySet<string>): Promise<MergeCounts> {
  const changedAt = present.has('stage_changed_at') ? 'coalesce(s.stage_changed_at, s.created_at)' : 's.created_at';
  const cols = OPTIONAL.filter((c) => present.has(c.field));
  const targets = ['created_at', 'stage', ...cols.map((c) => c.target)];
  const exprs = ['cur.first_created_at', 'cur.stage', ...cols.map((c) => c.expr)];
  const [row] = await session.query<{ inserted: number; updated: number }>(
    `with cur as (
       select distinct on (s.lead_id) s.*, min(s.created_at) over (partition by s.lead_id) as first_created_at
         from ${staging} s
        order by s.lead_id, ${changedAt} desc, s.line desc),
     up as (
       insert into leads (external_id, ${targets.join(', ')})
       select cur.lead_id, ${exprs.join(', ')} from cur
       on conflict (external_id) do update
          set ${targets.map((t) => `${t} = excluded.${t}`).join(', ')}, updated_at = now()
        where (${targets.map((t) => `leads.${t}`).join(', ')}) is distinct from (${targets.map((t) => `excluded.${t}`).join(', ')})
       returning (xmax = 0) as fresh)
     select count(*) filter (where fresh)::int as inserted, count(*) filter (where not fresh)::int as updated from up`,
  );
  await session.query(
    `insert into lead_stage_history (lead_id, stage, entered_at)
     select l.id, h.stage, min(h.entered_at)
       from (select s.lead_id, 'lead' as stage, s.created_at as entered_at from ${staging} s
             union all
             select s.lead_id, s.stage, ${changedAt} from ${staging} s) h
       join leads l on l.external_id = h.lead_id
      group by l.id, h.stage
     on conflict (lead_id, stage) do update set entered_at = excluded.entered_at
      where excluded.entered_at < lead_stage_history.entered_at`,
  );
  return { inserted: row?.inserted ?? 0, updated: row?.updated ?? 0 };
}
