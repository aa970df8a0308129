import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import type { Role } from '../schema/bot.js';
import { one, rows } from '../sql/run.js';

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

/** A salesman with everything the fan-outs know about reaching them in Slack. */
export interface SalesmanContact {
  salesmanId: number;
  externalId: string;
  name: string;
  email: string | null;
  /** A Slack user linked to the salesman in slack_users (by an admin, or found earlier), else null. */
  linkedSlackUserId: string | null;
  /** The salesmen import's slack_user_id, else null. */
  importedSlackUserId: string | null;
  /** The linked user's time zone as last seen in Slack, and when their record was last confirmed (ISO). */
  linkedTimeZone: string | null;
  linkedCheckedAt: string | null;
}

/** Active, real salesmen among `salesmanIds`, with their Slack links and email. */
export async function salesmanContacts(database: Database, salesmanIds: readonly number[]): Promise<SalesmanContact[]> {
  if (salesmanIds.length === 0) return [];
  const r = await rows<SalesmanContact>(
    database,
    sql`select s.id as "salesmanId", s.external_id as "externalId", s.name, s.email,
               u.slack_user_id as "linkedSlackUserId", u.time_zone as "linkedTimeZone", u.updated_at as "linkedCheckedAt",
               s.slack_user_id as "importedSlackUserId"
        from salesmen s
        left join lateral (select slack_user_id, time_zone, updated_at from slack_users where salesman_id = s.id order by slack_user_id limit 1) u on true
        where s.active and not s.is_placeholder and s.id in (${sql.join(salesmanIds.map((id) => sql`${id}`), sql`, `)})
        order by s.id`,
  );
  return r.map((x) => ({
    ...x,
    salesmanId: Number(x.salesmanId),
    linkedCheckedAt: x.linkedCheckedAt === null ? null : new Date(x.linkedCheckedAt).toISOString(),
  }));
}

/**
 * Remembers the Slack user found for a salesman (by email) and their time zone, so the next run
 * needs no lookup: a new row is linked to the salesman; an existing one gains the link only if it has
 * none (an admin's link is never replaced) and always the current time zone.
 */
export async function rememberSalesmanSlackUser(
  database: Database,
  u: { slackUserId: string; salesmanId: number; email?: string | null; timeZone?: string | null },
): Promise<void> {
  await database.db.execute(sql`
    insert into slack_users (slack_user_id, salesman_id, role, email, time_zone, updated_at)
    values (${u.slackUserId}, ${u.salesmanId}, 'salesman', ${u.email ?? null}, ${u.timeZone ?? null}, now())
    on conflict (slack_user_id) do update set
      salesman_id = coalesce(slack_users.salesman_id, excluded.salesman_id),
      email = coalesce(slack_users.email, excluded.email),
      time_zone = coalesce(excluded.time_zone, slack_users.time_zone),
      updated_at = now()`);
}
