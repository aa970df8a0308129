import { isoDay, localTimestamp } from './calendar.js';
import { csvField, type CsvWriter } from './csv-writer.js';
import { WeightedPicker, type Rng } from './rng.js';
import type { SalesResult } from './sales-stream.js';
import { isWorkday, officeSecondOfDay } from './time-patterns.js';
import type { DemoWorld } from './types.js';
import { QUIET_DAYS } from './deal-risk-plants.js';

export const ACTIVITIES_HEADER = ['activity_id', 'occurred_at', 'salesman_id', 'kind', 'customer_id', 'notes', 'outcome'] as const;

export const activityId = (n: number): string => 'A' + String(n).padStart(6, '0');

const KINDS = ['visit', 'call', 'email', 'meeting'] as const;
const NOTES: Readonly<Record<(typeof KINDS)[number], readonly string[]>> = {
  visit: ['Quarterly review on site', 'Checked the printer fleet, toner running low', 'Showed the new furniture range', 'Site visit, met the office manager'],
  call: ['Follow-up on last quote', 'Reorder reminder', 'Called about delivery date', 'Intro call, asked about current supplier'],
  email: ['Sent quote', 'Sent catalogue, asked for feedback', 'Confirmed order details', 'Shared price list for next year'],
  meeting: ['Contract renewal meeting', 'Budget planning for next year', 'Laptop demo with the IT team', 'Framework agreement, "final" terms'],
};
const OUTCOMES = ['positive', 'neutral', 'no answer', 'follow-up scheduled', 'order placed'] as const;
const OUTCOME_WEIGHTS = new WeightedPicker([30, 30, 12, 18, 10]);

interface Activity {
  day: number;
  second: number;
  text: string; // the row after its id
}

/**
 * Activities per salesman and week, Poisson around (hustle + that week's revenue): reps who sell more
 * log more visits and calls, week by week, so the activity report finds a clear positive correlation.
 * A rep's activities fall on workdays while employed; most name one of their customers.
 */
export async function writeActivities(world: DemoWorld, rng: Rng, target: number, sales: SalesResult, out: CsvWriter, quiet: ReadonlySet<string> = new Set()): Promise<number> {
  const { startDay, endDay, salesmen, customers } = world;
  const { weeks, weekStartDay, revenueBySalesmanWeek: revenue } = sales;
  const ownCustomers: number[][] = salesmen.map(() => []);
  for (const c of customers) ownCustomers[c.formerSalesmanIdx >= 0 ? c.formerSalesmanIdx : c.salesmanIdx]!.push(c.idx);
  for (const c of customers) if (c.formerSalesmanIdx >= 0) ownCustomers[c.salesmanIdx]!.push(c.idx);
  const mixes = salesmen.map((s) => new WeightedPicker(s.activityMix));

  const workdays = (s: (typeof salesmen)[number], w: number): number[] => {
    const out: number[] = [];
    for (let day = weekStartDay + 7 * w; day < weekStartDay + 7 * w + 7; day++) {
      if (day < startDay || day > endDay || !isWorkday(day)) continue;
      if ((s.hiredDay !== null && day < s.hiredDay) || (s.leftDay !== null && day >= s.leftDay)) continue;
      out.push(day);
    }
    return out;
  };

  // Expected activities per cell: a hustle part and a part proportional to the week's revenue.
  let revSum = 0;
  let revCells = 0;
  for (const r of revenue) if (r > 0) (revSum += r), revCells++;
  const meanRev = revCells > 0 ? revSum / revCells : 1;
  const meanBase = salesmen.reduce((a, s) => a + s.baseActivity, 0) / salesmen.length;
  const raw = new Float64Array(salesmen.length * weeks);
  let rawTotal = 0;
  salesmen.forEach((s, si) => {
    for (let w = 0; w < weeks; w++) {
      const share = workdays(s, w).length / 5;
      if (share === 0) continue;
      const v = share * 0.35 * (s.baseActivity / meanBase) + Math.max(0, revenue[si * weeks + w]!) / meanRev;
      raw[si * weeks + w] = v;
      rawTotal += v;
    }
  });
  const scale = rawTotal > 0 ? target / rawTotal : 0;

  let n = 0;
  for (let w = 0; w < weeks; w++) {
    const batch: Activity[] = [];
    salesmen.forEach((s, si) => {
      const k = rng.poisson(raw[si * weeks + w]! * scale);
      if (k === 0) return;
      const days = workdays(s, w);
      const mine = ownCustomers[si]!;
      for (let i = 0; i < k; i++) {
        const day = rng.pick(days);
        const kind = KINDS[mixes[si]!.pick(rng)]!;
        const candidate = mine.length > 0 && rng.chance(0.85) ? customers[rng.pick(mine)]! : undefined;
        // The planted quiet customers get no activity near the end (decided after the draws, so the stream stays the same).
        const silenced = candidate !== undefined && quiet.has(candidate.id) && day > endDay - QUIET_DAYS;
        const customer = candidate !== undefined && candidate.joinDay <= day && !silenced ? candidate.id : '';
        const note = csvField(rng.pick(NOTES[kind]));
        const outcome = OUTCOMES[OUTCOME_WEIGHTS.pick(rng)]!;
        batch.push({ day, second: officeSecondOfDay(rng), text: `,${s.id},${kind},${customer},${note},${outcome}\n` });
      }
    });
    batch.sort((a, b) => a.day - b.day || a.second - b.second);
    for (const a of batch) {
      const p = out.line(`${activityId(++n)},${localTimestamp(isoDay(a.day), a.second)}${a.text}`);
      if (p) await p;
    }
  }
  return n;
}
