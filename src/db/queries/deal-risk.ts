import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { dayEnd, type LineFilter } from '../sql/line-filter.js';
import { rows } from '../sql/run.js';
import { leadMemberWhere } from './lead-funnel.js';

/** How many finished stays of a stage lasted `days` business days. */
export interface StageDurationRow {
  stage: string;
  days: number;
  count: number;
}

/**
 * Finished stays in the open stages, company-wide (a salesman's thresholds are the company's, whatever
 * the scope): a stay runs from entering a stage to the lead's next later entry, both before the end of
 * `asOf`, measured in business days (SALES_TZ). Aggregated to one row per stage and length.
 */
export async function stageDurationCounts(database: Database, timeZone: string, asOf: string): Promise<StageDurationRow[]> {
  const hi = dayEnd(asOf, timeZone);
  return rows<StageDurationRow>(
    database,
    sql`with h as (
          select h.stage, h.entered_at,
                 lead(h.entered_at) over (partition by h.lead_id order by h.entered_at) as left_at
            from lead_stage_history h
           where h.entered_at < ${hi})
        select stage, ((left_at at time zone ${timeZone})::date - (entered_at at time zone ${timeZone})::date)::int as days, count(*)::int as count
          from h
         where left_at is not null and left_at < ${hi} and stage in ('lead', 'opportunity')
         group by 1, 2`,
  );
}

export interface DealFactRow {
  leadId: string;
  customerId: string | null;
  customer: string | null;
  salesmanId: string | null;
  salesman: string | null;
  stage: 'lead' | 'opportunity' | 'won' | 'lost';
  amount: string | null;
  stageDay: string;
  expectedClose: string | null;
  lastActivityDay: string | null;
  orderedSinceWon: boolean;
}

/**
 * One row per lead that is open (lead, opportunity) or won, created by the end of `asOf`, in the
 * filters and role scope (region / customer via the lead's customer, salesman via the lead's): its
 * current stage's entry day (history, else stage_changed_at, else created_at), the last activity day on
 * its customer and, for won leads, whether that customer ordered since. Days are SALES_TZ business days.
 */
export async function dealFactRows(database: Database, f: LineFilter, asOf: string): Promise<DealFactRow[]> {
  const tz = f.timeZone;
  const hi = dayEnd(asOf, tz);
  return rows<DealFactRow>(
    database,
    sql`with d as (
          select l.*, coalesce(h.entered_at, l.stage_changed_at, l.created_at) as stage_at
            from leads l
            left join lead_stage_history h on h.lead_id = l.id and h.stage = l.stage
           where l.stage in ('lead', 'opportunity', 'won') and l.created_at < ${hi} and ${leadMemberWhere(f)})
        select d.external_id as "leadId", c.external_id as "customerId", c.name as customer,
               s.external_id as "salesmanId", s.name as salesman, d.stage, coalesce(d.amount, d.value)::text as amount,
               to_char(d.stage_at at time zone ${tz}, 'YYYY-MM-DD') as "stageDay",
               to_char(d.expected_close, 'YYYY-MM-DD') as "expectedClose",
               (select to_char(max(a.occurred_at) at time zone ${tz}, 'YYYY-MM-DD') from activities a
                 where a.customer_id = d.customer_id and a.occurred_at < ${hi}) as "lastActivityDay",
               (d.stage = 'won' and exists (
                 select 1 from orders o where o.customer_id = d.customer_id and o.ordered_at < ${hi}
                    and o.ordered_at >= ((d.stage_at at time zone ${tz})::date::timestamp at time zone ${tz}))) as "orderedSinceWon"
          from d
          left join customers c on c.id = d.customer_id
          left join salesmen s on s.id = d.salesman_id`,
  );
}
