import { slowMovers } from '../../analytics/slow-movers.js';
import { productLastSales } from '../../db/queries/slow-movers.js';
import { formatInt, formatMoney, countOf } from '../../lib/format.js';
import type { ReportView } from '../../views/report-view.js';
import { capped } from '../report-context.js';
import type { ReportContext, ReportEnvelope } from '../report-module.js';

export interface SlowReportProduct {
  /** Portal id. */
  productId: string;
  name: string;
  category: string | null;
  /** Business day of the last sale on or before `referenceDay`; null = never sold (in scope). */
  lastSoldAt: string | null;
  /** Calendar days from the last sale to `referenceDay`; null = never sold. */
  daysSinceSale: number | null;
  stockQty: number | null;
  /** stock × unit cost (unit price when the cost is unknown); null when unknown. */
  stockValue: number | null;
}

export interface SlowReport {
  /** Day the ages are measured to: the as-of day, or `to:` when it is earlier. */
  referenceDay: string;
  /** Active products considered (after the category filter). */
  productCount: number;
  /** Products without a sale in the last 30 / 60 / 90 days (cumulative: d30 ⊇ d60 ⊇ d90). */
  buckets: { d30: number; d60: number; d90: number };
  /** Known stock value tied up in each bucket. */
  stockValue: { d30: number; d60: number; d90: number };
  /** The d30 products: never sold first, then longest without a sale, then stock value. */
  products: SlowReportProduct[];
}

/**
 * Slow movers (analytics/slow-movers.ts): active products with no sale in the 30/60/90 days up to the
 * reference day (the as-of day, or `to:` when earlier), never-sold products included.
 *
 * - "Last sale" is the last line with positive quantity on or before the reference day: a sale after
 *   as-of does not count, and a refund is not a sale.
 * - Category filters the products. Region, customer and salesman filters (and a salesman's own scope)
 *   mean "last sale within that scope": a product selling elsewhere but not to region North is slow
 *   for North. `from:` is ignored: the whole history up to the reference day decides the last sale.
 */
export async function computeSlow(ctx: ReportContext): Promise<SlowReport> {
  const referenceDay = ctx.period.to;
  const rows = await productLastSales(ctx.database, ctx.lines, referenceDay);
  rows.sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
  // slowMovers breaks ties by a numeric id: the position in portal-id order keeps portal-id order.
  const result = slowMovers(
    rows.map((r, i) => ({ productId: i, lastSoldDay: r.lastSoldDay, stockQty: r.stockQty, unitCost: r.unitCost, unitPrice: r.unitPrice })),
    referenceDay,
  );
  const products = result.products.map((p): SlowReportProduct => {
    const r = rows[p.productId]!;
    return {
      productId: r.productId,
      name: r.name,
      category: r.category,
      lastSoldAt: p.lastSoldAt,
      daysSinceSale: p.daysSinceSale,
      stockQty: p.stockQty,
      stockValue: p.stockValue,
    };
  });
  return {
    referenceDay,
    productCount: rows.length,
    buckets: result.buckets,
    stockValue: result.stockValue,
    products: capped(products, ctx.limit),
  };
}

export function slowView(r: SlowReport & ReportEnvelope): ReportView {
  const notes: string[] = [];
  if (r.productCount === 0) notes.push('No active products match these filters.');
  else if (r.buckets.d30 === 0) notes.push('Every active product sold in the last 30 days.');
  const cutNote = r.products.length < r.buckets.d30 ? `Top ${r.products.length} of ${countOf(r.buckets.d30, 'slow product')}; --limit 0 for all.` : undefined;
  const bucket = (k: 'd30' | 'd60' | 'd90') => `${countOf(r.buckets[k], 'product')} · stock ${formatMoney(r.stockValue[k])}`;
  return {
    title: `Slow movers · as of ${r.referenceDay}`,
    keyFigures: [
      { label: 'Active products', value: formatInt(r.productCount) },
      { label: 'No sale in 30 days', value: bucket('d30') },
      { label: 'No sale in 60 days', value: bucket('d60') },
      { label: 'No sale in 90 days', value: bucket('d90') },
    ],
    columns: [
      { label: 'product' },
      { label: 'name' },
      { label: 'last sold' },
      { label: 'days', align: 'r' },
      { label: 'stock', align: 'r' },
      { label: 'stock value', align: 'r' },
    ],
    rows: r.products.map((p) => [
      p.productId,
      p.name,
      p.lastSoldAt ?? 'never',
      p.daysSinceSale === null ? '—' : formatInt(p.daysSinceSale),
      p.stockQty === null ? '—' : formatInt(p.stockQty),
      p.stockValue === null ? '—' : formatMoney(p.stockValue),
    ]),
    notes,
    totalRows: r.buckets.d30,
    ...(cutNote ? { cutNote } : {}),
    export: {
      columns: ['product_id', 'product', 'category', 'last_sold', 'days_since_sale', 'stock_qty', 'stock_value'],
      rows: r.products.map((p) => [p.productId, p.name, p.category, p.lastSoldAt, p.daysSinceSale, p.stockQty, p.stockValue]),
    },
  };
}

