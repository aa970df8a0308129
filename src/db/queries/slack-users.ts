import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import type { Role } from '../schema/bot.js';
import { one, rows } from './run.js';

export interface SalesmanRef {
  /** Internal id (salesmen.id). */
  id: number;
  /** Portal id. */
  externalId: string;
  name: string;
}

export interface SlackUserRow {
  slackUserId: string;
  teamId: string | null;
  role: Role;
  email: string | null;
  /** The linked salesman; null when the user is not linked (or the salesman was deleted). */
  salesman: SalesmanRef | null;
}

interface RawSlackUser {
  slackUserId: string;
  teamId: string | null;
  role: Role;
  email: string | null;
  salesmanId: number | null;
  salesmanExternalId: string | null;
  salesmanName: string | null;
}

function toSlackUser(r: RawSlackUser): SlackUserRow {
  return {
    slackUserId: r.slackUserId,
    teamId: r.teamId,
    role: r.role,
    email: r.email,
    salesman:
      r.salesmanId === null ? null : { id: Number(r.salesmanId), externalId: r.salesmanExternalId ?? '', name: r.salesmanName ?? '' },
  };
}

/** The bot's record of a Slack user with their linked salesman, or undefined. */
export async function findSlackUser(database: Database, slackUserId: string): Promise<SlackUserRow | undefined> {
  const r = await one<RawSlackUser>(
    database,
    sql`select u.slack_user_id as "slackUserId", u.team_id as "teamId", u.role, u.email,
               s.id as "salesmanId", s.external_id as "salesmanExternalId", s.name as "salesmanName"
        from slack_users u left join salesmen s on s.id = u.salesman_id
        where u.slack_user_id = ${slackUserId}`,
  );
  return r ? toSlackUser(r) : undefined;
}

// Several salesmen may share a Slack id or an email (a re-hired person, a shared inbox): the active,
// real one wins, then the oldest record, so the answer does not change from call to call.
const PREFERRED = sql`order by s.active desc, s.is_placeholder asc, s.id asc limit 1`;

/** The salesman whose imported `slack_user_id` is this user, if any. */
export async function salesmanBySlackUserId(database: Database, slackUserId: string): Promise<SalesmanRef | undefined> {
  return one<SalesmanRef>(
    database,
    sql`select s.id, s.external_id as "externalId", s.name from salesmen s where s.slack_user_id = ${slackUserId} ${PREFERRED}`,
  );
}

/** The salesman with this email, compared case-insensitively (served by the lower(email) index). */
export async function salesmanByEmail(database: Database, email: string): Promise<SalesmanRef | undefined> {
  return one<SalesmanRef>(
    database,
    sql`select s.id, s.external_id as "externalId", s.name from salesmen s where lower(s.email) = lower(${email}) ${PREFERRED}`,
  );
}

/** The salesman with this portal id; an exact match first, else a case-insensitive one. */
export async function salesmanByExternalId(database: Database, externalId: string): Promise<SalesmanRef | undefined> {
  return one<SalesmanRef>(
    database,
    sql`select s.id, s.external_id as "externalId", s.name from salesmen s
        where s.external_id in (${externalId}, ${externalId.toUpperCase()}, ${externalId.toLowerCase()})
        order by (s.external_id = ${externalId}) desc, s.id limit 1`,
  );
}

/** Every salesman's portal id and name, for "did you mean" on a mistyped id (salesmen are few). */
export async function salesmanNames(database: Database): Promise<{ externalId: string; name: string }[]> {
  return rows(database, sql`select external_id as "externalId", name from salesmen order by external_id`);
}

/**
 * Records a user seen for the first time; a concurrent first call wins and this one changes nothing.
 * Returns the stored row either way.
 */
export async function insertSlackUser(
  database: Database,
  u: { slackUserId: string; teamId?: string | undefined; role: Role; salesmanId: number | null; email?: string | undefined },
): Promise<SlackUserRow> {
  await database.db.execute(sql`
    insert into slack_users (slack_user_id, team_id, salesman_id, role, email, updated_at)
    values (${u.slackUserId}, ${u.teamId ?? null}, ${u.salesmanId}, ${u.role}, ${u.email ?? null}, now())
    on conflict (slack_user_id) do nothing`);
  return (await findSlackUser(database, u.slackUserId))!;
}

/**
 * Changes the given fields of a user's record, creating it when absent (an admin may set up a user
 * before they ever talk to the bot). Fields left undefined keep their stored value.
 */
export async function upsertSlackUser(
  database: Database,
  slackUserId: string,
  patch: { teamId?: string; role?: Role; salesmanId?: number; email?: string },
): Promise<SlackUserRow> {
  await database.db.execute(sql`
    insert into slack_users (slack_user_id, team_id, salesman_id, role, email, updated_at)
    values (${slackUserId}, ${patch.teamId ?? null}, ${patch.salesmanId ?? null}, ${patch.role ?? 'salesman'}, ${patch.email ?? null}, now())
    on conflict (slack_user_id) do update set
      team_id = coalesce(${patch.teamId ?? null}, slack_users.team_id),
      salesman_id = coalesce(${patch.salesmanId ?? null}::int, slack_users.salesman_id),
      role = coalesce(${patch.role ?? null}, slack_users.role),
      email = coalesce(${patch.email ?? null}, slack_users.email),
      updated_at = now()`);
  return (await findSlackUser(database, slackUserId))!;
}

/** Slack users recorded as admins. */
export async function adminSlackUserIds(database: Database): Promise<string[]> {
  const r = await rows<{ id: string }>(database, sql`select slack_user_id as id from slack_users where role = 'admin' order by 1`);
  return r.map((x) => x.id);
}
