import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { apiTokens } from '../schema/api-tokens.js';
import { salesmen } from '../schema/people.js';
import { isoInstant, isoInstantOrNull } from '../sql/instants.js';
import type { SalesmanRef } from './slack-users.js';

/** Who a token belongs to: a Slack user, or a salesman directly. */
export type TokenOwner = { kind: 'slack'; slackUserId: string } | { kind: 'salesman'; salesman: SalesmanRef };

/** A stored token as listed (never the token, which is not stored). Instants are ISO strings. */
export interface ApiTokenRow {
  id: number;
  name: string | null;
  owner: TokenOwner;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A token found by its hash, with what the request check needs, judged on the database's clock. */
export interface ApiTokenHit extends ApiTokenRow {
  expired: boolean;
  /** last_used_at is unset or more than a minute old, so this use should be recorded. */
  touchDue: boolean;
}

const COLUMNS = {
  id: apiTokens.id,
  name: apiTokens.name,
  ownerSlackUserId: apiTokens.ownerSlackUserId,
  salesmanId: salesmen.id,
  salesmanExternalId: salesmen.externalId,
  salesmanName: salesmen.name,
  createdAt: apiTokens.createdAt,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

type Selected = {
  id: number;
  name: string | null;
  ownerSlackUserId: string | null;
  salesmanId: number | null;
  salesmanExternalId: string | null;
  salesmanName: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

function rowOf(r: Selected): ApiTokenRow {
  const owner: TokenOwner =
    r.salesmanId !== null
      ? { kind: 'salesman', salesman: { id: r.salesmanId, externalId: r.salesmanExternalId!, name: r.salesmanName! } }
      : { kind: 'slack', slackUserId: r.ownerSlackUserId! };
  return {
    id: r.id,
    name: r.name,
    owner,
    createdAt: isoInstant(r.createdAt),
    expiresAt: isoInstantOrNull(r.expiresAt),
    lastUsedAt: isoInstantOrNull(r.lastUsedAt),
    revokedAt: isoInstantOrNull(r.revokedAt),
  };
}

/** Stores a new token's hash; returns its row. */
export async function insertApiToken(
  database: Database,
  input: { tokenHash: string; name: string | null; owner: { slackUserId: string } | { salesmanId: number }; expiresAt: Date | null },
): Promise<{ id: number; createdAt: string }> {
  const [r] = await database.db
    .insert(apiTokens)
    .values({
      tokenHash: input.tokenHash,
      name: input.name,
      ...('slackUserId' in input.owner ? { ownerSlackUserId: input.owner.slackUserId } : { ownerSalesmanId: input.owner.salesmanId }),
      expiresAt: input.expiresAt,
    })
    .returning({ id: apiTokens.id, createdAt: apiTokens.createdAt });
  return { id: r!.id, createdAt: isoInstant(r!.createdAt) };
}

/** Every token, oldest first (an installation has a handful). */
export async function listApiTokens(database: Database): Promise<ApiTokenRow[]> {
  const found = await database.db.select(COLUMNS).from(apiTokens).leftJoin(salesmen, eq(salesmen.id, apiTokens.ownerSalesmanId)).orderBy(asc(apiTokens.id));
  return found.map(rowOf);
}

/** One token by id, or undefined. */
export async function apiTokenById(database: Database, id: number): Promise<ApiTokenRow | undefined> {
  const [r] = await database.db.select(COLUMNS).from(apiTokens).leftJoin(salesmen, eq(salesmen.id, apiTokens.ownerSalesmanId)).where(eq(apiTokens.id, id));
  return r ? rowOf(r) : undefined;
}

/** The token with this hash (one unique-index lookup per request), or undefined. */
export async function apiTokenByHash(database: Database, tokenHash: string): Promise<ApiTokenHit | undefined> {
  const [r] = await database.db
    .select({
      ...COLUMNS,
      expired: sql<boolean>`coalesce(${apiTokens.expiresAt} <= now(), false)`,
      touchDue: sql<boolean>`coalesce(${apiTokens.lastUsedAt} < now() - interval '1 minute', true)`,
    })
    .from(apiTokens)
    .leftJoin(salesmen, eq(salesmen.id, apiTokens.ownerSalesmanId))
    .where(eq(apiTokens.tokenHash, tokenHash));
  return r ? { ...rowOf(r), expired: r.expired === true, touchDue: r.touchDue === true } : undefined;
}

/** Marks a token revoked now; false when there is no such token or it was revoked already. */
export async function revokeApiTokenRow(database: Database, id: number): Promise<boolean> {
  const done = await database.db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return done.length > 0;
}

/**
 * Records a use: at most one write a minute per token (the condition repeats the caller's check, so
 * concurrent requests of the same minute do not all write).
 */
export async function touchApiToken(database: Database, id: number): Promise<void> {
  await database.db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiTokens.id, id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, sql`now() - interval '1 minute'`))));
}
