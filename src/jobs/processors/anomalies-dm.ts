import type { Processor } from '../job-context.js';
import { sendPerSalesmanDm } from './per-salesman.js';
import { loadSubscription } from '../load-subscription.js';

/** One salesman's DM with the anomalies of his own book (queued by an anomalies subscription's fan-out to salesmen). */
export const anomaliesDm: Processor<'anomalies-dm'> = async (ctx, payload) => {
  const sub = await loadSubscription(ctx, payload.subscriptionId);
  return sendPerSalesmanDm(ctx, 'anomalies-dm', sub, payload);
};
