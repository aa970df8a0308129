import { REGIONS, type Region } from './geography.js';
import { companyName, slug } from './names.js';
import { WeightedPicker, type Rng } from './rng.js';
import { PLANTED } from './scenario.js';
import type { CustomerKind, DemoCustomer, DemoSalesman } from './types.js';

export const customerId = (n: number): string => 'C' + String(n).padStart(5, '0');

/** About 20 orders per customer over the period; bounds keep tiny and huge runs sensible. */
export function customerCount(orders: number): number {
  return Math.min(30_000, Math.max(100, Math.round(orders / 20)));
}

/** Big accounts go to lumpy reps, the long tail of small regular buyers to steady ones. */
const OWNER_WEIGHT = {
  steady: { big: 0.3, other: 1.5 },
  mixed: { big: 1, other: 1 },
  lumpy: { big: 4, other: 0.5 },
} as const;

interface Window {
  startDay: number;
  endDay: number;
}

/**
 * Customers with real cities, an owner in their region, a buying rhythm and a life span:
 * 3 % big accounts (3× the order rate, 2.5× the quantities, 10 % discount), regular buyers with
 * clockwork gaps, irregular buyers, and one-off buyers; some join during the period (the growth region
 * keeps joining, with a burst in the last month, and
 * orders more often in the last 30 days) and 12 % of repeat buyers churn 2–6 months before the end.
 */
export function buildCustomers(rng: Rng, count: number, salesmen: readonly DemoSalesman[], w: Window): DemoCustomer[] {
  const regionPicker = new WeightedPicker(REGIONS.map((r) => r.customerShare));
  const cityPickers = REGIONS.map((r) => new WeightedPicker(r.cities.map((c) => c.weight)));
  const span = w.endDay - w.startDay + 1;
  const out: DemoCustomer[] = [];
  const booked = salesmen.map(() => 0);
  for (let i = 0; i < count; i++) {
    const regionIdx = regionPicker.pick(rng);
    const region: Region = REGIONS[regionIdx]!;
    const city = region.cities[cityPickers[regionIdx]!.pick(rng)]!;
    const roll = rng.float();
    const kind: CustomerKind = roll < 0.03 ? 'big' : roll < 0.15 ? 'one-off' : roll < 0.6 ? 'regular' : 'irregular';

    // When the customer starts buying.
    let joinDay = w.startDay;
    const growth = region.name === PLANTED.growthRegion;
    const burst = PLANTED.growthBurst;
    if (growth && rng.chance(burst.share)) {
      joinDay = w.endDay - rng.int(burst.toDaysBefore, burst.fromDaysBefore);
    } else if (rng.chance(growth ? 0.45 : 0.25) || kind === 'one-off') {
      // sqrt skews the growth region's sign-ups towards the recent past: an accelerating region.
      joinDay = w.startDay + Math.floor(span * (growth ? Math.sqrt(rng.float()) : rng.float()));
    }
    const createdDay = joinDay === w.startDay && kind !== 'one-off' ? w.startDay - rng.int(30, 1800) : joinDay - rng.int(0, 14);

    // When (if ever) the customer stops.
    let churnDay = Number.POSITIVE_INFINITY;
    if (kind !== 'one-off' && kind !== 'big') {
      const c = PLANTED.recentChurn;
      const roll2 = rng.float();
      const recent = w.endDay - rng.int(c.minDaysBefore, c.maxDaysBefore);
      if (roll2 < c.share && recent - joinDay > 150) churnDay = recent;
      else if (roll2 < c.share + 0.08 && w.endDay - 200 - joinDay > 150) churnDay = rng.int(joinDay + 150, w.endDay - 200);
    }

    // Owner: a rep of the region who is not a new hire; the departed rep's customers moved to a colleague.
    const reps = salesmen.filter((s) => s.region === region.name && s.hiredDay === null && (s.leftDay === null || s.leftDay > joinDay));
    const ownerPicker = new WeightedPicker(reps.map((s) => (kind === 'big' ? OWNER_WEIGHT[s.style].big : OWNER_WEIGHT[s.style].other)));
    // Until every rep has a couple of repeat customers, new repeat customers go to the emptiest book,
    // so only the new hire ends up without sales.
    const emptiest = reps.reduce((a, b) => (booked[b.idx]! < booked[a.idx]! ? b : a));
    let owner = kind !== 'one-off' && booked[emptiest.idx]! < 2 ? emptiest : reps[ownerPicker.pick(rng)]!;
    if (kind !== 'one-off') booked[owner.idx]!++;
    let formerSalesmanIdx = -1;
    let handoverDay = Number.NEGATIVE_INFINITY;
    if (owner.leftDay !== null) {
      formerSalesmanIdx = owner.idx;
      handoverDay = owner.leftDay;
      owner = reps.find((s) => s.leftDay === null)!;
    }

    // Regional spend acts on how often customers order (basket sizes hit a floor of 1 unit anyway).
    const baseRate = Math.exp(0.5 * rng.normal()) * region.spendFactor;
    const name = companyName(rng, city.country);
    out.push({
      idx: i,
      id: customerId(i + 1),
      name,
      email: `purchasing@${slug(name).slice(0, 40)}.example`,
      city,
      region: region.name,
      salesmanIdx: owner.idx,
      formerSalesmanIdx,
      handoverDay,
      kind,
      createdDay,
      joinDay,
      churnDay,
      rate: kind === 'big' ? baseRate * 3 : baseRate,
      recentBoost: growth ? PLANTED.growthCampaign.factor : 1,
      rhythm: kind === 'regular' ? 8 : kind === 'big' ? 4 : 1,
      qtyFactor: kind === 'big' ? 2.5 : 1,
      discountPct: kind === 'big' ? 10 : rng.chance(0.15) ? 5 : 0,
    });
  }
  return out;
}
