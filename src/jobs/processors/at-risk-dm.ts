import type { Processor } from '../job-context.js';
import { sendPerSalesmanDm } from './per-salesman.js';
import { loadSubscription } from '../load-subscription.js';

/** One salesman's DM with their customers newly at risk (queued by an at-risk subscription's fan-out). */
export const atRiskDm: Processor<'at-risk-dm'> = async (ctx, payload) => {
  const sub = await loadSubscription(ctx, payload.subscriptionId);
  return sendPerSalesmanDm(ctx, 'at-risk-dm', sub, payload);
};
