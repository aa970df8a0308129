import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rows } from '../sql/run.js';

export type CrossSellVerdict = 'call_list' | 'not_relevant';

export async function insertCrossSellFeedback(
  database: Database,
  f: { salesmanId: number | null; customerId: number; productId: number; verdict: CrossSellVerdict; slackUserId: string },
): Promise<void> {
  await database.db.execute(sql`
    insert into cross_sell_feedback (salesman_id, customer_id, product_id, verdict, slack_user_id)
    values (${f.salesmanId}, ${f.customerId}, ${f.productId}, ${f.verdict}, ${f.slackUserId})`);
}

/** The latest verdict per (customer, product) for these customers, as `customerId:productId` → verdict. */
export async function latestCrossSellVerdicts(database: Database, customerIds: readonly number[]): Promise<Map<string, CrossSellVerdict>> {
  if (customerIds.length === 0) return new Map();
  const r = await rows<{ customerId: number; productId: number; verdict: CrossSellVerdict }>(
    database,
    sql`select distinct on (customer_id, product_id) customer_id as "customerId", product_id as "productId", verdict
        from cross_sell_feedback
        where customer_id in (${sql.join(customerIds.map((id) => sql`${id}`), sql`, `)})
        order by customer_id, product_id, created_at desc, id desc`,
  );
  return new Map(r.map((x) => [`${Number(x.customerId)}:${Number(x.productId)}`, x.verdict]));
}
