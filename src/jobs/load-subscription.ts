import { findSubscription, type SubscriptionRow } from '../db/queries/subscriptions.js';
import { resolveSlackUser, type Actor } from '../services/slack-identity.js';
import type { JobContext } from './job-context.js';

/** A job names a subscription that was deleted since it was queued: permanent, nothing to retry. */
export class SubscriptionGone extends Error {
  constructor(id: number) {
    super(`subscription ${id} no longer exists`);
  }
}

export async function loadSubscription(ctx: Pick<JobContext, 'database'>, id: number): Promise<SubscriptionRow> {
  const sub = await findSubscription(ctx.database, id);
  if (!sub) throw new SubscriptionGone(id);
  return sub;
}

/**
 * Who a subscription runs as: its owner's current role and scope (a salesman who subscribed sees only
 * their own customers, even if their filters say otherwise; a demoted manager loses the wider view).
 */
export function actorOf(ctx: Pick<JobContext, 'database' | 'adminIds'>, slackUserId: string): Promise<Actor> {
  return resolveSlackUser(ctx.database, { slackUserId, adminIds: ctx.adminIds });
}
