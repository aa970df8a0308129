import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { salesmen } from './people.js';

/**
 * Per-user tokens for the JSON API (`sales-bot token create`). Only the SHA-256 of a token is kept: the
 * token itself is printed once and cannot be read back. The owner is a Slack user (scope follows their
 * role and link at request time, as in Slack) or a salesman directly (his own book); exactly one is set.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: serial('id').primaryKey(),
    /** Hex SHA-256 of the whole token (`sbt_…`); requests are looked up by it. */
    tokenHash: text('token_hash').notNull().unique(),
    name: text('name'),
    ownerSlackUserId: text('owner_slack_user_id'),
    // A salesman removed from the portal takes his tokens with him.
    ownerSalesmanId: integer('owner_salesman_id').references(() => salesmen.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Null = never expires. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    check('api_tokens_one_owner', sql`(${t.ownerSlackUserId} is null) <> (${t.ownerSalesmanId} is null)`),
    index('api_tokens_owner_salesman_idx').on(t.ownerSalesmanId),
  ],
);
