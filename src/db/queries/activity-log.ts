import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import type { ActivityKind } from '../schema/crm.js';
import { one } from '../sql/run.js';

export interface LoggedActivityRow {
  /** activities.external_id. */
  activityId: string;
  /** ISO instant (UTC). */
  occurredAt: string;
  kind: ActivityKind;
  notes: string | null;
  outcome: string | null;
  source: 'import' | 'slack';
  salesmanId: string;
  salesmanName: string;
  customerId: string | null;
  customerName: string | null;
}

async function readActivity(database: Database, externalId: string): Promise<LoggedActivityRow | undefined> {
  return one<LoggedActivityRow>(
    database,
    sql`select a.external_id as "activityId",
               to_char(a.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "occurredAt",
               a.kind, a.notes, a.outcome, a.source,
               s.external_id as "salesmanId", s.name as "salesmanName", c.external_id as "customerId", c.name as "customerName"
        from activities a join salesmen s on s.id = a.salesman_id left join customers c on c.id = a.customer_id
        where a.external_id = ${externalId}`,
  );
}

/**
 * Stores an activity in the same row shape the activities import writes (so reports count it alike),
 * marked `source = 'slack'`. The external id is the idempotency key: a retried submission stores
 * nothing new and returns the row already stored.
 */
export async function insertActivity(
  database: Database,
  a: {
    externalId: string;
    occurredAt: Date;
    salesmanId: number;
    kind: ActivityKind;
    customerId: number | null;
    notes: string | null;
    outcome: string | null;
  },
): Promise<{ row: LoggedActivityRow; created: boolean }> {
  const inserted = await one<{ id: unknown }>(
    database,
    sql`insert into activities (external_id, occurred_at, salesman_id, kind, customer_id, notes, outcome, source)
        values (${a.externalId}, ${a.occurredAt.toISOString()}::timestamptz, ${a.salesmanId}, ${a.kind}, ${a.customerId},
                ${a.notes}, ${a.outcome}, 'slack')
        on conflict (external_id) do nothing
        returning id`,
  );
  return { row: (await readActivity(database, a.externalId))!, created: inserted !== undefined };
}
