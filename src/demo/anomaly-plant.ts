import { weekdayOf } from './calendar.js';
import { REGIONS } from './geography.js';
import { PLANTED } from './scenario.js';
import type { DemoCustomer, DemoWorld } from './types.js';

/**
 * The planted anomaly (PLANTED.tender): a one-off tender order from one big account, on the Tuesday of the
 * last ISO week that ends on or before the last day of data. That week is the one a weekly anomaly check
 * run on the data's last day examines (src/services/anomaly-alerts.ts `checkedPeriod`), so the check has
 * something real to find: the region's (and the account's salesman's) revenue far above its expected range,
 * with the account and the tender's products as the drivers. Placed from the world alone (no random draws).
 */
export interface TenderPlant {
  customerIdx: number;
  /** Monday and Sunday of the checked week (day numbers). */
  weekFrom: number;
  weekTo: number;
  /** Days on which the order may be placed, in order of preference (the first with an order slot wins). */
  candidateDays: number[];
  /** Products of the tender and the share of its value each takes. */
  lines: { productIdx: number; share: number }[];
}

/**
 * The tender's account: in the biggest region (by customers × spend) outside the regions other stories
 * rely on (the growth and under-served regions), a big account (else a regular buyer) ordering for over a
 * year that never churns, of an active salesman, and not one of the deal-risk customers (their stories
 * need their order history untouched). `null` when the world holds no such account (a tiny demo) or the
 * catalogue lacks the tender's products.
 */
export function tenderPlant(world: DemoWorld, excludedCustomerIds: ReadonlySet<string>): TenderPlant | null {
  const { endDay, customers, salesmen, products } = world;
  const p = PLANTED.tender;
  const excludedRegions = new Set<string>([PLANTED.growthRegion, PLANTED.underServedRegion]);
  // A big account when there is one (tenders are their business), else a regular buyer.
  const eligible =
    (kind: DemoCustomer['kind']) =>
    (c: DemoCustomer): boolean =>
      c.kind === kind &&
      c.churnDay === Number.POSITIVE_INFINITY &&
      c.joinDay <= endDay - 400 &&
      c.formerSalesmanIdx < 0 &&
      salesmen[c.salesmanIdx]!.active &&
      !excludedRegions.has(c.region) &&
      !excludedCustomerIds.has(c.id);
  // The biggest regions first: their weekly series are dense enough to be checked even in a small demo
  // (a region with a couple of orders a week has empty weeks, and the check skips sparse series).
  const regions = [...REGIONS].sort((a, b) => b.customerShare * b.spendFactor - a.customerShare * a.spendFactor);
  let customer: DemoCustomer | undefined;
  for (const region of regions) {
    if (excludedRegions.has(region.name)) continue;
    const inRegion = (c: DemoCustomer): boolean => c.region === region.name;
    customer = customers.find((c) => inRegion(c) && eligible('big')(c)) ?? customers.find((c) => inRegion(c) && eligible('regular')(c));
    if (customer) break;
  }
  if (!customer) return null;
  const lines: TenderPlant['lines'] = [];
  for (const item of p.items) {
    const product = products.find((x) => x.name === item.name && x.active && x.stopDay === Number.POSITIVE_INFINITY);
    if (!product) return null;
    lines.push({ productIdx: product.idx, share: item.share });
  }
  // The last ISO week (Monday–Sunday) that ended on or before the last day (weekdayOf: 0 = Monday).
  const weekTo = endDay - ((weekdayOf(endDay) + 1) % 7);
  const weekFrom = weekTo - 6;
  // Tuesday, the demo's busiest ordering day; if it has no order slot, the next working day that has one.
  const candidateDays = [weekFrom + 1, weekFrom + 2, weekFrom + 3, weekFrom + 4, weekFrom];
  return { customerIdx: customer.idx, weekFrom, weekTo, candidateDays, lines };
}

/**
 * Quantities of the tender's lines for a tender worth about `amountCents` at `prices` (cents, net of the
 * account's discount), at least one unit each.
 */
export function tenderQuantities(plant: TenderPlant, amountCents: number, prices: Int32Array, discountPct: number): { productIdx: number; qty: number }[] {
  return plant.lines.map((l) => {
    const net = (prices[l.productIdx]! * (100 - discountPct)) / 100;
    return { productIdx: l.productIdx, qty: Math.max(1, Math.round((amountCents * l.share) / net)) };
  });
}
