import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { one, rows } from '../sql/run.js';

export type SubscriptionKind = 'report' | 'digest' | 'alert';

/** A stored subscription: what to send, where, and when (cron in `timeZone`). */
export interface SubscriptionRow {
  id: number;
  ownerSlackUserId: string;
  /** Channel id (C…/G…), a user id (U…/W…) for a DM, or `salesmen` for one DM per salesman. */
  target: string;
  kind: SubscriptionKind;
  /** Report name (kind report) or alert name (kind alert); null for the digest. */
  subject: string | null;
  filters: Record<string, string>;
  cron: string;
  timeZone: string;
  paused: boolean;
  skipWhenEmpty: boolean;
  onlyWhenChanged: boolean;
  lastResultHash: string | null;
  createdAt: string;
}

export interface NewSubscription {
  ownerSlackUserId: string;
  target: string;
  kind: SubscriptionKind;
  subject: string | null;
  filters: Record<string, string>;
  cron: string;
  timeZone: string;
  skipWhenEmpty: boolean;
  onlyWhenChanged: boolean;
}

const COLUMNS = sql`id, owner_slack_user_id as "ownerSlackUserId", target, kind, subject, filters, cron,
  time_zone as "timeZone", paused, skip_when_empty as "skipWhenEmpty", only_when_changed as "onlyWhenChanged",
  last_result_hash as "lastResultHash", created_at as "createdAt"`;

function toRow(r: SubscriptionRow): SubscriptionRow {
  const filters = typeof r.filters === 'string' ? (JSON.parse(r.filters) as Record<string, string>) : (r.filters ?? {});
  return { ...r, id: Number(r.id), filters, createdAt: new Date(r.createdAt).toISOString() };
}

export async function insertSubscription(database: Database, s: NewSubscription): Promise<SubscriptionRow> {
  const r = await one<SubscriptionRow>(
    database,
    sql`insert into subscriptions (owner_slack_user_id, target, kind, subject, filters, cron, time_zone, skip_when_empty, only_when_changed)
        values (${s.ownerSlackUserId}, ${s.target}, ${s.kind}, ${s.subject}, ${JSON.stringify(s.filters)}::jsonb, ${s.cron},
                ${s.timeZone}, ${s.skipWhenEmpty}, ${s.onlyWhenChanged})
        returning ${COLUMNS}`,
  );
  return toRow(r!);
}

export async function findSubscription(database: Database, id: number): Promise<SubscriptionRow | undefined> {
  const r = await one<SubscriptionRow>(database, sql`select ${COLUMNS} from subscriptions where id = ${id}`);
  return r ? toRow(r) : undefined;
}

/** Subscriptions by id; all of them when `ownerSlackUserId` is undefined, else that person's. */
export async function listSubscriptions(database: Database, opts: { ownerSlackUserId?: string; activeOnly?: boolean } = {}): Promise<SubscriptionRow[]> {
  const owner = opts.ownerSlackUserId === undefined ? sql`true` : sql`owner_slack_user_id = ${opts.ownerSlackUserId}`;
  const active = opts.activeOnly ? sql`not paused` : sql`true`;
  const r = await rows<SubscriptionRow>(database, sql`select ${COLUMNS} from subscriptions where ${owner} and ${active} order by id`);
  return r.map(toRow);
}

/** Active alert subscriptions of one alert (e.g. every `churn` alert), for runs queued by a refresh. */
export async function activeAlertSubscriptions(database: Database, subjects: readonly string[]): Promise<SubscriptionRow[]> {
  if (subjects.length === 0) return [];
  const r = await rows<SubscriptionRow>(
    database,
    sql`select ${COLUMNS} from subscriptions
        where kind = 'alert' and not paused and subject in (${sql.join(subjects.map((s) => sql`${s}`), sql`, `)})
        order by id`,
  );
  return r.map(toRow);
}

export async function setSubscriptionPaused(database: Database, id: number, paused: boolean): Promise<SubscriptionRow | undefined> {
  const r = await one<SubscriptionRow>(database, sql`update subscriptions set paused = ${paused} where id = ${id} returning ${COLUMNS}`);
  return r ? toRow(r) : undefined;
}

export async function deleteSubscription(database: Database, id: number): Promise<boolean> {
  const r = await rows<{ id: number }>(database, sql`delete from subscriptions where id = ${id} returning id`);
  return r.length > 0;
}

/** Remembers the hash of the last result sent, for "only when changed". */
export async function setLastResultHash(database: Database, id: number, hash: string): Promise<void> {
  await database.db.execute(sql`update subscriptions set last_result_hash = ${hash} where id = ${id}`);
}
