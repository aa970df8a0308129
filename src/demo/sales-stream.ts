import { isoDay, localTimestamp, weekdayOf } from './calendar.js';
import type { CsvWriter } from './csv-writer.js';
import { tenderQuantities, type TenderPlant } from './anomaly-plant.js';
import { MinHeap } from './min-heap.js';
import { discountText, formatCents, formatTenThousandths } from './money.js';
import { ProductTimeline } from './product-timeline.js';
import { WeightedPicker, type Rng } from './rng.js';
import { PLANTED } from './scenario.js';
import { dayFactor, orderSecondOfDay } from './time-patterns.js';
import type { DemoWorld } from './types.js';

export const SALES_HEADER = ['order_id', 'line_no', 'ordered_at', 'customer_id', 'salesman_id', 'product_id', 'quantity', 'unit_price', 'discount', 'amount'] as const;

export const orderId = (n: number): string => 'O' + String(n).padStart(7, '0');

/** Lines per order before bundles add their companions: 1–6, mostly small. */
const LINE_COUNT = new WeightedPicker([22, 24, 20, 15, 11, 8]);
const MAX_LINES = 6;

export interface SalesResult {
  orders: number;
  lines: number;
  /** Monday on or before the first day; week w covers weekStartDay + 7w … + 6. */
  weekStartDay: number;
  weeks: number;
  /** Revenue per salesman and week, index `salesmanIdx * weeks + week` (feeds the activity generator). */
  revenueBySalesmanWeek: Float64Array;
  /** The planted tender order (PLANTED.tender), when one was planted. */
  tender: PlantedTender | null;
}

export interface PlantedTender {
  orderId: string;
  /** Day number of the order. */
  day: number;
  customerIdx: number;
  salesmanIdx: number;
  /** Value in currency units, net of the account's discount. */
  amount: number;
}

interface Refund {
  customer: number;
  salesman: number;
  product: number;
  qty: number;
  priceCents: number;
  pct: number;
}

/**
 * Writes exactly `orderCount` orders, in time order, one line at a time, plus the planted tender when
 * `tender` is given (numbered `orderCount + 1`, see {@link writeTender}).
 *
 * How it works: each day gets a quota of orders proportional to its season × weekday factor × the
 * buying power of the customers active that day (so joiners and churners move the trend). Each customer
 * is a renewal process in "business time" (time that runs faster in November and stops at weekends):
 * the gap to their next order is Gamma-distributed around 1/rate with their own regularity. A min-heap
 * keyed by due time hands each day's quota to the customers most due. Memory is O(customers + products).
 */
export async function writeSales(world: DemoWorld, rng: Rng, orderCount: number, out: CsvWriter, tender: TenderPlant | null = null): Promise<SalesResult> {
  const { startDay, endDay, customers, products, salesmen } = world;
  const days = endDay - startDay + 1;

  const timeline = new ProductTimeline(products, startDay, endDay);
  const boostFrom = timeline.recentStart;

  // Buying power per day: sum of the rates of customers who are between joining and churning.
  const power = new Float64Array(days + 1);
  const addPower = (from: number, to: number, rate: number): void => {
    const a = Math.max(from, startDay) - startDay;
    const b = Math.min(to, endDay + 1) - startDay;
    if (b > a) {
      power[a] = power[a]! + rate;
      power[b] = power[b]! - rate;
    }
  };
  for (const c of customers) {
    if (c.kind === 'one-off') continue; // one order each: negligible in the balance
    addPower(c.joinDay, c.churnDay, c.rate);
    if (c.recentBoost !== 1) addPower(Math.max(c.joinDay, boostFrom), c.churnDay, c.rate * (c.recentBoost - 1));
  }
  const factor = new Float64Array(days);
  let running = 0;
  let total = 0;
  for (let d = 0; d < days; d++) {
    running += power[d]!;
    factor[d] = dayFactor(startDay + d);
    total += factor[d]! * Math.max(running, 0);
  }
  if (!(total > 0)) throw new Error('no customer can order in the period');

  // Daily quotas: cumulative rounding makes them add up to exactly orderCount.
  const quota = new Int32Array(days);
  const businessTime = new Float64Array(days + 1); // at the start of each day
  const scale = orderCount / total;
  running = 0;
  let acc = 0;
  let assigned = 0;
  for (let d = 0; d < days; d++) {
    running += power[d]!;
    acc += factor[d]! * Math.max(running, 0);
    const target = d === days - 1 ? orderCount : Math.round(acc * scale);
    quota[d] = target - assigned;
    assigned = target;
    businessTime[d + 1] = businessTime[d]! + factor[d]! * scale;
  }
  // The tender comes after the last order of its day: the first candidate day that has orders.
  const tenderDay = tender?.candidateDays.find((day) => day >= startDay && day <= endDay && quota[day - startDay]! > 0) ?? null;
  const tenderRegion = tender ? customers[tender.customerIdx]!.region : '';
  const referenceFrom = tender ? tender.weekFrom - 7 * PLANTED.tender.referenceWeeks : 0;
  /** Revenue of the tender's region per reference week, in ten-thousandths (as line amounts). */
  const referenceRevenue = new Float64Array(PLANTED.tender.referenceWeeks);
  let planted: PlantedTender | null = null;

  const timeAt = (day: number): number =>
    day === Number.POSITIVE_INFINITY ? day : businessTime[Math.min(Math.max(day - startDay, 0), days)]!;

  // Everyone's first due time: a random phase for existing customers, soon after joining for new ones.
  const heap = new MinHeap(customers.length);
  for (const c of customers) {
    const join = timeAt(c.joinDay);
    let due: number;
    if (c.kind === 'one-off') due = join + rng.float() * (timeAt(c.joinDay + 7) - join);
    else if (c.joinDay <= startDay) due = rng.float() / c.rate;
    else due = join + (rng.float() * 0.3) / c.rate;
    if (due < timeAt(c.churnDay)) heap.push(c.idx, due);
  }

  const weekStartDay = startDay - weekdayOf(startDay);
  const weeks = Math.floor((endDay - weekStartDay) / 7) + 1;
  const revenue = new Float64Array(salesmen.length * weeks);
  const refunds = new Map<number, Refund[]>();
  const picked = new Int32Array(MAX_LINES);
  const discountTexts = Array.from({ length: 101 }, (_, p) => discountText(p));

  let orderNo = 0;
  const firstRow = out.rows;
  let wait: Promise<void> | undefined;

  for (let d = 0; d < days; d++) {
    const day = startDay + d;
    const n = quota[d]!;
    const todaysRefunds = refunds.get(day) ?? [];
    refunds.delete(day);
    if (n === 0) {
      if (todaysRefunds.length > 0) refunds.set(day + 1, todaysRefunds);
      continue;
    }
    const weekday = weekdayOf(day);
    const date = isoDay(day);
    const picker = timeline.pickerOn(day);
    const prices = timeline.pricesOn(day);
    const week = Math.floor((day - weekStartDay) / 7);
    const now = businessTime[d]!;
    const times = new Int32Array(n);
    for (let k = 0; k < n; k++) times[k] = orderSecondOfDay(rng, weekday);
    times.sort();

    const inReference = tender !== null && day >= referenceFrom && day < tender.weekFrom;
    const referenceWeek = Math.floor((day - referenceFrom) / 7);

    for (let k = 0; k < n; k++) {
      const ts = localTimestamp(date, times[k]!);
      const oid = orderId(++orderNo);
      // Refunds take random slots of the day's quota; any left over wait for the next day.
      if (todaysRefunds.length > 0 && rng.float() * (n - k) < todaysRefunds.length) {
        const r = todaysRefunds.pop()!;
        const amount = -r.priceCents * r.qty * (100 - r.pct);
        revenue[r.salesman * weeks + week] = revenue[r.salesman * weeks + week]! + amount / 10_000;
        if (inReference && customers[r.customer]!.region === tenderRegion) referenceRevenue[referenceWeek] = referenceRevenue[referenceWeek]! + amount;
        wait = out.line(
          `${oid},1,${ts},${customers[r.customer]!.id},${salesmen[r.salesman]!.id},${products[r.product]!.id},-${r.qty},${formatCents(r.priceCents)},${discountTexts[r.pct]},${formatTenThousandths(amount)}\n`,
        );
        if (wait) await wait;
        continue;
      }

      const ci = heap.pop();
      if (ci < 0) throw new Error('every customer has churned; cannot fill the order quota');
      const due = heap.lastKey;
      const c = customers[ci]!;
      const si = c.formerSalesmanIdx >= 0 && day < c.handoverDay ? c.formerSalesmanIdx : c.salesmanIdx;
      const prefix = `${oid},`;
      const middle = `,${ts},${c.id},${salesmen[si]!.id},`;

      // Basket: draw products by popularity; a bundle anchor pulls its companions in.
      const wanted = Math.min(MAX_LINES, LINE_COUNT.pick(rng) + 1 + (c.kind === 'big' ? 1 : 0));
      let count = 0;
      const add = (p: number): void => {
        for (let j = 0; j < count; j++) if (picked[j] === p) return;
        picked[count++] = p;
        for (const comp of products[p]!.companions) {
          if (count >= MAX_LINES) break;
          if (products[comp.idx]!.stopDay > day && rng.chance(comp.p)) {
            let dup = false;
            for (let j = 0; j < count; j++) if (picked[j] === comp.idx) dup = true;
            if (!dup) picked[count++] = comp.idx;
          }
        }
      };
      for (let attempt = 0; count < wanted && attempt < wanted + 3; attempt++) add(picker.pick(rng));

      let orderAmount = 0;
      for (let j = 0; j < count; j++) {
        const p = picked[j]!;
        const product = products[p]!;
        const u = rng.float();
        const qty = Math.max(1, Math.ceil(product.maxQty * c.qtyFactor * u * u));
        let pct = c.discountPct;
        if (qty >= 10 && pct < 5) pct = 5;
        if (rng.chance(0.03)) pct = 15; // seasonal promotion
        const price = prices[p]!;
        const amount = price * qty * (100 - pct);
        orderAmount += amount;
        // Backpressure: `line` hands back a promise only when the stream is full.
        wait = out.line(`${prefix}${j + 1}${middle}${product.id},${qty},${formatCents(price)},${discountTexts[pct]},${formatTenThousandths(amount)}\n`);
        if (wait) await wait;
        if (j === count - 1 && rng.chance(PLANTED.refundRate)) {
          const back = day + rng.int(2, 21);
          if (back <= endDay) {
            const list = refunds.get(back) ?? [];
            list.push({ customer: ci, salesman: si, product: p, qty: rng.int(1, qty), priceCents: price, pct });
            refunds.set(back, list);
          }
        }
      }
      revenue[si * weeks + week] = revenue[si * weeks + week]! + orderAmount / 10_000;
      if (inReference && c.region === tenderRegion) referenceRevenue[referenceWeek] = referenceRevenue[referenceWeek]! + orderAmount;

      // Next order: one gap after the later of "was due" and "now", so a late customer does not binge.
      if (c.kind !== 'one-off') {
        // A boost applies to gaps that end in the boosted stretch (started up to two weeks before it).
        const rate = day >= boostFrom - 14 ? c.rate * c.recentBoost : c.rate;
        const next = Math.max(due, now) + rng.gamma(c.rhythm, 1 / rate);
        if (next < timeAt(c.churnDay)) heap.push(ci, next);
      }
    }
    if (day === tenderDay) {
      // An order on top of the requested ones, numbered after them: it draws nothing from `rng`, so every
      // other line of the demo is the same as without it.
      const ts = localTimestamp(date, times[n - 1]!);
      planted = await writeTender(tender!, { oid: orderId(orderCount + 1), ts, day, referenceFrom, referenceRevenue, prices, world, out });
    }
    if (todaysRefunds.length > 0) refunds.set(day + 1, [...todaysRefunds, ...(refunds.get(day + 1) ?? [])]);
  }
  return { orders: orderNo + (planted ? 1 : 0), lines: out.rows - firstRow, weekStartDay, weeks, revenueBySalesmanWeek: revenue, tender: planted };
}

/**
 * Writes the tender order (PLANTED.tender), at the day's list prices and the account's negotiated discount.
 * Its value: the region's usual week (the mean of the reference weeks, scaled by the season of the tender's
 * week against theirs, {@link dayFactor}) times `weeksOfRevenue`, or that mean plus `noiseSigmas` standard
 * deviations of the reference weeks when more: in a small demo a region's weeks are so uneven that a
 * few weeks' revenue would still look like an ordinary good week. Not added to the salesman-week revenue
 * that drives activities and targets: those stay as they were without it.
 */
async function writeTender(
  tender: TenderPlant,
  o: { oid: string; ts: string; day: number; referenceFrom: number; referenceRevenue: Float64Array; prices: Int32Array; world: DemoWorld; out: CsvWriter },
): Promise<PlantedTender> {
  const c = o.world.customers[tender.customerIdx]!;
  const s = o.world.salesmen[c.salesmanIdx]!;
  const { referenceWeeks, weeksOfRevenue, noiseSigmas } = PLANTED.tender;
  const weeks = Array.from(o.referenceRevenue, (v) => v / 10_000);
  const mean = weeks.reduce((a, v) => a + v, 0) / referenceWeeks;
  const sd = Math.sqrt(weeks.reduce((a, v) => a + (v - mean) ** 2, 0) / Math.max(referenceWeeks - 1, 1));
  let seasonNow = 0;
  for (let d = tender.weekFrom; d <= tender.weekTo; d++) seasonNow += dayFactor(d);
  let seasonBefore = 0;
  for (let d = o.referenceFrom; d < tender.weekFrom; d++) seasonBefore += dayFactor(d);
  const season = seasonBefore > 0 ? (seasonNow * referenceWeeks) / seasonBefore : 1;
  const value = Math.max(0, season * Math.max(weeksOfRevenue * mean, mean + noiseSigmas * sd));
  const lines = tenderQuantities(tender, value * 100, o.prices, c.discountPct);
  let total = 0;
  for (const [j, l] of lines.entries()) {
    const price = o.prices[l.productIdx]!;
    const amount = price * l.qty * (100 - c.discountPct);
    total += amount;
    const wait = o.out.line(
      `${o.oid},${j + 1},${o.ts},${c.id},${s.id},${o.world.products[l.productIdx]!.id},${l.qty},${formatCents(price)},${discountText(c.discountPct)},${formatTenThousandths(amount)}\n`,
    );
    if (wait) await wait;
  }
  return { orderId: o.oid, day: o.day, customerIdx: c.idx, salesmanIdx: c.salesmanIdx, amount: Math.round(total / 100) / 100 };
}
