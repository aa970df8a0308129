import { abcXyz, type AbcClass, type XyzClass } from '../../analytics/abc-xyz.js';
import { dayNumber } from '../../analytics/calendar-day.js';
import { firstSaleDay, productWeeklySales } from '../../db/queries/abc.js';
import { formatMoney, formatPercent, countOf } from '../../lib/format.js';
import type { ReportView } from '../../views/report-view.js';
import { capped } from '../report-context.js';
import type { ReportContext, ReportEnvelope } from '../report-module.js';

export interface AbcReportProduct {
  /** Portal id. */
  productId: string;
  name: string;
  category: string | null;
  revenue: number;
  units: number;
  share: number;
  cumulativeShare: number;
  class: AbcClass;
  /** Coefficient of variation of weekly units (null: no positive demand). */
  cv: number | null;
  xyz: XyzClass | null;
  abcXyz: string | null;
}

export interface AbcReport {
  /** The window actually used: without `from:` it starts on the first day with sales. */
  period: { from: string; to: string };
  /** Weeks of the window (7-day blocks counted back from `to`; the oldest may be shorter). */
  weeks: number;
  productCount: number;
  totalRevenue: number;
  summary: { A: number; B: number; C: number };
  revenueByClass: { A: number; B: number; C: number };
  xyzSummary: { X: number; Y: number; Z: number };
  products: AbcReportProduct[];
}

/** Code-unit order of portal ids, the documented tie-break (analytics.md: "ties by product id"). */
function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * ABC by revenue in the window and XYZ by weekly demand (analytics/abc-xyz.ts).
 *
 * - Window: the report period; without `from:` it starts on the first day with any sale, so "all
 *   history" has a definite number of weeks.
 * - Weeks: 7-day blocks counted back from the window's last day; weeks without sales count as 0 units,
 *   so weeks = ⌊(to − from) / 7⌋ + 1. Only the oldest week can be short (a window that is not a whole
 *   number of weeks); it still counts as one observation.
 * - Listed: every active product of the category filter (unsold → revenue 0, class C, XYZ Z) plus any
 *   product sold in the window; nobody when nothing sold in the window but the data has sales (the
 *   envelope's data note says where they are). Region/customer/salesman filters restrict the sales, not the catalogue.
 * - Refunds (negative amounts/quantities) net out within their product and week.
 */
export async function computeAbc(ctx: ReportContext): Promise<AbcReport> {
  const to = ctx.period.to;
  let from = ctx.period.from ?? (await firstSaleDay(ctx.database)) ?? to;
  if (from > to) from = to;
  const weeks = Math.floor((dayNumber(to) - dayNumber(from)) / 7) + 1;
  const all = await productWeeklySales(ctx.database, { ...ctx.lines, from, to });
  // A window where nothing sold while the data has sales elsewhere lists nothing: a catalogue of zeros
  // would read as "every product is C"; the envelope's data note says where the data is instead.
  const nothingSold = ctx.dataRange != null && all.every((r) => r.revenue === 0 && r.units === 0 && r.weeklyUnits.every((u) => u === 0));
  const rows = nothingSold ? [] : all;
  rows.sort((a, b) => byId(a.productId, b.productId));
  // abcXyz breaks revenue ties by a numeric id: the position in portal-id order gives the same order.
  const result = abcXyz(
    rows.map((r, i) => ({ productId: i, revenue: r.revenue, weeklyUnits: r.weeklyUnits })),
    { weeks },
  );
  const products = result.products.map((p): AbcReportProduct => {
    const r = rows[p.productId]!;
    return {
      productId: r.productId,
      name: r.name,
      category: r.category,
      revenue: p.revenue,
      units: r.units,
      share: p.share,
      cumulativeShare: p.cumulativeShare,
      class: p.class,
      cv: p.cv,
      xyz: p.xyz,
      abcXyz: p.abcXyz,
    };
  });
  return {
    period: { from, to },
    weeks,
    productCount: products.length,
    totalRevenue: result.totalRevenue,
    summary: result.summary,
    revenueByClass: result.revenueByClass,
    xyzSummary: result.xyzSummary,
    products: capped(products, ctx.limit),
  };
}

export function abcView(r: AbcReport & ReportEnvelope): ReportView {
  const positive = r.revenueByClass.A + r.revenueByClass.B + r.revenueByClass.C;
  const classFigure = (c: 'A' | 'B' | 'C') =>
    `${countOf(r.summary[c], 'product')}${positive > 0 ? ` · ${formatPercent(r.revenueByClass[c] / positive)} of revenue` : ''}`;
  const notes: string[] = [];
  if (r.productCount === 0) notes.push('No products match these filters.');
  else if (r.totalRevenue === 0) notes.push('No revenue in this window: every product is class C.');
  const cutNote = r.products.length < r.productCount ? `Top ${r.products.length} of ${countOf(r.productCount, 'product')}; --limit 0 for all.` : undefined;
  notes.push('XYZ: weekly units CV ≤ 0.5 X (steady), ≤ 1.0 Y, above Z (erratic or no demand).');
  return {
    title: `ABC/XYZ products · ${r.period.from} to ${r.period.to} (${countOf(r.weeks, 'week')})`,
    keyFigures: [
      { label: 'Revenue', value: formatMoney(r.totalRevenue) },
      { label: 'A (top 80%)', value: classFigure('A') },
      { label: 'B (next 15%)', value: classFigure('B') },
      { label: 'C (rest)', value: classFigure('C') },
    ],
    columns: [
      { label: 'product' },
      { label: 'name' },
      { label: 'revenue', align: 'r' },
      { label: 'share', align: 'r' },
      { label: 'cum.', align: 'r' },
      { label: 'class' },
      { label: 'cv', align: 'r' },
    ],
    rows: r.products.map((p) => [
      p.productId,
      p.name,
      formatMoney(p.revenue),
      formatPercent(p.share),
      formatPercent(p.cumulativeShare),
      p.abcXyz ?? p.class,
      p.cv === null ? '—' : p.cv.toFixed(2),
    ]),
    notes,
    totalRows: r.productCount,
    ...(cutNote ? { cutNote } : {}),
    export: {
      columns: ['product_id', 'product', 'category', 'revenue', 'units', 'share', 'cumulative_share', 'class', 'xyz', 'cv'],
      rows: r.products.map((p) => [p.productId, p.name, p.category, p.revenue, p.units, p.share, p.cumulativeShare, p.class, p.xyz, p.cv]),
    },
  };
}

