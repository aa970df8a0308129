import type { Processor } from '../job-context.js';
import { sendPerSalesmanDm } from './per-salesman.js';
import { loadSubscription } from '../load-subscription.js';

/** One salesman's DM with their own deals at risk (queued by a deals subscription's fan-out). */
export const dealsDm: Processor<'deals-dm'> = async (ctx, payload) => {
  const sub = await loadSubscription(ctx, payload.subscriptionId);
  return sendPerSalesmanDm(ctx, 'deals-dm', sub, payload);
};
