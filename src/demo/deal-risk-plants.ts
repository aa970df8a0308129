import { isoDay, localTimestamp } from './calendar.js';
import { PLANTED } from './scenario.js';
import type { DemoWorld } from './types.js';

/** One planted deal: its history rows (one per stage entered) and the customer it concerns. */
export interface PlantedDeal {
  leadId: string;
  reason: 'stalled' | 'no_activity' | 'overdue' | 'won_no_order';
  customerId: string;
  salesmanId: string;
  createdDay: number;
  /** Stage entries after creation, in order. */
  steps: readonly { stage: 'opportunity' | 'won'; day: number }[];
  expectedCloseDay: number | null;
  amount: number;
}

export interface DealPlants {
  deals: PlantedDeal[];
  /** Customers that must see no activity in the last QUIET_DAYS days (the no-activity story). */
  quietCustomerIds: ReadonlySet<string>;
}

/** Days before the end in which a quiet customer gets no activity (longer than the 14-day rule). */
export const QUIET_DAYS = 30;

/**
 * The deal-risk stories (PLANTED.dealRisk), placed on one long-serving salesman who still works there and
 * has two steady customers and one who churned well before the end: a stalled opportunity, one gone
 * quiet, one past its close date, and a win whose customer never ordered again. Picked from the world
 * alone (no random draws), so the rest of the demo stays byte-identical. Null-free: an empty list when
 * the world is too small to hold such a salesman.
 */
export function dealRiskPlants(world: DemoWorld): DealPlants {
  const { endDay, salesmen, customers } = world;
  const p = PLANTED.dealRisk;
  for (const s of salesmen) {
    if (s.hiredDay !== null || s.leftDay !== null) continue;
    const own = customers.filter((c) => c.salesmanIdx === s.idx && c.formerSalesmanIdx < 0 && c.joinDay <= endDay - 250);
    const steady = own.filter((c) => c.churnDay === Number.POSITIVE_INFINITY);
    // Churned long enough ago that no order (nor a late refund) falls after the win.
    const gone = own.find((c) => c.churnDay <= endDay - 90);
    if (steady.length < 2 || gone === undefined) continue;
    const [busy, quiet] = [steady[0]!, steady[1]!];
    const deal = (d: Omit<PlantedDeal, 'salesmanId'>): PlantedDeal => ({ ...d, salesmanId: s.id });
    return {
      quietCustomerIds: new Set([quiet.id]),
      deals: [
        deal({ leadId: p.stalled, reason: 'stalled', customerId: busy.id, createdDay: endDay - 215, steps: [{ stage: 'opportunity', day: endDay - 200 }], expectedCloseDay: endDay + 30, amount: 18_000 }),
        deal({ leadId: p.noActivity, reason: 'no_activity', customerId: quiet.id, createdDay: endDay - 25, steps: [{ stage: 'opportunity', day: endDay - 20 }], expectedCloseDay: endDay + 25, amount: 9_500 }),
        deal({ leadId: p.overdue, reason: 'overdue', customerId: busy.id, createdDay: endDay - 15, steps: [{ stage: 'opportunity', day: endDay - 10 }], expectedCloseDay: endDay - 4, amount: 7_200 }),
        deal({
          leadId: p.wonNoOrder,
          reason: 'won_no_order',
          customerId: gone.id,
          createdDay: endDay - 80,
          steps: [
            { stage: 'opportunity', day: endDay - 70 },
            { stage: 'won', day: endDay - 45 },
          ],
          expectedCloseDay: endDay - 50,
          amount: 12_000,
        }),
      ],
    };
  }
  return { deals: [], quietCustomerIds: new Set() };
}

/** The CSV rows of a planted deal in the leads file's columns (LEADS_HEADER), one per stage entered. */
export function plantedDealRows(d: PlantedDeal): string[] {
  const created = localTimestamp(isoDay(d.createdDay), 10 * 3600);
  const close = d.expectedCloseDay === null ? '' : isoDay(d.expectedCloseDay);
  const row = (stage: string, changed: string) => `${d.leadId},${created},${stage},${changed},${d.customerId},${d.salesmanId},existing customer,${d.amount},,${close},${d.amount}\n`;
  return [row('lead', created), ...d.steps.map((s) => row(s.stage, localTimestamp(isoDay(s.day), 11 * 3600)))];
}
