import { dayNumber, isoDay } from '../../analytics/calendar-day.js';
import { priceVolumeMix } from '../../analytics/price-volume-mix.js';
import { whyDrivers, type MemberRevenueRow } from '../../analytics/revenue-drivers.js';
import { breaksOfCounts, rfmSegmentIndex, RFM_SEGMENTS } from '../../analytics/rfm.js';
import { customerHistory, dimensionPeriods, regionPeriods, type CustomerHistory, type TwoPeriods } from '../../db/queries/revenue-change.js';
import { AppError } from '../../lib/errors.js';
import { formatMoney, formatPercent, formatSignedMoney, formatSignedPercent } from '../../lib/format.js';
import type { ReportView } from '../../views/report-view.js';
import { capped } from '../report-context.js';
import type { ReportContext, ReportEnvelope } from '../report-module.js';

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

/** Units of 1/10,000 of the currency unit per currency unit (see `CustomerHistory`). */
const E4 = 10_000;

/**
 * Revenue of both periods per RFM segment (plus {@link NEW_CUSTOMER_SEGMENT}) from the customers'
 * history ({@link CustomerHistory}): the breaks from the histograms of recency (days from the last
 * order to `dayBefore`) and frequency over every customer with history, then each group of buyers
 * binned. Sums are exact (whole 1/10,000 units) and converted once, so they do not depend on row order.
 * Segments without a buyer in the periods are absent.
 */
function segmentPeriods(history: CustomerHistory, dayBefore: string): Map<string, MemberRevenueRow> {
  const asOfDay = dayNumber(dayBefore);
  const breaks = (histogram: readonly { value: number; customers: number }[]) => {
    const sorted = [...histogram].sort((x, y) => x.value - y.value);
    return breaksOfCounts(
      sorted.map((h) => h.value),
      sorted.map((h) => h.customers),
    );
  };
  const rb = breaks(history.recency.map((h) => ({ value: asOfDay - h.value, customers: h.customers })));
  const fb = breaks(history.frequency);
  const NEW = RFM_SEGMENTS.length; // index of the new-customer segment
  const previous = new Float64Array(NEW + 1);
  const current = new Float64Array(NEW + 1);
  const buyers = new Float64Array(NEW + 1);
  for (const g of history.buyers) {
    if (g.buyers === 0) continue;
    const s = g.lastOrderDay === null || g.orders === null ? NEW : rfmSegmentIndex(asOfDay - g.lastOrderDay, g.orders, rb, fb);
    previous[s]! += g.previousE4;
    current[s]! += g.currentE4;
    buyers[s]! += g.buyers;
  }
  const out = new Map<string, MemberRevenueRow>();
  [...RFM_SEGMENTS, NEW_CUSTOMER_SEGMENT].forEach((member, s) => {
    if (buyers[s]! > 0) out.set(member, { member, previous: previous[s]! / E4, current: current[s]! / E4 });
  });
  return out;
}

/**
 * Revenue change between two periods attributed to regions (customer's region), categories, salesmen
 * (who sold the line), products and RFM segments. The segment of a customer is their RFM segment as
 * of the day before the current period starts, scored over all customers' full history up to then
 * (customers with no earlier order are "First order in period"); it is a property of the customer, so
 * it is computed without the request's member filters. Products, categories, salesmen and regions come
 * from `daily_sales` when it covers the filter (else order lines aggregated in SQL); segments from
 * per-customer revenue of the two periods (`customer_day` when it serves the filter, else order lines)
 * grouped in SQL by what the segment depends on, so no per-customer row reaches the application.
 * Every member's revenue is an exact sum (SQL numeric, or whole 1/10,000 units for segments) and
 * totals are summed over members in a fixed order, so the same data always gives the same numbers
 * and members whose changes are equal tie exactly (ordered by dimension, then member).
 */
export async function computeWhy(ctx: ReportContext): Promise<WhyReport> {
  const p = whyPeriods(ctx);
  const dayBefore = isoDay(dayNumber(p.currentFrom) - 1);
  const [members, regions, history] = await Promise.all([
    dimensionPeriods(ctx.database, ctx.lines, p),
    regionPeriods(ctx.database, ctx.lines, p),
    customerHistory(ctx.database, ctx.lines, p),
  ]);

  const dims = new Map<string, Map<string, MemberRevenueRow>>(WHY_DIMENSIONS.map((d) => [d, new Map()]));
  const names = new Map<string, string>();
  // Members in a fixed order (the report's totals are sums over them): products by id, the rest by name.
  const byKey = (x: { key: string | null }, y: { key: string | null }): number => ((x.key ?? '') < (y.key ?? '') ? -1 : (x.key ?? '') > (y.key ?? '') ? 1 : 0);
  const ordered = members.map((r) => ({ ...r, key: r.member })).sort((x, y) => (x.id ?? 0) - (y.id ?? 0) || byKey(x, y));
  for (const r of ordered) {
    add(dims.get(r.dimension)!, r.member ?? NONE, r.previousRevenue, r.currentRevenue);
    if (r.dimension !== 'category' && r.member !== null) names.set(`${r.dimension}\u0000${r.member}`, r.name ?? '');
  }
  for (const r of regions.map((x) => ({ ...x, key: x.region })).sort(byKey)) add(dims.get('region')!, r.region ?? NONE, r.previous, r.current);
  dims.set('segment', segmentPeriods(history, dayBefore));
  const result = whyDrivers(WHY_DIMENSIONS.map((d) => ({ dimension: d, rows: [...dims.get(d)!.values()] })));

  const products = ordered.filter((r) => r.dimension === 'product');
  const productIds = new Map(products.map((r) => [r.id!, { productId: r.member!, name: r.name ?? '' }]));
  const perProduct = products.map((r) => ({
    productId: r.id!,
    previousRevenue: r.previousRevenue,
    previousQuantity: r.previousQuantity,
    currentRevenue: r.currentRevenue,
    currentQuantity: r.currentQuantity,
  }));
  const pvm = priceVolumeMix(perProduct);

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

// formatSignedMoney: one minus sign (hyphen-minus) for every view, see lib/format.ts.
const signed = formatSignedMoney;

export function whyView(r: WhyReport & ReportEnvelope): ReportView {
  const pc = r.periods;
  const m = r.priceVolumeMix;
  return {
    title: `Why revenue changed · ${pc.current.from}…${pc.current.to} vs ${pc.previous.from}…${pc.previous.to}`,
    keyFigures: [
      { label: 'Revenue', value: `${formatMoney(r.current)} vs ${formatMoney(r.previous)} (${signed(r.delta)}${r.previous ? `, ${formatSignedPercent(r.delta / r.previous)}` : ''})` },
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
    export: {
      // member_id: the portal id of a salesman or product, the name itself for regions, categories and segments.
      columns: ['dimension', 'member_id', 'member', 'previous', 'current', 'delta', 'share'],
      rows: r.drivers.map((d) => [d.dimension, d.member, d.name, d.previous, d.current, d.delta, d.share]),
    },
  };
}

export function periodOption(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 3660) throw new AppError('USAGE', `--period must be a whole number of days (1–3660), got "${v}".`);
  return n;
}

