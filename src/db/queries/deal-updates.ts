import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rows } from '../sql/run.js';

export interface LeadOwner {
  id: number;
  stage: string;
  /** leads.salesman_id (internal), null when unassigned. */
  salesmanId: number | null;
}

/** A lead by its portal id, with its owner, or undefined. */
export async function leadOwner(database: Database, externalId: string): Promise<LeadOwner | undefined> {
  const [r] = await rows<LeadOwner>(database, sql`select id, stage, salesman_id as "salesmanId" from leads where external_id = ${externalId}`);
  return r;
}

/**
 * Marks a lead lost the way an import row `stage = lost` would: the lead's stage, stage_changed_at and
 * lost_reason, and its stage history entry for `lost` (the earliest entry wins, as in the import).
 * One transaction; a lead already lost is left as it is. Returns whether it changed.
 */
export async function markLeadLost(database: Database, leadId: number, reason: string, at: Date): Promise<boolean> {
  const when = at.toISOString();
  const [r] = await rows<{ changed: number }>(
    database,
    sql`with up as (
          update leads set stage = 'lost', stage_changed_at = ${when}::timestamptz, lost_reason = ${reason}, updated_at = now()
           where id = ${leadId} and stage <> 'lost'
          returning id),
        h as (
          insert into lead_stage_history (lead_id, stage, entered_at)
          select id, 'lost', ${when}::timestamptz from up
          on conflict (lead_id, stage) do update set entered_at = excluded.entered_at
           where excluded.entered_at < lead_stage_history.entered_at)
        select count(*)::int as changed from up`,
  );
  return (r?.changed ?? 0) > 0;
}
