import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Rng, WeightedPicker } from '../../src/demo/rng.js';
import { LineWriter, writeLines } from '../lib/line-writer.js';
import { gamma, geometric, zipfPicker } from './samplers.js';
import type { Shape } from './shape.js';
import type { ShapeFiles } from './shape-files.js';

const REGION_NAMES = ['North', 'South', 'East', 'West', 'Central', 'North East', 'North West', 'South East', 'South West', 'Islands'];
/** Monday … Sunday order volume relative to the mean day (B2B: weekdays busy, Sunday nearly closed). */
const WEEKDAY_WEIGHT = [1.2, 1.2, 1.2, 1.2, 1.1, 0.7, 0.4];
const SALES_HEADER = 'order_id,ordered_at,customer_id,salesman_id,product_id,quantity,unit_price,discount';

const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const dayText = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function regionName(i: number): string {
  return REGION_NAMES[i] ?? `Region ${i + 1}`;
}

/** Categories: about one per 100 products, 5 to 60. */
export function categoryCount(products: number): number {
  return Math.min(60, Math.max(5, Math.round(products / 100)));
}

/**
 * Writes salesmen, customers, products and sales CSVs of `shape` into `dir`, streaming (memory: a few
 * typed arrays per customer and product). Sales run day by day from `years` before `end` to `end`; the
 * last day goes to its own file. Each customer orders at a gamma-distributed rate, each order picks its
 * products by Zipf popularity, each customer belongs to one salesman (books of uneven size) and takes
 * the salesman's region. Deterministic for a seed.
 */
export async function generateShape(shape: Shape, dir: string, end: string): Promise<ShapeFiles> {
  mkdirSync(dir, { recursive: true });
  const root = Rng.fromSeed(shape.seed);
  const people = root.fork();
  const catalogue = root.fork();
  const orders = root.fork();
  const idW = (n: number): number => String(n).length;

  // Salesmen: region by turn; book sizes uneven (gamma shape 2).
  const sw = idW(shape.salesmen);
  const salesmanId = (i: number): string => `S${pad(i + 1, sw)}`;
  await writeLines(join(dir, 'salesmen.csv'), 'salesman_id,name,email,slack_user_id,region', shape.salesmen, (i) =>
    [salesmanId(i), `Salesman ${i + 1}`, `s${i + 1}@example.com`, `U${salesmanId(i)}`, regionName(i % shape.regions)].join(','),
  );
  const books = new WeightedPicker(Float64Array.from({ length: shape.salesmen }, () => gamma(people, 2)));

  // Customers: owner, city in the owner's region, purchase rate.
  const cw = idW(shape.customers);
  const customerId = (i: number): string => `C${pad(i + 1, cw)}`;
  const owner = new Int32Array(shape.customers);
  const rate = new Float64Array(shape.customers);
  await writeLines(join(dir, 'customers.csv'), 'customer_id,name,city,region,salesman_id', shape.customers, (i) => {
    const s = books.pick(people);
    owner[i] = s;
    rate[i] = gamma(people, shape.rateShape);
    const region = regionName(s % shape.regions);
    return [customerId(i), `Customer ${i + 1}`, `${region} City ${1 + people.int(0, 19)}`, region, salesmanId(s)].join(',');
  });
  const buyer = new WeightedPicker(rate);

  // Products: list price, category; popularity is the rank (P1 sells best), categories mix ranks.
  const pw = idW(shape.products);
  const productId = (i: number): string => `P${pad(i + 1, pw)}`;
  const categories = categoryCount(shape.products);
  const price = new Float64Array(shape.products);
  await writeLines(join(dir, 'products.csv'), 'product_id,name,category,unit_price,unit_cost', shape.products, (i) => {
    price[i] = Math.round((2 + gamma(catalogue, 1.5, 40)) * 100) / 100;
    return [productId(i), `Product ${i + 1}`, `Category ${1 + (i % categories)}`, price[i]!.toFixed(2), (price[i]! * 0.6).toFixed(2)].join(',');
  });
  const popularity = zipfPicker(shape.products, shape.zipf);

  // Sales, day by day: expected orders per day from the line target and the mean basket.
  const endMs = Date.parse(`${end}T00:00:00Z`);
  const days = Math.round(shape.years * 365);
  const startMs = endMs - (days - 1) * 86_400_000;
  const ordersPerDay = shape.lines / shape.basket / days;
  const history = new LineWriter(join(dir, 'sales-history.csv'), SALES_HEADER);
  const lastDay = new LineWriter(join(dir, 'sales-last-day.csv'), SALES_HEADER);
  let order = 0;
  const inOrder = new Set<number>();
  for (let d = 0; d < days; d++) {
    const ms = startMs + d * 86_400_000;
    const out = d === days - 1 ? lastDay : history;
    const weekday = (new Date(ms).getUTCDay() + 6) % 7;
    // The one more day is an ordinary working day whatever its weekday, and never empty.
    const count = out === lastDay ? Math.max(1, orders.poisson(ordersPerDay)) : orders.poisson(ordersPerDay * WEEKDAY_WEIGHT[weekday]!);
    const day = dayText(ms);
    for (let k = 0; k < count; k++) {
      order++;
      const c = buyer.pick(orders);
      const when = `${day}T${pad(orders.int(7, 18), 2)}:${pad(orders.int(0, 59), 2)}:${pad(orders.int(0, 59), 2)}`;
      const discount = orders.chance(0.15) ? (orders.chance(0.5) ? '0.05' : '0.1') : '';
      const lines = geometric(orders, shape.basket);
      inOrder.clear();
      for (let l = 0; l < lines && inOrder.size < shape.products; l++) {
        // Distinct products per order: a few redraws, then the line is dropped (tiny catalogues only).
        let p = popularity.pick(orders);
        for (let t = 0; t < 5 && inOrder.has(p); t++) p = popularity.pick(orders);
        if (inOrder.has(p)) continue;
        inOrder.add(p);
        await out.write(`O${order},${when},${customerId(c)},${salesmanId(owner[c]!)},${productId(p)},${geometric(orders, 3)},${price[p]!.toFixed(2)},${discount}`);
      }
    }
  }
  await history.close();
  await lastDay.close();
  return {
    dir,
    sides: [
      { kind: 'salesmen', path: join(dir, 'salesmen.csv'), rows: shape.salesmen },
      { kind: 'customers', path: join(dir, 'customers.csv'), rows: shape.customers },
      { kind: 'products', path: join(dir, 'products.csv'), rows: shape.products },
    ],
    history: history.path,
    historyLines: history.lines,
    lastDay: lastDay.path,
    lastDayLines: lastDay.lines,
    from: dayText(startMs),
    to: end,
  };
}
