import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../lib/errors.js';
import { ACTIVITIES_HEADER, writeActivities } from './activities-stream.js';
import { tenderPlant } from './anomaly-plant.js';
import { buildCustomers, customerCount } from './build-customers.js';
import { buildProducts } from './build-products.js';
import { buildSalesmen } from './build-salesmen.js';
import { dayOfDate, isoDay, monthStartBefore } from './calendar.js';
import { CsvWriter } from './csv-writer.js';
import { dealRiskPlants, type PlantedDeal } from './deal-risk-plants.js';
import { LEADS_HEADER, writeLeads } from './leads-stream.js';
import { formatCents } from './money.js';
import { Rng } from './rng.js';
import { SALES_HEADER, writeSales } from './sales-stream.js';
import { demoTargets, TARGETS_HEADER } from './targets-plan.js';
import { DEFAULT_MONTHS, PLANTED } from './scenario.js';
import { DEMO_KINDS, type DemoWorld, type ImportKind } from './types.js';

export { DEFAULT_MONTHS };

export type { ImportKind } from './types.js';

export interface DemoDataOptions {
  /** Number of orders (each has 1–6 lines; about 3.3 on average), plus the planted tender (PLANTED.tender). */
  orders: number;
  seed: number;
  /** Last day of data: the calendar day named by the Date's UTC fields, e.g. `new Date('2025-06-30')`. */
  end: Date;
  /** Calendar months covered, counting the month of `end` (default 27: ≥ 24 complete months). */
  months?: number;
  outDir: string;
  /** Write `<kind>.csv.gz` instead of `<kind>.csv`. */
  gzip?: boolean;
}

/** Ids of what the demo data plants, so tests and docs can check that each report finds it. */
export interface PlantedFacts {
  underServedRegion: string;
  growthRegion: string;
  fallingCategory: string;
  topMoverProductId: string;
  stoppedProducts: { productId: string; noSalesFrom: string }[];
  discontinuedProductId: string;
  neverSoldProductIds: string[];
  noSalesSalesmanId: string;
  departedSalesmanId: string;
  bigAccountIds: string[];
  /** Repeat customers whose last order is 60–180 days before the end. */
  recentlyChurnedCustomerIds: string[];
  /** The planted deals at risk, one per reason (empty when the demo is too small to hold them). */
  dealRisk: { leadId: string; reason: PlantedDeal['reason']; salesmanId: string; customerId: string }[];
  /**
   * The planted anomaly (PLANTED.tender): a one-off tender order in the last complete ISO week, the week a
   * weekly anomaly check on the last day examines (`weekFrom`–`weekTo`). Null when the demo is too small.
   */
  tender: {
    orderId: string;
    day: string;
    weekFrom: string;
    weekTo: string;
    customerId: string;
    customerName: string;
    salesmanId: string;
    region: string;
    /** Currency units, net of discount. */
    amount: number;
  } | null;
}

export interface DemoDataResult {
  files: Record<ImportKind, string>;
  /**
   * The company's plan (`targets` kind): monthly revenue targets per salesman and region and a quarterly
   * company target around the last day. Apart from `files`: a plan is the company's own, not part of an
   * export, and everything that replays the six files works without it.
   */
  targetsFile: string;
  targets: number;
  /** Data rows per file (for sales: order lines). */
  counts: Record<ImportKind, number>;
  orders: number;
  /** First and last day of orders, YYYY-MM-DD (local calendar days). */
  from: string;
  to: string;
  planted: PlantedFacts;
}


function validate(opts: DemoDataOptions): void {
  if (!Number.isSafeInteger(opts.orders) || opts.orders < 1) throw new AppError('USAGE', `orders must be a positive whole number, got ${opts.orders}.`);
  if (!Number.isSafeInteger(opts.seed) || opts.seed < 0) throw new AppError('USAGE', `seed must be a whole number ≥ 0, got ${opts.seed}.`);
  const months = opts.months ?? DEFAULT_MONTHS;
  if (!Number.isInteger(months) || months < 1 || months > 240) throw new AppError('USAGE', `months must be a whole number from 1 to 240, got ${months}.`);
  if (Number.isNaN(opts.end.getTime())) throw new AppError('USAGE', 'end is not a valid date.');
}

/**
 * Writes a complete, realistic demo portal (the six import files) into `outDir`.
 *
 * Deterministic: the same (orders, seed, end, months) give byte-identical files, on any machine and in
 * any time zone (timestamps are local times without an offset; the importer reads them in SALES_TZ).
 * Orders stream to disk in time order with memory bounded by the number of customers.
 * See src/demo/scenario.ts for the patterns planted for each report.
 */
export async function generateDemoData(opts: DemoDataOptions): Promise<DemoDataResult> {
  validate(opts);
  const endDay = dayOfDate(opts.end);
  const startDay = monthStartBefore(endDay, (opts.months ?? DEFAULT_MONTHS) - 1);
  try {
    await mkdir(opts.outDir, { recursive: true });
  } catch (e) {
    throw new AppError('USAGE', `Cannot create the output folder ${opts.outDir}: ${(e as Error).message}`, { cause: e });
  }

  // One independent random stream per part, forked in a fixed order.
  const root = Rng.fromSeed(opts.seed);
  const [peopleRng, customerRng, productRng, salesRng, leadRng, activityRng] = Array.from({ length: 6 }, () => root.fork()) as [Rng, Rng, Rng, Rng, Rng, Rng];

  const salesmen = buildSalesmen(peopleRng, endDay);
  const customers = buildCustomers(customerRng, customerCount(opts.orders), salesmen, { startDay, endDay });
  const products = buildProducts(productRng, endDay);
  const world: DemoWorld = { startDay, endDay, salesmen, customers, products };

  const ext = opts.gzip ? '.csv.gz' : '.csv';
  const files = Object.fromEntries(DEMO_KINDS.map((k) => [k, join(opts.outDir, k + ext)])) as Record<ImportKind, string>;
  const counts = {} as Record<ImportKind, number>;
  const open = (kind: ImportKind, header: readonly string[]): CsvWriter => CsvWriter.create(files[kind], header, opts.gzip);
  const finish = async (kind: ImportKind, w: CsvWriter): Promise<void> => {
    await w.close();
    counts[kind] = w.rows;
  };

  const sw = open('salesmen', ['salesman_id', 'name', 'email', 'slack_user_id', 'region', 'manager_id', 'active']);
  for (const s of salesmen) sw.row([s.id, s.name, s.email, '', s.region, s.managerId, s.active ? 'true' : 'false']);
  await finish('salesmen', sw);

  const cw = open('customers', ['customer_id', 'name', 'email', 'city', 'region', 'country', 'latitude', 'longitude', 'salesman_id', 'created_at']);
  for (const c of customers) {
    const p = cw.row([c.id, c.name, c.email, c.city.name, c.region, c.city.country, c.city.latitude, c.city.longitude, salesmen[c.salesmanIdx]!.id, isoDay(c.createdDay)]);
    if (p) await p;
  }
  await finish('customers', cw);

  const pw = open('products', ['product_id', 'name', 'sku', 'category', 'unit_price', 'unit_cost', 'stock_qty', 'active']);
  for (const p of products) pw.row([p.id, p.name, p.sku, p.category, formatCents(p.priceCents), formatCents(p.costCents), p.stockQty, p.active ? 'true' : 'false']);
  await finish('products', pw);

  const plants = dealRiskPlants(world);
  const tender = tenderPlant(world, new Set(plants.deals.map((d) => d.customerId)));
  const salesWriter = open('sales', SALES_HEADER);
  const sales = await writeSales(world, salesRng, opts.orders, salesWriter, tender);
  await finish('sales', salesWriter);

  const targetsFile = join(opts.outDir, 'targets' + ext);
  const tw = CsvWriter.create(targetsFile, TARGETS_HEADER, opts.gzip);
  for (const row of demoTargets(salesmen, sales, endDay)) tw.row(row);
  await tw.close();

  const lw = open('leads', LEADS_HEADER);
  const leadCount = await writeLeads(world, leadRng, Math.max(50, Math.round(opts.orders / 12)), lw, plants.deals);
  await finish('leads', lw);
  // Leads, not rows: a lead that moved through several stages has a row per stage.
  counts.leads = leadCount;

  const aw = open('activities', ACTIVITIES_HEADER);
  await writeActivities(world, activityRng, Math.max(200, Math.round(opts.orders * 0.3)), sales, aw, plants.quietCustomerIds);
  await finish('activities', aw);

  const byName = (name: string): string => products.find((p) => p.name === name)!.id;
  return {
    files,
    targetsFile,
    targets: tw.rows,
    counts,
    orders: sales.orders,
    from: isoDay(startDay),
    to: isoDay(endDay),
    planted: {
      underServedRegion: PLANTED.underServedRegion,
      growthRegion: PLANTED.growthRegion,
      fallingCategory: PLANTED.fallingCategory.name,
      topMoverProductId: byName(PLANTED.topMover.name),
      stoppedProducts: PLANTED.stoppedProducts.map((s) => ({ productId: byName(s.name), noSalesFrom: isoDay(endDay - s.daysBefore + 1) })),
      discontinuedProductId: byName(PLANTED.discontinued.name),
      neverSoldProductIds: PLANTED.neverSold.map(byName),
      noSalesSalesmanId: salesmen.find((s) => s.hiredDay !== null)!.id,
      departedSalesmanId: salesmen.find((s) => s.leftDay !== null)!.id,
      bigAccountIds: customers.filter((c) => c.kind === 'big').map((c) => c.id),
      dealRisk: plants.deals.map((d) => ({ leadId: d.leadId, reason: d.reason, salesmanId: d.salesmanId, customerId: d.customerId })),
      tender:
        sales.tender && tender
          ? {
              orderId: sales.tender.orderId,
              day: isoDay(sales.tender.day),
              weekFrom: isoDay(tender.weekFrom),
              weekTo: isoDay(tender.weekTo),
              customerId: customers[sales.tender.customerIdx]!.id,
              customerName: customers[sales.tender.customerIdx]!.name,
              salesmanId: salesmen[sales.tender.salesmanIdx]!.id,
              region: customers[sales.tender.customerIdx]!.region,
              amount: sales.tender.amount,
            }
          : null,
      recentlyChurnedCustomerIds: customers.filter((c) => c.churnDay <= endDay && c.churnDay > endDay - PLANTED.recentChurn.maxDaysBefore - 1).map((c) => c.id),
    },
  };
}
