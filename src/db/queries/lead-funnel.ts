import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { dayEnd, dayStart, type LineFilter } from '../sql/line-filter.js';
import { rows } from '../sql/run.js';

export interface LeadFunnelRow {
  leadId: string;
  /** Portal id of the lead's salesman; null when unassigned. */
  salesmanId: string | null;
  salesmanName: string | null;
  /** Epoch milliseconds. */
  createdAt: number;
  opportunityAt: number | null;
  wonAt: number | null;
  lostAt: number | null;
  lostReason: string | null;
  /** Business month (`YYYY-MM`, SALES_TZ) of each instant above; null where it is null. */
  createdMonth: string;
  opportunityMonth: string | null;
  wonMonth: string | null;
  lostMonth: string | null;
}

/** Lead conditions for the member filters (category does not apply to leads). */
export function leadMemberWhere(f: LineFilter): SQL {
  const conds: SQL[] = [];
  if (f.region?.length) conds.push(sql`l.customer_id in (select id from customers where region in ${f.region})`);
  if (f.customer?.length) conds.push(sql`l.customer_id in (select id from customers where external_id in ${f.customer})`);
  if (f.salesman?.length) conds.push(sql`l.salesman_id in (select id from salesmen where external_id in ${f.salesman})`);
  if (f.ownerSalesmanId !== undefined) conds.push(sql`l.salesman_id = ${f.ownerSalesmanId}`);
  return conds.length === 0 ? sql`true` : sql.join(conds, sql` and `);
}

/**
 * One row per lead created in the business days [from, to] or that entered opportunity, won or lost in
 * them, with its first entry into each stage pivoted into columns (epoch ms, and the business month of
 * each). The lead's own `created_at` is its creation time. Aggregated in SQL: one row per lead, never per
 * history entry.
 */
export async function leadFunnelRows(database: Database, f: LineFilter, from: string, to: string): Promise<LeadFunnelRow[]> {
  const lo = dayStart(from, f.timeZone);
  const hi = dayEnd(to, f.timeZone);
  const ms = (col: SQL): SQL => sql`(extract(epoch from ${col}) * 1000)::float8`;
  const month = (col: SQL): SQL => sql`to_char(${col} at time zone ${f.timeZone}, 'YYYY-MM')`;
  return rows<LeadFunnelRow>(
    database,
    sql`with h as (
          select h.lead_id,
                 min(h.entered_at) filter (where h.stage = 'opportunity') as opp,
                 min(h.entered_at) filter (where h.stage = 'won') as won,
                 min(h.entered_at) filter (where h.stage = 'lost') as lost
          from lead_stage_history h
          where h.lead_id in (select l.id from leads l where ${leadMemberWhere(f)})
          group by h.lead_id)
        select l.external_id as "leadId", s.external_id as "salesmanId", s.name as "salesmanName",
               ${ms(sql`l.created_at`)} as "createdAt", ${ms(sql`h.opp`)} as "opportunityAt",
               ${ms(sql`h.won`)} as "wonAt", ${ms(sql`h.lost`)} as "lostAt", l.lost_reason as "lostReason",
               ${month(sql`l.created_at`)} as "createdMonth", ${month(sql`h.opp`)} as "opportunityMonth",
               ${month(sql`h.won`)} as "wonMonth", ${month(sql`h.lost`)} as "lostMonth"
        from leads l
        left join h on h.lead_id = l.id
        left join salesmen s on s.id = l.salesman_id
        where ${leadMemberWhere(f)}
          and ((l.created_at >= ${lo} and l.created_at < ${hi})
               or (h.opp >= ${lo} and h.opp < ${hi})
               or (h.won >= ${lo} and h.won < ${hi})
               or (h.lost >= ${lo} and h.lost < ${hi}))`,
  );
}

/** The instants (epoch ms) that bound business days [from, to] in the filter's time zone: [start, end). */
export async function dayBoundsMs(database: Database, f: LineFilter, from: string, to: string): Promise<{ start: number; end: number }> {
  const [r] = await rows<{ start: number; end: number }>(
    database,
    sql`select (extract(epoch from ${dayStart(from, f.timeZone)}) * 1000)::float8 as start,
               (extract(epoch from ${dayEnd(to, f.timeZone)}) * 1000)::float8 as "end"`,
  );
  return r!;
}
