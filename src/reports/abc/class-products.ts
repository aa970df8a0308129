import type { AbcClass, XyzClass } from '../../analytics/abc-xyz.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import { formatInt, formatMoney, formatPercent } from '../../lib/format.js';
import { computeAbc, type AbcReportProduct } from './abc-report.js';
import { buildContext } from '../run-report.js';
import type { ReportScope } from '../report-module.js';
import { pageBounds, pageNote, pageOf, type DrillRequest, type DrillResult } from '../drill-types.js';

export interface ClassProductsData {
  /** The class asked for: "A", or an ABC×XYZ cell such as "AX". */
  class: string;
  period: { from: string; to: string };
  weeks: number;
  /** Revenue of every product in the view and of the class (whole class, not only this page). */
  totalRevenue: number;
  classRevenue: number;
  /** Class revenue ÷ total revenue; null when the total is not positive. */
  classShare: number | null;
  productCount: number;
  /** This page, revenue desc (the abc report's order). */
  products: AbcReportProduct[];
}

/** "a", "A" or "ax" → { abc: 'A', xyz?: 'X' }. */
export function parseClass(key: string): { abc: AbcClass; xyz?: XyzClass } {
  const m = /^\s*([abc])([xyz])?\s*$/i.exec(key);
  if (!m) throw new AppError('NOT_FOUND', `No ABC class "${key}".`, { hint: 'Classes are A, B and C, or a cell such as AX or CZ.' });
  const abc = m[1]!.toUpperCase() as AbcClass;
  return m[2] ? { abc, xyz: m[2].toUpperCase() as XyzClass } : { abc };
}

/**
 * The products of one ABC class (or ABC×XYZ cell) under the same filters and scope as the abc report,
 * so the class holds exactly the products the report counted. ABC needs every product's revenue to
 * place the cut-offs, so the whole list is classified (aggregated per product and week in SQL) and then filtered.
 */
export async function classProducts(database: Database, scope: ReportScope, request: DrillRequest): Promise<DrillResult<ClassProductsData>> {
  const wanted = parseClass(request.key);
  const label = wanted.abc + (wanted.xyz ?? '');
  const ctx = await buildContext(database, { filters: request.filters, asOf: request.asOf, scope, limit: 0 });
  const abc = await computeAbc(ctx);
  const members = abc.products.filter((p) => p.class === wanted.abc && (wanted.xyz === undefined || p.xyz === wanted.xyz));
  const page = pageOf(members, request);
  const classRevenue = members.reduce((s, p) => s + p.revenue, 0);
  const classShare = abc.totalRevenue > 0 ? classRevenue / abc.totalRevenue : null;
  const title = `Class ${label} products · ${formatInt(members.length)} · ${abc.period.from} to ${abc.period.to}`;
  return {
    title,
    total: members.length,
    data: {
      class: label,
      period: abc.period,
      weeks: abc.weeks,
      totalRevenue: abc.totalRevenue,
      classRevenue,
      classShare,
      productCount: members.length,
      products: page,
    },
    view: {
      title,
      keyFigures: [
        { label: 'Products', value: `${formatInt(members.length)} of ${formatInt(abc.productCount)}` },
        { label: 'Revenue', value: `${formatMoney(classRevenue)}${classShare === null ? '' : ` (${formatPercent(classShare)})`}` },
      ],
      columns: [
        { label: 'product' },
        { label: 'name' },
        { label: 'revenue', align: 'r' },
        { label: 'share', align: 'r' },
        { label: 'units', align: 'r' },
        { label: 'XYZ' },
      ],
      rows: page.map((p) => [p.productId, p.name, formatMoney(p.revenue), formatPercent(p.share), formatInt(p.units), p.xyz ?? '—']),
      export: {
        columns: ['product_id', 'product', 'category', 'revenue', 'share', 'units', 'class', 'xyz', 'cv'],
        rows: page.map((p) => [p.productId, p.name, p.category, p.revenue, p.share, p.units, p.class, p.xyz, p.cv]),
      },
      notes: [
        ...(members.length === 0 ? [`No product is in class ${label} for this view.`] : []),
        ...pageNote(page.length, pageBounds(request).offset, members.length),
      ],
    },
  };
}
