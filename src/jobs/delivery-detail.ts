import type { DeliveryOutcome } from '../services/delivery/deliver-once.js';

/**
 * The job outcome's detail for one delivery: a message an interrupted attempt had posted reads
 * "sent (found in history)" (it was delivered, so never "skipped"); one an earlier attempt had recorded
 * reads "already sent".
 */
export function deliveryDetail(out: Pick<DeliveryOutcome, 'status' | 'foundInHistory'>): { detail?: string } {
  if (out.foundInHistory) return { detail: 'sent (found in history)' };
  if (out.status === 'duplicate') return { detail: 'already sent' };
  return {};
}
