import { ymdOf } from './calendar.js';
import { WeightedPicker } from './rng.js';
import { PLANTED } from './scenario.js';
import type { DemoProduct } from './types.js';

/**
 * How the product mix and prices change over time. Weights change only on a handful of days (a planted
 * product stops, the last-30-days stories start), so each stretch between such days gets one picker.
 */
export class ProductTimeline {
  private readonly epochOfDay: Uint8Array;
  private readonly pickers: WeightedPicker[] = [];
  private readonly priceTables = new Map<number, Int32Array>();
  private readonly endYear: number;
  /** First day of the "last 30 days" stories (mover, falling category, price hike). */
  readonly recentStart: number;

  constructor(
    private readonly products: readonly DemoProduct[],
    private readonly startDay: number,
    endDay: number,
  ) {
    this.endYear = ymdOf(endDay).year;
    this.recentStart = endDay - PLANTED.recentDays + 1;
    const cuts = new Set<number>([this.recentStart]);
    for (const p of products) if (p.stopDay > startDay && p.stopDay <= endDay) cuts.add(p.stopDay);
    const sorted = [startDay, ...[...cuts].filter((c) => c > startDay).sort((a, b) => a - b)];
    this.epochOfDay = new Uint8Array(endDay - startDay + 1);
    sorted.forEach((from, e) => {
      const to = sorted[e + 1] ?? endDay + 1;
      this.epochOfDay.fill(e, from - startDay, to - startDay);
      this.pickers.push(new WeightedPicker(products.map((p) => this.weightOn(p, from))));
    });
  }

  private weightOn(p: DemoProduct, day: number): number {
    if (day >= p.stopDay) return 0;
    let w = p.weight;
    if (day >= this.recentStart) {
      if (p.name === PLANTED.topMover.name) w *= PLANTED.topMover.factor;
      if (p.category === PLANTED.fallingCategory.name) w *= PLANTED.fallingCategory.factor;
    }
    return w;
  }

  /** Picker for an order line's product on this day. */
  pickerOn(day: number): WeightedPicker {
    return this.pickers[this.epochOfDay[day - this.startDay]!]!;
  }

  /**
   * List prices (cents) in force on this day: products.csv prices deflated by the yearly increase for
   * each earlier year, and without the recent price hike before it started.
   */
  pricesOn(day: number): Int32Array {
    const yearsBack = this.endYear - ymdOf(day).year;
    const beforeHike = day < this.recentStart ? 1 : 0;
    const key = yearsBack * 2 + beforeHike;
    let table = this.priceTables.get(key);
    if (table === undefined) {
      const yearly = Math.pow(1 + PLANTED.yearlyPriceIncrease, yearsBack);
      table = Int32Array.from(this.products, (p) => {
        const hike = beforeHike === 1 && p.category === PLANTED.priceHike.category ? PLANTED.priceHike.factor : 1;
        return Math.round(p.priceCents / yearly / hike);
      });
      this.priceTables.set(key, table);
    }
    return table;
  }
}
