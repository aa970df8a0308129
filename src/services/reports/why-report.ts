import { dayNumber, isoDay } from '../../analytics/calendar-day.js';
import { priceVolumeMix } from '../../analytics/price-volume-mix.js';
import { whyDrivers, type MemberRevenueRow } from '../../analytics/revenue-drivers.js';
import { rfm } from '../../analytics/rfm.js';
import { customerHistoryBefore, customerPeriods, productSalesmanPeriods, type TwoPeriods } from '../../db/queries/revenue-change.js';
import { AppError } from '../../lib/errors.js';
import { formatMoney, formatPercent } from '../../lib/format.js';
import type { ReportView } from '../../views/report-view.js';
import { capped } from './run-report.js';
import type { ReportContext, ReportDefinition, ReportEnvelope } from './report-types.js';

export const DEFAULT_WHY_DAYS = 30;
/** Segment of customers with no order before the current period. */
export const NEW_CUSTOMER_SEGMENT = 'First order in period';
const NONE = '(none)';

export const WHY_DIMENSIONS = ['region', 'category', 'salesman', 'product', 'segment'] as const;

export interface WhyDriver {
  dimension: (typeof WHY_DIMENSIONS)[number];
  /** Region / category / segment name, or the portal id of a salesman or product. */
  member: string;
  /** Display name (the member itself for names). */
  name: string;
  previous: number;
  current: number;
  /** current − previous revenue of this member. */
  delta: number;
  /** delta ÷ total delta (of the dimension); null when the total did not change. Shares of one dimension sum to 1. */
  share: number | null;
}

export interface WhyReport {
  periods: { current: { from: string; to: string }; previous: { from: string; to: string } };
  /** Revenue of the current and previous period and the change. */
  current: number;
  previous: number;
  delta: number;
  /** All dimensions merged, |delta| desc; capped by --limit. */
  drivers: WhyDriver[];
  /** Sum over products (see analytics/price-volume-mix): price + volume + mix + other = delta. */
  priceVolumeMix: {
    price: number;
    volume: number;
    mix: number;
    other: number;
    newProductsRevenue: number;
    lostProductsRevenue: number;
    products: { productId: string; name: string; previous: number; current: number; delta: number; price: number; volume: number; mix: number; other: number; status: string }[];
  };
}

/**
 * The two periods: the request's window (`from:`/`last:` … `to:`) as the current period when it has a
 * start, else the `--period` days (default 30) ending on the period's last day; previous = the same
 * number of days right before.
 */
export function whyPeriods(ctx: ReportContext): TwoPeriods & { days: number } {
  const optDays = ctx.options.period as number | undefined;
  if (optDays !== undefined && ctx.period.from !== undefined) {
    throw new AppError('USAGE', 'Give either --period <days> or from:/last: for the current period, not both.');
  }
  const to = ctx.period.to;
  const t = dayNumber(to);
  const currentFrom = ctx.period.from ?? isoDay(t - ((optDays ?? DEFAULT_WHY_DAYS) - 1));
  const days = t - dayNumber(currentFrom) + 1;
  return { previousFrom: isoDay(dayNumber(currentFrom) - days), currentFrom, to, days };
}

function add(map: Map<string, MemberRevenueRow>, member: string, previous: number, current: number): void {
  const m = map.get(member);
  if (m) {
    m.previous += previous;
    m.current += current;
  } else map.set(member, { member, previous, current });
}

/**
 * Revenue change between two periods attributed to regions (customer's region), categories, salesmen
 * (who sold the line), products and RFM segments. The segment of a customer is their RFM segment as
 * of the day before the current period starts, scored over all customers' full history up to then
 * (customers with no earlier order are "First order in period"); it is a property of the customer, so
 * it is computed without the request's member filters. Products, categories and salesmen come from
 * `daily_sales` when it covers the filter; regions and segments from per-customer revenue of the two
 * periods (`customer_day` when it serves the filter, else order lines aggregated in SQL).
 */
export async function computeWhy(ctx: ReportContext): Promise<WhyReport> {
  const p = whyPeriods(ctx);
  const dayBefore = isoDay(dayNumber(p.currentFrom) - 1);
  const [products, customers, history] = await Promise.all([
    productSalesmanPeriods(ctx.database, ctx.lines, p),
    customerPeriods(ctx.database, ctx.lines, p),
    customerHistoryBefore(ctx.database, p.currentFrom, ctx.timeZone),
  ]);

  const dims = new Map<string, Map<string, MemberRevenueRow>>(WHY_DIMENSIONS.map((d) => [d, new Map()]));
  const names = new Map<string, string>();
  for (const r of products) {
    add(dims.get('product')!, r.productId, r.previousRevenue, r.currentRevenue);
    add(dims.get('category')!, r.category ?? NONE, r.previousRevenue, r.currentRevenue);
    add(dims.get('salesman')!, r.salesmanId ?? NONE, r.previousRevenue, r.currentRevenue);
    names.set(`product\u0000${r.productId}`, r.productName);
    if (r.salesmanId !== null) names.set(`salesman\u0000${r.salesmanId}`, r.salesmanName ?? '');
  }
  const scored = rfm(history, dayBefore);
  const segmentOf = new Map(scored.customers.map((c) => [String(c.customerId), c.segment as string]));
  for (const c of customers) {
    add(dims.get('region')!, c.region ?? NONE, c.previous, c.current);
    add(dims.get('segment')!, segmentOf.get(c.customerId) ?? NEW_CUSTOMER_SEGMENT, c.previous, c.current);
  }
  const result = whyDrivers(WHY_DIMENSIONS.map((d) => ({ dimension: d, rows: [...dims.get(d)!.values()] })));

  // PVM needs one row per product: fold the salesman split away.
  const perProduct = new Map<number, { productId: number; previousRevenue: number; previousQuantity: number; currentRevenue: number; currentQuantity: number }>();
  const productIds = new Map<number, { productId: string; name: string }>();
  for (const r of products) {
    const x = perProduct.get(r.id) ?? { productId: r.id, previousRevenue: 0, previousQuantity: 0, currentRevenue: 0, currentQuantity: 0 };
    x.previousRevenue += r.previousRevenue;
    x.previousQuantity += r.previousQuantity;
    x.currentRevenue += r.currentRevenue;
    x.currentQuantity += r.currentQuantity;
    perProduct.set(r.id, x);
    productIds.set(r.id, { productId: r.productId, name: r.productName });
  }
  const pvm = priceVolumeMix([...perProduct.values()]);

  return {
    periods: { current: { from: p.currentFrom, to: p.to }, previous: { from: p.previousFrom, to: dayBefore } },
    current: result.current,
    previous: result.previous,
    delta: result.delta,
    drivers: capped(result.drivers, ctx.limit).map((d) => ({
      dimension: d.dimension as WhyDriver['dimension'],
      member: d.member,
      name: names.get(`${d.dimension}\u0000${d.member}`) ?? d.member,
      previous: d.previous,
      current: d.current,
      delta: d.delta,
      share: d.share,
    })),
    priceVolumeMix: {
      price: pvm.price,
      volume: pvm.volume,
      mix: pvm.mix,
      other: pvm.other,
      newProductsRevenue: pvm.newProductsRevenue,
      lostProductsRevenue: pvm.lostProductsRevenue,
      products: capped(pvm.products, ctx.limit).map(({ productId, ...rest }) => ({ ...rest, ...productIds.get(productId)! })),
    },
  };
}

const signed = (x: number): string => (x > 0 ? '+' : x < 0 ? '−' : '') + formatMoney(Math.abs(x));

export function whyView(r: WhyReport & ReportEnvelope): ReportView {
  const pc = r.periods;
  const m = r.priceVolumeMix;
  return {
    title: `Why revenue changed · ${pc.current.from}…${pc.current.to} vs ${pc.previous.from}…${pc.previous.to}`,
    keyFigures: [
      { label: 'Revenue', value: `${formatMoney(r.current)} vs ${formatMoney(r.previous)} (${signed(r.delta)}${r.previous ? `, ${formatPercent(r.delta / r.previous)}` : ''})` },
      { label: 'Price / volume / mix', value: `${signed(m.price)} / ${signed(m.volume)} / ${signed(m.mix)}${Math.abs(m.other) >= 0.5 ? ` (other ${signed(m.other)})` : ''}` },
    ],
    columns: [{ label: 'dimension' }, { label: 'member' }, { label: 'previous', align: 'r' }, { label: 'current', align: 'r' }, { label: 'delta', align: 'r' }, { label: 'share', align: 'r' }],
    rows: r.drivers.map((d) => [
      d.dimension,
      d.name === d.member ? d.member : `${d.name} [${d.member}]`,
      formatMoney(d.previous),
      formatMoney(d.current),
      signed(d.delta),
      d.share === null ? '—' : formatPercent(d.share),
    ]),
    notes: r.current === 0 && r.previous === 0 ? ['No revenue in either period.'] : r.delta === 0 ? ['Revenue did not change; shares are undefined.'] : [],
  };
}

function periodOption(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 3660) throw new AppError('USAGE', `--period must be a whole number of days (1–3660), got "${v}".`);
  return n;
}

export const whyReport: ReportDefinition<WhyReport> = {
  name: 'why',
  title: 'Why revenue changed',
  summary: 'revenue change vs the previous period by region, category, salesman, product and RFM segment; price/volume/mix',
  options: [
    {
      key: 'period',
      flag: '--period <days>',
      description: `length of the current period ending on the as-of day (default ${DEFAULT_WHY_DAYS}); or use from:/last:`,
      parse: periodOption,
    },
  ],
  run: computeWhy,
  view: whyView,
};
