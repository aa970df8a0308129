import { latestOrderAt } from '../../db/queries/freshness.js';
import type { SubscriptionRow } from '../../db/queries/subscriptions.js';
import { SALESMEN_TARGET } from '../../lib/alert-names.js';
import { readableTime } from '../../lib/readable-time.js';
import { deliverOnce, deliveryKey, subScope } from './deliver-once.js';
import type { DeliveryDeps } from './delivery-deps.js';
import { postToTarget } from './post-to-target.js';

export function isStale(dataAsOf: string | null, now: Date, staleAfterHours: number): boolean {
  if (staleAfterHours <= 0) return false;
  if (dataAsOf === null) return true;
  return now.getTime() - new Date(dataAsOf).getTime() > staleAfterHours * 3_600_000;
}

/** What the gate did when the data is stale (a job's outcome, as the processors report it). */
export interface StaleOutcome {
  status: 'stale';
  messages?: number;
  detail: string;
}

/**
 * The freshness gate. When the newest order is older than STALE_DATA_HOURS, the destination gets "data
 * has not been updated since …" (once per run) instead of a report built on old data; per-salesman
 * fan-outs are skipped quietly rather than telling every salesman. Returns the outcome when stale.
 */
export async function freshnessGate(deps: DeliveryDeps, sub: SubscriptionRow, runKey: string): Promise<StaleOutcome | undefined> {
  const dataAsOf = await latestOrderAt(deps.database);
  if (!isStale(dataAsOf, deps.now(), deps.staleAfterHours)) return undefined;
  const since = dataAsOf ? readableTime(dataAsOf, deps.timeZone) : 'never';
  if (sub.target === SALESMEN_TARGET) return { status: 'stale', detail: `data not updated since ${since}; nothing sent` };
  const out = await deliverOnce(
    deps,
    { key: deliveryKey(subScope(sub), runKey, sub.target, 'stale'), subscriptionId: sub.id, jobName: 'subscription-run', recipient: sub.target },
    async ({ metadata, earlier }) => {
      const posted = earlier ?? (await postToTarget(deps, sub, sub.target, deps.messages.staleData(sub, dataAsOf, deps.timeZone), runKey, { metadata }));
      return { status: 'sent', messageTs: posted.ts };
    },
  );
  return { status: 'stale', messages: out.status === 'sent' ? 1 : 0, detail: `data not updated since ${since}` };
}
