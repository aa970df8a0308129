import type { Database } from '../../db/client.js';
import { knownNames } from '../../db/queries/filter-values.js';
import { NO_REGION } from '../../db/queries/geo.js';
import { regionCities as regionCityRows, regionExists, type RegionCityRow } from '../../db/queries/drill-region.js';
import { AppError } from '../../lib/errors.js';
import { countOf, formatInt, formatMoney, formatPercent } from '../../lib/format.js';
import { didYouMean } from '../../lib/text-tokens.js';
import { buildContext } from '../run-report.js';
import type { ReportScope } from '../report-module.js';
import { pageBounds, pageNote, pageOf, type DrillRequest, type DrillResult } from '../drill-types.js';

/** Label of customers without a city. */
export const NO_CITY = '(no city)';

export interface RegionCity extends Omit<RegionCityRow, 'city'> {
  city: string;
  /** City revenue ÷ region revenue; null when the region has no positive revenue. */
  revenueShare: number | null;
}

export interface RegionCitiesData {
  region: string;
  period: { from?: string; to: string };
  /** Region totals over every city (not only this page). */
  revenue: number;
  orders: number;
  customers: number;
  buyers: number;
  cityCount: number;
  /** This page, revenue desc then city. */
  cities: RegionCity[];
}

/**
 * The cities of one region with revenue, orders, customers and coordinates, under the report filters
 * and scope (the key replaces any region filter). "(no region)" opens customers without a region, as
 * the geo report groups them.
 */
export async function regionCities(database: Database, scope: ReportScope, request: DrillRequest): Promise<DrillResult<RegionCitiesData>> {
  const region = request.key.trim();
  const { region: _ignored, ...filters } = request.filters;
  const ctx = await buildContext(database, { filters, asOf: request.asOf, scope });
  if (!region || !(await regionExists(database, region))) {
    const guess = didYouMean(region, [...(await knownNames(database, 'region')), NO_REGION]);
    throw new AppError('NOT_FOUND', `No region "${region}" in the data.${guess ? ` Did you mean ${guess}?` : ''}`);
  }
  const rows = await regionCityRows(database, ctx.lines, region);
  const revenue = rows.reduce((s, r) => s + r.revenue, 0);
  const cities: RegionCity[] = rows.map((r) => ({ ...r, city: r.city ?? NO_CITY, revenueShare: revenue > 0 ? r.revenue / revenue : null }));
  const page = pageOf(cities, request);
  const totals = {
    orders: cities.reduce((s, r) => s + r.orders, 0),
    customers: cities.reduce((s, r) => s + r.customers, 0),
    buyers: cities.reduce((s, r) => s + r.buyers, 0),
  };
  const title = `${region} · ${countOf(cities.length, 'city', 'cities')}`;
  return {
    title,
    total: cities.length,
    data: { region, period: ctx.period, revenue, ...totals, cityCount: cities.length, cities: page },
    view: {
      title,
      keyFigures: [
        { label: 'Revenue', value: formatMoney(revenue) },
        { label: 'Customers', value: `${formatInt(totals.customers)} (${formatInt(totals.buyers)} buying)` },
        { label: 'Orders', value: formatInt(totals.orders) },
      ],
      columns: [{ label: 'city' }, { label: 'revenue', align: 'r' }, { label: 'share', align: 'r' }, { label: 'customers', align: 'r' }, { label: 'buyers', align: 'r' }],
      rows: page.map((c) => [c.city, formatMoney(c.revenue), c.revenueShare === null ? '—' : formatPercent(c.revenueShare), formatInt(c.customers), formatInt(c.buyers)]),
      notes: [...(cities.length === 0 ? ['No customers or sales in this region for this view.'] : []), ...pageNote(page.length, pageBounds(request).offset, cities.length)],
    },
  };
}
