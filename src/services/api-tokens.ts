import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/client.js';
import {
  apiTokenByHash,
  apiTokenById,
  insertApiToken,
  listApiTokens,
  revokeApiTokenRow,
  touchApiToken,
  type ApiTokenRow,
  type TokenOwner,
} from '../db/queries/api-tokens.js';
import { findSlackUser, salesmanByExternalId, salesmanBySlackUserId, salesmanNames, type SalesmanRef } from '../db/queries/slack-users.js';
import type { Role } from '../db/schema/bot.js';
import { controlCharIn, controlCharSentence } from '../lib/control-chars.js';
import { AppError } from '../lib/errors.js';
import { didYouMean } from '../lib/text-tokens.js';
import { tokenExpiry } from '../lib/token-expiry.js';
import type { ReportScope } from '../reports/report-module.js';

/** Every per-user token starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = 'sbt_';
export const DEFAULT_EXPIRES = '90d';
const NAME_MAX = 100;

/** Who an API request speaks for: the scope of its answers and, for `me`, the owner's salesman id. */
export interface ApiCaller {
  scope: ReportScope;
  asker?: { me: string | null; role: Role };
  /** The token's id; absent for the admin token from API_TOKEN. */
  tokenId?: number;
}

/** API_TOKEN: automation sees everything, as the CLI does. */
export const ADMIN_CALLER: ApiCaller = { scope: { kind: 'all' } };

/** Hex SHA-256 of a token: what is stored and looked up (32 random bytes need no slow hash or salt). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** What an owner may see now, read-only (no Slack call, no row written). */
interface OwnerScope {
  role: Role;
  salesman: SalesmanRef | null;
  scope: ReportScope;
}

const SLACK_ID = /^[UW][A-Z0-9]{2,}$/;

/**
 * A Slack user's scope as Slack gives it (services/slack-identity.ts), from what the database knows: the
 * slack_users row (role, link), else salesmen.slack_user_id; SLACK_ADMIN_USER_IDS are admins. The email
 * lookup Slack would do is left out: it needs the Slack Web API. Undefined when nothing knows the user.
 */
async function slackUserScope(database: Database, slackUserId: string, adminIds: readonly string[]): Promise<OwnerScope | undefined> {
  const row = await findSlackUser(database, slackUserId);
  const salesman = row?.salesman ?? (await salesmanBySlackUserId(database, slackUserId)) ?? null;
  const admin = adminIds.includes(slackUserId);
  if (!row && !salesman && !admin) return undefined;
  const role: Role = admin ? 'admin' : (row?.role ?? 'salesman');
  if (role !== 'salesman') return { role, salesman, scope: { kind: 'all' } };
  if (!salesman) {
    throw new AppError('UNMAPPED_USER', `Slack user ${slackUserId} is not linked to a salesman, so their token can show no sales numbers yet.`, {
      hint: `Link them in Slack (\`/sales admin link @them <salesman id>\`), or make a token for the salesman id instead.`,
    });
  }
  return { role, salesman, scope: { kind: 'salesman', salesmanId: salesman.id, salesmanExternalId: salesman.externalId } };
}

async function ownerScope(database: Database, owner: TokenOwner, adminIds: readonly string[]): Promise<OwnerScope> {
  if (owner.kind === 'salesman') {
    const s = owner.salesman;
    return { role: 'salesman', salesman: s, scope: { kind: 'salesman', salesmanId: s.id, salesmanExternalId: s.externalId } };
  }
  const found = await slackUserScope(database, owner.slackUserId, adminIds);
  if (!found) {
    throw new AppError('UNMAPPED_USER', `Slack user ${owner.slackUserId} is no longer known to the bot.`, { hint: 'Ask an admin for a new token.' });
  }
  return found;
}

function scopeText(s: OwnerScope): string {
  if (s.scope.kind === 'all') return `all data (${s.role})`;
  return `own book of ${s.salesman!.name} (${s.salesman!.externalId})`;
}

function ownerText(owner: TokenOwner): string {
  return owner.kind === 'slack' ? `Slack user ${owner.slackUserId}` : `salesman ${owner.salesman.externalId} (${owner.salesman.name})`;
}

/**
 * `--user`: a Slack user id the bot knows (slack_users, the salesmen import's slack_user_id, or
 * SLACK_ADMIN_USER_IDS), else a salesman's portal id. Both at once is refused rather than guessed.
 */
async function ownerOf(database: Database, user: string, adminIds: readonly string[]): Promise<{ owner: TokenOwner; scope: OwnerScope }> {
  const wanted = user.trim();
  const control = controlCharIn(wanted);
  if (control) throw new AppError('USAGE', controlCharSentence('--user', control));
  if (!wanted) throw new AppError('USAGE', '--user is empty.', { hint: 'Give a Slack user id (U…) or a salesman id.' });
  const salesman = await salesmanByExternalId(database, wanted);
  const slack = SLACK_ID.test(wanted) ? await slackUserScope(database, wanted, adminIds) : undefined;
  if (slack && salesman) {
    throw new AppError('USAGE', `"${wanted}" is both a Slack user and a salesman id.`, {
      hint: `Make the token for the salesman's own Slack user, or rename one of them.`,
    });
  }
  if (slack) return { owner: { kind: 'slack', slackUserId: wanted }, scope: slack };
  if (salesman) {
    const owner: TokenOwner = { kind: 'salesman', salesman };
    return { owner, scope: await ownerScope(database, owner, adminIds) };
  }
  const guess = didYouMean(wanted, (await salesmanNames(database)).map((s) => s.externalId));
  throw new AppError('NOT_FOUND', `No Slack user or salesman "${wanted}" is known to the bot.${guess ? ` Did you mean salesman ${guess}?` : ''}`, {
    hint: SLACK_ID.test(wanted)
      ? 'A Slack user is known once they have used /sales or are linked (`/sales admin link @them <salesman id>`); or give their salesman id.'
      : 'Give a Slack user id (U…) or a salesman id from the salesmen import.',
  });
}

export interface CreatedToken {
  id: number;
  /** The token itself: shown once, never stored. */
  token: string;
  owner: string;
  scope: string;
  expiresAt: string | null;
}

/** Makes a token for `user` (`--expires`, default 90 days; `--name` a label of your choosing). */
export async function createApiToken(
  database: Database,
  input: { user: string; expires?: string | undefined; name?: string | undefined; adminIds: readonly string[]; now?: Date },
): Promise<CreatedToken> {
  const expiresAt = tokenExpiry(input.expires ?? DEFAULT_EXPIRES, input.now ?? new Date());
  const name = input.name?.trim() || null;
  if (name !== null) {
    const control = controlCharIn(name);
    if (control) throw new AppError('USAGE', controlCharSentence('--name', control));
    if (name.length > NAME_MAX) throw new AppError('USAGE', `--name is ${name.length} characters; keep it to ${NAME_MAX}.`);
  }
  const { owner, scope } = await ownerOf(database, input.user, input.adminIds);
  const token = newToken();
  const row = await insertApiToken(database, {
    tokenHash: hashToken(token),
    name,
    owner: owner.kind === 'slack' ? { slackUserId: owner.slackUserId } : { salesmanId: owner.salesman.id },
    expiresAt,
  });
  return { id: row.id, token, owner: ownerText(owner), scope: scopeText(scope), expiresAt: expiresAt?.toISOString() ?? null };
}

export interface ListedToken extends Omit<ApiTokenRow, 'owner'> {
  owner: string;
  /** What the token sees today (scope follows the owner's role and link). */
  scope: string;
}

/** Every token with its owner and today's scope; the tokens themselves are not stored, so never shown. */
export async function listTokens(database: Database, adminIds: readonly string[]): Promise<ListedToken[]> {
  const all = await listApiTokens(database);
  return Promise.all(
    all.map(async (t) => {
      let scope: string;
      try {
        scope = scopeText(await ownerScope(database, t.owner, adminIds));
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'UNMAPPED_USER') throw e;
        scope = 'nothing (owner not linked to a salesman)';
      }
      return { ...t, owner: ownerText(t.owner), scope };
    }),
  );
}

/** Revokes token `idText`; `already` when it was revoked before. */
export async function revokeToken(database: Database, idText: string): Promise<{ id: number; owner: string; already: boolean }> {
  const id = /^\d{1,9}$/.test(idText.trim()) ? Number(idText.trim()) : NaN;
  if (!Number.isInteger(id)) throw new AppError('USAGE', `"${idText}" is not a token id.`, { hint: 'Give the number from `sales-bot token list`.' });
  const row = await apiTokenById(database, id);
  if (!row) throw new AppError('NOT_FOUND', `No token with id ${id}.`, { hint: '`sales-bot token list` shows the tokens and their ids.' });
  const revoked = await revokeApiTokenRow(database, id);
  return { id, owner: ownerText(row.owner), already: !revoked };
}

/** Why a bearer was refused, as the API says it (HTTP 401). */
export interface TokenRefusal {
  error: 'unauthorized' | 'token_revoked' | 'token_expired';
  message: string;
}

const NEW_TOKEN = 'Ask an admin for a new one (`sales-bot token create`).';

/**
 * The caller a per-user token (`sbt_…`) speaks for, its scope resolved from its owner now (a demoted
 * manager's token sees only his book from the next request). Records the use at most once a minute.
 * Throws UNMAPPED_USER when the owner can see nothing (a Slack salesman without a linked salesman).
 */
export async function authenticateToken(database: Database, bearer: string, adminIds: readonly string[]): Promise<ApiCaller | TokenRefusal> {
  const hit = bearer.startsWith(TOKEN_PREFIX) ? await apiTokenByHash(database, hashToken(bearer)) : undefined;
  if (!hit) return { error: 'unauthorized', message: 'That API token is not valid. Send Authorization: Bearer <token> with a token from `sales-bot token create` (or API_TOKEN).' };
  if (hit.revokedAt !== null) return { error: 'token_revoked', message: `This API token (id ${hit.id}) was revoked at ${hit.revokedAt}. ${NEW_TOKEN}` };
  if (hit.expired) return { error: 'token_expired', message: `This API token (id ${hit.id}) expired at ${hit.expiresAt}. ${NEW_TOKEN}` };
  if (hit.touchDue) await touchApiToken(database, hit.id);
  const owner = await ownerScope(database, hit.owner, adminIds);
  return { scope: owner.scope, asker: { me: owner.salesman?.externalId ?? null, role: owner.role }, tokenId: hit.id };
}

export function isRefusal(x: ApiCaller | TokenRefusal): x is TokenRefusal {
  return 'error' in x;
}
