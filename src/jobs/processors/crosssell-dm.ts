import type { Processor } from '../job-context.js';
import { sendPerSalesmanDm } from './per-salesman.js';
import { loadSubscription } from '../load-subscription.js';

/** One salesman's cross-sell DM (queued by a crosssell subscription's fan-out). */
export const crossSellDm: Processor<'crosssell-dm'> = async (ctx, payload) => {
  const sub = await loadSubscription(ctx, payload.subscriptionId);
  return sendPerSalesmanDm(ctx, 'crosssell-dm', sub, payload);
};
