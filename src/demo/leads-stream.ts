import { isoDay, localTimestamp, weekdayOf } from './calendar.js';
import type { CsvWriter } from './csv-writer.js';
import { plantedDealRows, type PlantedDeal } from './deal-risk-plants.js';
import { WeightedPicker, type Rng } from './rng.js';
import { isWorkday, officeSecondOfDay } from './time-patterns.js';
import type { DemoWorld } from './types.js';

export const LEADS_HEADER = ['lead_id', 'created_at', 'stage', 'stage_changed_at', 'customer_id', 'salesman_id', 'source', 'value', 'lost_reason', 'expected_close', 'amount'] as const;

/** Days after qualifying that a salesman expects an opportunity to close: optimistic, as forecasts are. */
const EXPECTED_CLOSE_DAYS = 35;

export const leadId = (n: number): string => 'L' + String(n).padStart(5, '0');

const SOURCES = ['website', 'referral', 'trade fair', 'cold call', 'partner'] as const;
const SOURCE_WEIGHTS = new WeightedPicker([40, 20, 12, 18, 10]);
const LOST_REASONS = ['price', 'competitor', 'no budget', 'timing', 'no decision'] as const;
const LOST_WEIGHTS = new WeightedPicker([35, 28, 15, 12, 10]);
const UNQUALIFIED_REASONS = ['not qualified', 'no response'] as const;

/** Moves a CRM event off the weekend: nobody updates the pipeline on Sunday. */
const workdayOnOrAfter = (day: number): number => {
  const wd = weekdayOf(day);
  return wd >= 5 ? day + (7 - wd) : day;
};

/**
 * One row per lead in its state on the last day: created on a workday; 62 % qualify into an opportunity
 * 1–14 days later, the rest are lost as unqualified (70 %) or go stale; opportunities close 5 days plus a
 * Gamma(2, mean 25 days) later, won with the owner's win rate, else lost with a reason. Events after the
 * last day have not happened yet, so recent leads are still open. `stage_changed_at` is when the lead
 * entered its current stage (its creation for stage "lead"). A lead that qualified and then closed also
 * has a row for its opportunity stage (the import keeps every row as stage history), so stage durations
 * can be measured. Qualified leads carry an `expected_close` (35 days after qualifying) and an `amount`.
 * The planted deal-risk stories (`planted`) follow the generated leads.
 */
export async function writeLeads(world: DemoWorld, rng: Rng, count: number, out: CsvWriter, planted: readonly PlantedDeal[] = []): Promise<number> {
  const { startDay, endDay, salesmen, customers } = world;
  const days = endDay - startDay + 1;
  // Lead flow grows by 40 % over the period, in step with the business.
  const weights = Array.from({ length: days }, (_, d) => (isWorkday(startDay + d) ? 1 + (0.4 * d) / days : 0));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const ownCustomers: number[][] = salesmen.map(() => []);
  for (const c of customers) ownCustomers[c.formerSalesmanIdx >= 0 ? c.formerSalesmanIdx : c.salesmanIdx]!.push(c.idx);
  for (const c of customers) if (c.formerSalesmanIdx >= 0) ownCustomers[c.salesmanIdx]!.push(c.idx);

  let acc = 0;
  let assigned = 0;
  let n = 0;
  for (let d = 0; d < days; d++) {
    acc += weights[d]!;
    const target = d === days - 1 ? count : Math.round((acc / totalWeight) * count);
    const today = target - assigned;
    assigned = target;
    if (today === 0) continue;
    const day = startDay + d;
    const eligible = salesmen.filter((s) => (s.hiredDay === null || s.hiredDay <= day) && (s.leftDay === null || s.leftDay > day));
    const owners = new WeightedPicker(eligible.map((s) => s.baseActivity + 2));
    const seconds = Int32Array.from({ length: today }, () => officeSecondOfDay(rng)).sort();
    for (const sec of seconds) {
      const s = eligible[owners.pick(rng)]!;
      const mine = ownCustomers[s.idx]!;
      const upsell = mine.length > 0 && rng.chance(0.35) ? customers[rng.pick(mine)]! : undefined;
      const customer = upsell !== undefined && upsell.joinDay <= day ? upsell : undefined;
      const source = customer !== undefined ? 'existing customer' : SOURCES[SOURCE_WEIGHTS.pick(rng)]!;
      const value = Math.round(Math.exp(Math.log(4000) + 0.9 * rng.normal()) / 10) * 10;
      const created = localTimestamp(isoDay(day), sec);

      let stage = 'lead';
      let changed = created;
      let opportunityRow = '';
      let lostReason = '';
      const qualifyDay = workdayOnOrAfter(day + rng.int(1, 14));
      const qualifies = rng.chance(0.62);
      const dropsOut = rng.chance(0.7);
      const closeDay = workdayOnOrAfter(qualifyDay + 5 + Math.round(rng.gamma(2, 25)));
      const won = rng.chance(s.winRate);
      const lostReasonPick = LOST_REASONS[LOST_WEIGHTS.pick(rng)]!;
      const changeSec = officeSecondOfDay(rng);
      const closeSec = officeSecondOfDay(rng);
      const deal = qualifies && qualifyDay <= endDay ? `${isoDay(workdayOnOrAfter(qualifyDay + EXPECTED_CLOSE_DAYS))},${value}` : ',';
      if (qualifies && qualifyDay <= endDay) {
        stage = 'opportunity';
        changed = localTimestamp(isoDay(qualifyDay), changeSec);
        if (closeDay <= endDay) {
          opportunityRow = `${leadId(n + 1)},${created},opportunity,${changed},${customer?.id ?? ''},${s.id},${source},${value},,${deal}\n`;
          stage = won ? 'won' : 'lost';
          changed = localTimestamp(isoDay(closeDay), closeSec);
          if (!won) lostReason = lostReasonPick;
        }
      } else if (!qualifies && dropsOut) {
        const lostDay = workdayOnOrAfter(day + rng.int(3, 30));
        if (lostDay <= endDay) {
          stage = 'lost';
          changed = localTimestamp(isoDay(lostDay), changeSec);
          lostReason = rng.pick(UNQUALIFIED_REASONS);
        }
      }
      if (opportunityRow) {
        const o = out.line(opportunityRow);
        if (o) await o;
      }
      const p = out.line(`${leadId(++n)},${created},${stage},${changed},${customer?.id ?? ''},${s.id},${source},${value},${lostReason},${deal}\n`);
      if (p) await p;
    }
  }
  for (const d of planted) {
    for (const row of plantedDealRows(d)) {
      const p = out.line(row);
      if (p) await p;
    }
  }
  return n + planted.length;
}
