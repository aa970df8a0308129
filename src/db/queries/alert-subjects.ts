import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { one, rows } from '../sql/run.js';

const list = (values: readonly (string | number)[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

/** Internal ids of customers by portal id (ids not found are absent). */
export async function customerIdsByExternal(database: Database, externalIds: readonly string[]): Promise<Map<string, { id: number; salesmanId: number | null }>> {
  if (externalIds.length === 0) return new Map();
  const r = await rows<{ id: number; externalId: string; salesmanId: number | null }>(
    database,
    sql`select id, external_id as "externalId", salesman_id as "salesmanId" from customers where external_id in (${list(externalIds)})`,
  );
  return new Map(r.map((x) => [x.externalId, { id: Number(x.id), salesmanId: x.salesmanId === null ? null : Number(x.salesmanId) }]));
}

/** Internal ids of products by portal id (ids not found are absent). */
export async function productIdsByExternal(database: Database, externalIds: readonly string[]): Promise<Map<string, number>> {
  if (externalIds.length === 0) return new Map();
  const r = await rows<{ id: number; externalId: string }>(
    database,
    sql`select id, external_id as "externalId" from products where external_id in (${list(externalIds)})`,
  );
  return new Map(r.map((x) => [x.externalId, Number(x.id)]));
}

export interface CustomerOwner {
  customerId: number;
  externalId: string;
  name: string;
  salesmanId: number | null;
}

/** A customer with their owning salesman (customers.salesman_id). */
export async function customerWithOwner(database: Database, customerId: number): Promise<CustomerOwner | undefined> {
  const r = await one<CustomerOwner>(
    database,
    sql`select id as "customerId", external_id as "externalId", name, salesman_id as "salesmanId" from customers where id = ${customerId}`,
  );
  return r ? { ...r, customerId: Number(r.customerId), salesmanId: r.salesmanId === null ? null : Number(r.salesmanId) } : undefined;
}

export async function productName(database: Database, productId: number): Promise<{ externalId: string; name: string } | undefined> {
  return one(database, sql`select external_id as "externalId", name from products where id = ${productId}`);
}

export interface SalesmanRecipient {
  salesmanId: number;
  externalId: string;
  name: string;
  /** The Slack user to DM: the linked bot user first, else the salesmen import's slack_user_id. */
  slackUserId: string;
}

/**
 * Active salesmen who can be reached in Slack (linked in slack_users or given a slack_user_id by the
 * import), by internal id; `salesmanIds` narrows the list.
 */
export async function salesmanRecipients(database: Database, salesmanIds?: readonly number[]): Promise<SalesmanRecipient[]> {
  if (salesmanIds && salesmanIds.length === 0) return [];
  const which = salesmanIds ? sql`and s.id in (${list(salesmanIds)})` : sql``;
  const r = await rows<SalesmanRecipient>(
    database,
    sql`select s.id as "salesmanId", s.external_id as "externalId", s.name,
               coalesce((select u.slack_user_id from slack_users u where u.salesman_id = s.id order by u.slack_user_id limit 1), s.slack_user_id) as "slackUserId"
        from salesmen s
        where s.active and not s.is_placeholder ${which}
          and coalesce((select u.slack_user_id from slack_users u where u.salesman_id = s.id limit 1), s.slack_user_id) is not null
        order by s.id`,
  );
  return r.map((x) => ({ ...x, salesmanId: Number(x.salesmanId) }));
}

/** Active, real salesmen by internal id (the demo links each to a made-up Slack user). */
export async function activeSalesmanIds(database: Database): Promise<number[]> {
  const r = await rows<{ id: number }>(database, sql`select id from salesmen where active and not is_placeholder order by id`);
  return r.map((x) => Number(x.id));
}

/** Internal ids of active, real salesmen by portal id (others are absent). */
export async function activeSalesmanIdsByExternal(database: Database, externalIds: readonly string[]): Promise<Map<string, number>> {
  if (externalIds.length === 0) return new Map();
  const r = await rows<{ id: number; externalId: string }>(
    database,
    sql`select id, external_id as "externalId" from salesmen where active and not is_placeholder and external_id in (${list(externalIds)})`,
  );
  return new Map(r.map((x) => [x.externalId, Number(x.id)]));
}
