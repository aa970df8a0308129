import { desc, inArray } from 'drizzle-orm';
import type { Database } from '../client.js';
import { crossSellFeedback } from '../schema/bot.js';

export type CrossSellVerdict = (typeof crossSellFeedback.$inferSelect)['verdict'];

export async function insertCrossSellFeedback(
  database: Database,
  f: { salesmanId: number | null; customerId: number; productId: number; verdict: CrossSellVerdict; slackUserId: string },
): Promise<void> {
  await database.db.insert(crossSellFeedback).values({
    salesmanId: f.salesmanId,
    customerId: f.customerId,
    productId: f.productId,
    verdict: f.verdict,
    slackUserId: f.slackUserId,
  });
}

/** The latest verdict per (customer, product) for these customers, as `customerId:productId` → verdict. */
export async function latestCrossSellVerdicts(database: Database, customerIds: readonly number[]): Promise<Map<string, CrossSellVerdict>> {
  if (customerIds.length === 0) return new Map();
  const r = await database.db
    .selectDistinctOn([crossSellFeedback.customerId, crossSellFeedback.productId], {
      customerId: crossSellFeedback.customerId,
      productId: crossSellFeedback.productId,
      verdict: crossSellFeedback.verdict,
    })
    .from(crossSellFeedback)
    .where(inArray(crossSellFeedback.customerId, [...customerIds]))
    .orderBy(crossSellFeedback.customerId, crossSellFeedback.productId, desc(crossSellFeedback.createdAt), desc(crossSellFeedback.id));
  return new Map(r.map((x) => [`${x.customerId}:${x.productId}`, x.verdict]));
}
