import type { Processor } from '../job-context.js';
import { sendPerSalesmanDm } from './per-salesman.js';
import { loadSubscription } from '../load-subscription.js';

/** One salesman's DM with their own targets behind pace (queued by a pacing subscription's fan-out). */
export const pacingDm: Processor<'pacing-dm'> = async (ctx, payload) => {
  const sub = await loadSubscription(ctx, payload.subscriptionId);
  return sendPerSalesmanDm(ctx, 'pacing-dm', sub, payload);
};
