import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rows } from '../sql/run.js';

export interface SubscriptionSummary {
  id: number;
  kind: string;
  subject: string | null;
  target: string;
  cron: string;
  timeZone: string;
  paused: boolean;
}

/** Subscriptions a person owns, newest first (App Home lists them). */
export function subscriptionsOwnedBy(database: Database, slackUserId: string, limit = 20): Promise<SubscriptionSummary[]> {
  return rows<SubscriptionSummary>(
    database,
    sql`select id, kind, subject, target, cron, time_zone as "timeZone", paused
        from subscriptions where owner_slack_user_id = ${slackUserId}
        order by id desc limit ${limit}`,
  );
}
