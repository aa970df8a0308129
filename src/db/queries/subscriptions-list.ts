import { desc, eq } from 'drizzle-orm';
import type { Database } from '../client.js';
import { subscriptions } from '../schema/bot.js';

export type SubscriptionSummary = Pick<
  typeof subscriptions.$inferSelect,
  'id' | 'kind' | 'subject' | 'target' | 'cron' | 'timeZone' | 'paused'
>;

/** Subscriptions a person owns, newest first (App Home lists them). */
export function subscriptionsOwnedBy(database: Database, slackUserId: string, limit = 20): Promise<SubscriptionSummary[]> {
  return database.db
    .select({
      id: subscriptions.id,
      kind: subscriptions.kind,
      subject: subscriptions.subject,
      target: subscriptions.target,
      cron: subscriptions.cron,
      timeZone: subscriptions.timeZone,
      paused: subscriptions.paused,
    })
    .from(subscriptions)
    .where(eq(subscriptions.ownerSlackUserId, slackUserId))
    .orderBy(desc(subscriptions.id))
    .limit(limit);
}
