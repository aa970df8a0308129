import { geoCoverage } from '../../analytics/geo-coverage.js';
import { geoAggregates, type GeoCityRow } from '../../db/queries/geo.js';
import { formatInt, formatMoney, formatPercent, countOf } from '../../lib/format.js';
import type { ReportView } from '../../views/report-view.js';
import { capped, windowReachesData } from '../report-context.js';
import type { ReportContext, ReportEnvelope } from '../report-module.js';

export interface GeoReportRegion {
  region: string;
  revenue: number;
  orders: number;
  /** Customers located in the region (all of them, not only buyers). */
  customers: number;
  /** Customers with an order in the window. */
  buyers: number;
  revenueShare: number;
  customerShare: number;
  /** revenueShare < customerShare / 2. */
  underServed: boolean;
}

export type GeoReportCity = GeoCityRow;

export interface GeoReport {
  totalRevenue: number;
  totalCustomers: number;
  regionCount: number;
  cityCount: number;
  underServedCount: number;
  /** Revenue desc, then name. */
  regions: GeoReportRegion[];
  /** Revenue desc, then city, region; cities of the customer base with no revenue are listed with 0. */
  cities: GeoReportCity[];
}

/**
 * Geographic coverage (analytics/geo-coverage.ts): revenue share vs customer share per region.
 *
 * - customers = customers located in the region, buyers or not (the market the team could serve), so a
 *   region full of customers who stopped buying shows up as under-served; `buyers` is given beside it.
 *   With a salesman filter (or a salesman's own scope) the base is the customers assigned to that
 *   salesman, plus anyone the salesman sold to. Category filters revenue only.
 * - underServed = revenueShare < customerShare / 2. Customers without a region are grouped as "(no region)".
 * - No orders at all → every share 0 and every region with customers under-served.
 */
export async function computeGeo(ctx: ReportContext): Promise<GeoReport> {
  const { regions, cities } = await geoAggregates(ctx.database, ctx.lines, { rollupCoversWindow: windowReachesData(ctx) });
  const buyers = new Map(regions.map((r) => [r.region, r.buyers]));
  const g = geoCoverage(
    regions.map(({ buyers: _b, ...r }) => r),
    cities,
  );
  const out = g.regions.map((r) => ({ ...r, buyers: buyers.get(r.region) ?? 0 }));
  const cityCustomers = new Map(cities.map((c) => [`${c.region}\u0000${c.city}`, c.customers]));
  return {
    totalRevenue: out.reduce((s, r) => s + r.revenue, 0),
    totalCustomers: out.reduce((s, r) => s + r.customers, 0),
    regionCount: out.length,
    cityCount: g.cities.length,
    underServedCount: out.filter((r) => r.underServed).length,
    regions: capped(out, ctx.limit),
    cities: capped(g.cities, ctx.limit).map((c) => ({ ...c, customers: cityCustomers.get(`${c.region}\u0000${c.city}`) ?? 0 })),
  };
}

export function geoView(r: GeoReport & ReportEnvelope): ReportView {
  const period = r.period.from ? `${r.period.from} to ${r.period.to}` : `up to ${r.period.to}`;
  const top = r.regions[0];
  const notes: string[] = [];
  if (r.regionCount === 0) notes.push('No customers or sales match these filters.');
  else if (r.totalRevenue <= 0) notes.push('No revenue in this window: every region with customers counts as under-served.');
  if (r.underServedCount > 0) notes.push('⚠ under-served: revenue share below half the customer share.');
  const cutNote = r.regions.length < r.regionCount ? `Top ${r.regions.length} of ${countOf(r.regionCount, 'region')}; --limit 0 for all.` : undefined;
  return {
    title: `Regional coverage · ${period}`,
    keyFigures: [
      { label: 'Revenue', value: formatMoney(r.totalRevenue) },
      { label: 'Customers', value: `${formatInt(r.totalCustomers)} in ${countOf(r.regionCount, 'region')}, ${countOf(r.cityCount, 'city', 'cities')}` },
      ...(top && r.totalRevenue > 0 ? [{ label: 'Top region', value: `${top.region} (${formatPercent(top.revenueShare)} of revenue)` }] : []),
      { label: 'Under-served regions', value: formatInt(r.underServedCount) },
    ],
    columns: [
      { label: 'region' },
      { label: 'revenue', align: 'r' },
      { label: 'rev. share', align: 'r' },
      { label: 'customers', align: 'r' },
      { label: 'cust. share', align: 'r' },
      { label: 'orders', align: 'r' },
      { label: 'coverage' },
    ],
    rows: r.regions.map((x) => [
      x.region,
      formatMoney(x.revenue),
      formatPercent(x.revenueShare),
      formatInt(x.customers),
      formatPercent(x.customerShare),
      formatInt(x.orders),
      x.underServed ? '⚠ under-served' : '',
    ]),
    notes,
    totalRows: r.regionCount,
    ...(cutNote ? { cutNote } : {}),
  };
}

