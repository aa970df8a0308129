import type { Database } from '../db/client.js';
import { ROLES, type Role } from '../db/schema/bot.js';
import {
  adminSlackUserIds,
  findSlackUser,
  insertSlackUser,
  salesmanByEmail,
  salesmanByExternalId,
  salesmanBySlackUserId,
  salesmanNames,
  upsertSlackUser,
  type SalesmanRef,
  type SlackUserRow,
} from '../db/queries/slack-users.js';
import { AppError } from '../lib/errors.js';
import { didYouMean } from '../lib/text-tokens.js';
import type { ReportScope } from '../reports/report-module.js';

export type { Role };
export { ROLES };

/** Who is asking, as every service sees them: the role decides the scope of every answer. */
export interface Actor {
  slackUserId: string;
  role: Role;
  /** The salesman this user is; admins and managers may have one too (their "my numbers"). */
  salesman?: SalesmanRef;
  /** What the user may see: a salesman only their own numbers, admins and managers everything. */
  scope: ReportScope;
}

export interface ResolveInput {
  slackUserId: string;
  teamId?: string | undefined;
  /** Asks Slack for the user's email (users.info / users.lookupByEmail); called only when needed. */
  lookupEmail?: (() => Promise<string | undefined>) | undefined;
  /** Slack ids that are always admins (SLACK_ADMIN_USER_IDS, passed in by the caller's deps). */
  adminIds: readonly string[];
}

const LINK_HINT = 'Ask an admin to run `/sales admin link @you <salesman-id>`.';

/**
 * What someone without a linked salesman should do. An admin is never told to ask an admin: they can
 * link themselves, and the example names a salesman id that exists in their data.
 */
export async function linkHint(database: Database, actor: Pick<Actor, 'role'>): Promise<string> {
  if (actor.role !== 'admin') return LINK_HINT;
  const [first] = await salesmanNames(database);
  if (!first) return 'You are an admin: import your salesmen (`sales-bot import salesmen salesmen.csv`), then link yourself with `/sales admin link @you <salesman-id>`.';
  return `You are an admin, so link yourself: \`/sales admin link @you ${first.externalId}\` (your own salesman id; ${first.externalId} is ${first.name}).`;
}

function unmapped(): AppError {
  return new AppError('UNMAPPED_USER', "I don't know which salesman you are, so I can't show you any sales numbers yet.", {
    hint: LINK_HINT,
  });
}

function actorOf(row: SlackUserRow): Actor {
  const salesman = row.salesman ?? undefined;
  if (row.role === 'salesman') {
    if (!salesman) throw unmapped();
    return {
      slackUserId: row.slackUserId,
      role: 'salesman',
      salesman,
      scope: { kind: 'salesman', salesmanId: salesman.id, salesmanExternalId: salesman.externalId },
    };
  }
  return { slackUserId: row.slackUserId, role: row.role, ...(salesman ? { salesman } : {}), scope: { kind: 'all' } };
}

/**
 * Finds the salesman a Slack user is: the salesmen import's `slack_user_id` first (no Slack call), then
 * the email Slack gives for the user. `knownEmail` (cached in slack_users) spares the Slack call.
 */
async function findSalesman(
  database: Database,
  slackUserId: string,
  knownEmail: string | null,
  lookupEmail: ResolveInput['lookupEmail'],
): Promise<{ salesman?: SalesmanRef; email?: string }> {
  const bySlack = await salesmanBySlackUserId(database, slackUserId);
  if (bySlack) return { salesman: bySlack };
  const email = knownEmail ?? (lookupEmail ? ((await lookupEmail())?.trim() || undefined) : undefined);
  if (!email) return {};
  const byEmail = await salesmanByEmail(database, email);
  return byEmail ? { salesman: byEmail, email } : { email };
}

/**
 * Who a Slack user is and what they may see.
 *
 * Order: the stored slack_users row (role and link) → salesmen.slack_user_id → the user's email
 * (`lookupEmail`, matched case-insensitively with salesmen.email, then cached in slack_users) → admin
 * bootstrap from `adminIds` (an admin listed there always stays admin). The row is created on first
 * resolution. A salesman needs a linked salesman; anyone else unknown gets UNMAPPED_USER with what to do.
 */
export async function resolveSlackUser(database: Database, input: ResolveInput): Promise<Actor> {
  const bootstrapAdmin = input.adminIds.includes(input.slackUserId);
  let row = await findSlackUser(database, input.slackUserId);

  if (!row) {
    const found = await findSalesman(database, input.slackUserId, null, input.lookupEmail);
    row = await insertSlackUser(database, {
      slackUserId: input.slackUserId,
      teamId: input.teamId,
      role: bootstrapAdmin ? 'admin' : 'salesman',
      salesmanId: found.salesman?.id ?? null,
      email: found.email,
    });
  } else {
    const patch: { role?: Role; salesmanId?: number; email?: string; teamId?: string } = {};
    if (bootstrapAdmin && row.role !== 'admin') patch.role = 'admin';
    // Linking is retried while the user has no salesman: the salesmen import may have caught up since.
    if (!row.salesman) {
      const found = await findSalesman(database, input.slackUserId, row.email, input.lookupEmail);
      if (found.salesman) patch.salesmanId = found.salesman.id;
      if (found.email && !row.email) patch.email = found.email;
    }
    if (input.teamId && !row.teamId) patch.teamId = input.teamId;
    if (Object.keys(patch).length > 0) row = await upsertSlackUser(database, input.slackUserId, patch);
  }
  return actorOf(row);
}

function requireAdmin(actor: Actor, what: string): void {
  if (actor.role !== 'admin') {
    throw new AppError('FORBIDDEN', `Only admins can ${what}.`, { hint: 'Ask an admin of the sales bot to do it for you.' });
  }
}

export interface RoleChange {
  slackUserId: string;
  role: Role;
  previousRole: Role | null;
  /** Linked salesman's portal id and name, if any (a salesman without one sees nothing yet). */
  salesman: { externalId: string; name: string } | null;
}

/**
 * Sets a user's role (admins only). The last admin cannot step down, and an admin from
 * SLACK_ADMIN_USER_IDS cannot be demoted here (the next request would make them admin again).
 */
export async function setRole(
  database: Database,
  actor: Actor,
  targetSlackUserId: string,
  role: string,
  opts: { adminIds: readonly string[] },
): Promise<RoleChange> {
  requireAdmin(actor, 'change roles');
  if (!(ROLES as readonly string[]).includes(role)) {
    const guess = didYouMean(role, ROLES);
    throw new AppError('USAGE', `"${role}" is not a role.${guess ? ` Did you mean ${guess}?` : ''}`, { hint: `Roles: ${ROLES.join(', ')}.` });
  }
  const newRole = role as Role;
  const before = await findSlackUser(database, targetSlackUserId);
  const previousRole = before?.role ?? null;
  if (newRole !== 'admin') {
    const adminIds = opts.adminIds;
    if (adminIds.includes(targetSlackUserId)) {
      throw new AppError('FORBIDDEN', `<@${targetSlackUserId}> is an admin through SLACK_ADMIN_USER_IDS.`, {
        hint: 'Remove them from that setting to change their role.',
      });
    }
    if (previousRole === 'admin') {
      const admins = new Set([...(await adminSlackUserIds(database)), ...adminIds]);
      admins.delete(targetSlackUserId);
      if (admins.size === 0) {
        throw new AppError('FORBIDDEN', 'That would leave the sales bot without an admin.', { hint: 'Make someone else admin first.' });
      }
    }
  }
  const after = await upsertSlackUser(database, targetSlackUserId, { role: newRole });
  return {
    slackUserId: targetSlackUserId,
    role: after.role,
    previousRole,
    salesman: after.salesman ? { externalId: after.salesman.externalId, name: after.salesman.name } : null,
  };
}

export interface SalesmanLink {
  slackUserId: string;
  role: Role;
  salesman: { externalId: string; name: string };
  previousSalesman: { externalId: string; name: string } | null;
}

/** Links a Slack user to a salesman by the salesman's portal id (admins only). */
export async function linkSalesman(
  database: Database,
  actor: Actor,
  targetSlackUserId: string,
  salesmanExternalId: string,
): Promise<SalesmanLink> {
  requireAdmin(actor, 'link Slack users to salesmen');
  const wanted = salesmanExternalId.trim();
  const salesman = wanted ? await salesmanByExternalId(database, wanted) : undefined;
  if (!salesman) {
    const all = await salesmanNames(database);
    const byId = didYouMean(wanted, all.map((s) => s.externalId));
    const byName = byId ? undefined : all.find((s) => s.name.toLowerCase() === wanted.toLowerCase())?.externalId ?? didYouMeanName(wanted, all);
    const guess = byId ?? byName;
    const guessName = guess ? all.find((s) => s.externalId === guess)?.name : undefined;
    throw new AppError('NOT_FOUND', `No salesman with id "${wanted}".${guess ? ` Did you mean ${guess} (${guessName})?` : ''}`, {
      hint: 'Use the salesman id from the salesmen import (salesman_id).',
    });
  }
  const before = await findSlackUser(database, targetSlackUserId);
  const after = await upsertSlackUser(database, targetSlackUserId, { salesmanId: salesman.id });
  return {
    slackUserId: targetSlackUserId,
    role: after.role,
    salesman: { externalId: salesman.externalId, name: salesman.name },
    previousSalesman: before?.salesman ? { externalId: before.salesman.externalId, name: before.salesman.name } : null,
  };
}

/** A salesman whose name is close to what was typed (people often give a name where an id is asked). */
function didYouMeanName(typed: string, all: readonly { externalId: string; name: string }[]): string | undefined {
  const name = didYouMean(typed, all.map((s) => s.name));
  return name === undefined ? undefined : all.find((s) => s.name === name)?.externalId;
}
