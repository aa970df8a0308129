import { and, asc, desc, eq, inArray, not, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { slackUsers, type Role } from '../schema/bot.js';
import { salesmen } from '../schema/people.js';
import { isoInstantOrNull } from '../sql/instants.js';

export interface SalesmanRef {
  /** Internal id (salesmen.id). */
  id: number;
  /** Portal id. */
  externalId: string;
  name: string;
}

/** The bot's record of a Slack user, with the linked salesman in place of `salesmanId`. */
export type SlackUserRow = Pick<typeof slackUsers.$inferSelect, 'slackUserId' | 'teamId' | 'role' | 'email'> & {
  /** The linked salesman; null when the user is not linked (or the salesman was deleted). */
  salesman: SalesmanRef | null;
};

/** The bot's record of a Slack user with their linked salesman, or undefined. */
export async function findSlackUser(database: Database, slackUserId: string): Promise<SlackUserRow | undefined> {
  const [r] = await database.db
    .select({
      slackUserId: slackUsers.slackUserId,
      teamId: slackUsers.teamId,
      role: slackUsers.role,
      email: slackUsers.email,
      salesman: { id: salesmen.id, externalId: salesmen.externalId, name: salesmen.name },
    })
    .from(slackUsers)
    .leftJoin(salesmen, eq(salesmen.id, slackUsers.salesmanId))
    .where(eq(slackUsers.slackUserId, slackUserId));
  return r;
}

// Several salesmen may share a Slack id or an email (a re-hired person, a shared inbox): the active,
// real one wins, then the oldest record, so the answer does not change from call to call.
const PREFERRED = [desc(salesmen.active), asc(salesmen.isPlaceholder), asc(salesmen.id)];

const SALESMAN_REF = { id: salesmen.id, externalId: salesmen.externalId, name: salesmen.name };

/** The salesman whose imported `slack_user_id` is this user, if any. */
export async function salesmanBySlackUserId(database: Database, slackUserId: string): Promise<SalesmanRef | undefined> {
  const [r] = await database.db
    .select(SALESMAN_REF)
    .from(salesmen)
    .where(eq(salesmen.slackUserId, slackUserId))
    .orderBy(...PREFERRED)
    .limit(1);
  return r;
}

/** The salesman with this email, compared case-insensitively (served by the lower(email) index). */
export async function salesmanByEmail(database: Database, email: string): Promise<SalesmanRef | undefined> {
  const [r] = await database.db
    .select(SALESMAN_REF)
    .from(salesmen)
    .where(sql`lower(${salesmen.email}) = lower(${email})`)
    .orderBy(...PREFERRED)
    .limit(1);
  return r;
}

/** The salesman with this portal id; an exact match first, else a case-insensitive one. */
export async function salesmanByExternalId(database: Database, externalId: string): Promise<SalesmanRef | undefined> {
  const [r] = await database.db
    .select(SALESMAN_REF)
    .from(salesmen)
    .where(inArray(salesmen.externalId, [externalId, externalId.toUpperCase(), externalId.toLowerCase()]))
    .orderBy(desc(eq(salesmen.externalId, externalId)), asc(salesmen.id))
    .limit(1);
  return r;
}

/** Every salesman's portal id and name, for "did you mean" on a mistyped id (salesmen are few). */
export async function salesmanNames(database: Database): Promise<{ externalId: string; name: string }[]> {
  return database.db.select({ externalId: salesmen.externalId, name: salesmen.name }).from(salesmen).orderBy(asc(salesmen.externalId));
}

/**
 * Records a user seen for the first time; a concurrent first call wins and this one changes nothing.
 * Returns the stored row either way.
 */
export async function insertSlackUser(
  database: Database,
  u: { slackUserId: string; teamId?: string | undefined; role: Role; salesmanId: number | null; email?: string | undefined },
): Promise<SlackUserRow> {
  await database.db
    .insert(slackUsers)
    .values({
      slackUserId: u.slackUserId,
      teamId: u.teamId ?? null,
      salesmanId: u.salesmanId,
      role: u.role,
      email: u.email ?? null,
      updatedAt: sql`now()`,
    })
    .onConflictDoNothing({ target: slackUsers.slackUserId });
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
  const changed: Partial<typeof slackUsers.$inferInsert> = {};
  if (patch.teamId !== undefined) changed.teamId = patch.teamId;
  if (patch.salesmanId !== undefined) changed.salesmanId = patch.salesmanId;
  if (patch.role !== undefined) changed.role = patch.role;
  if (patch.email !== undefined) changed.email = patch.email;
  await database.db
    .insert(slackUsers)
    .values({
      slackUserId,
      teamId: patch.teamId ?? null,
      salesmanId: patch.salesmanId ?? null,
      role: patch.role ?? 'salesman',
      email: patch.email ?? null,
      updatedAt: sql`now()`,
    })
    .onConflictDoUpdate({ target: slackUsers.slackUserId, set: { ...changed, updatedAt: sql`now()` } });
  return (await findSlackUser(database, slackUserId))!;
}

/** Slack users recorded as admins. */
export async function adminSlackUserIds(database: Database): Promise<string[]> {
  const r = await database.db
    .select({ id: slackUsers.slackUserId })
    .from(slackUsers)
    .where(eq(slackUsers.role, 'admin'))
    .orderBy(asc(slackUsers.slackUserId));
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
  // The first linked user of each salesman (by id), one probe of the salesman index each.
  const linked = database.db
    .select({ slackUserId: slackUsers.slackUserId, timeZone: slackUsers.timeZone, updatedAt: slackUsers.updatedAt })
    .from(slackUsers)
    .where(eq(slackUsers.salesmanId, salesmen.id))
    .orderBy(asc(slackUsers.slackUserId))
    .limit(1)
    .as('u');
  const r = await database.db
    .select({
      salesmanId: salesmen.id,
      externalId: salesmen.externalId,
      name: salesmen.name,
      email: salesmen.email,
      linkedSlackUserId: linked.slackUserId,
      linkedTimeZone: linked.timeZone,
      linkedCheckedAt: linked.updatedAt,
      importedSlackUserId: salesmen.slackUserId,
    })
    .from(salesmen)
    .leftJoinLateral(linked, sql`true`)
    .where(and(salesmen.active, not(salesmen.isPlaceholder), inArray(salesmen.id, [...salesmanIds])))
    .orderBy(asc(salesmen.id));
  return r.map((x) => ({ ...x, linkedCheckedAt: isoInstantOrNull(x.linkedCheckedAt) }));
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
  await database.db
    .insert(slackUsers)
    .values({
      slackUserId: u.slackUserId,
      salesmanId: u.salesmanId,
      role: 'salesman',
      email: u.email ?? null,
      timeZone: u.timeZone ?? null,
      updatedAt: sql`now()`,
    })
    .onConflictDoUpdate({
      target: slackUsers.slackUserId,
      set: {
        salesmanId: sql`coalesce(${slackUsers.salesmanId}, excluded.salesman_id)`,
        email: sql`coalesce(${slackUsers.email}, excluded.email)`,
        timeZone: sql`coalesce(excluded.time_zone, ${slackUsers.timeZone})`,
        updatedAt: sql`now()`,
      },
    });
}
