/**
 * Geographic coverage: revenue share vs customer share per region.
 *
 * revenueShare = region revenue / total revenue; customerShare = region customers / total customers,
 * where a region's customers are the customers located there (each customer in exactly one region,
 * so shares sum to 1). underServed = revenueShare < customerShare / 2. A total of 0 (or, for revenue,
 * ≤ 0 after refunds) gives shares of 0 for that measure; then every region with customers is
 * under-served, which is the honest reading of "no revenue anywhere".
 *
 * @module
 */

/** Per region aggregate from SQL. */
export interface RegionRow {
  region: string;
  revenue: number;
  orders: number;
  /** Customers located in the region (buying or not in the window). */
  customers: number;
}

/** Per city aggregate from SQL (passed through, sorted). */
export interface CityRow {
  city: string;
  region: string;
  latitude: number | null;
  longitude: number | null;
  revenue: number;
}

export interface RegionCoverage extends RegionRow {
  revenueShare: number;
  customerShare: number;
  underServed: boolean;
}

export interface GeoResult {
  /** Revenue desc, then region asc. */
  regions: RegionCoverage[];
  /** Revenue desc, then city, region asc. */
  cities: CityRow[];
}

export function geoCoverage(regions: readonly RegionRow[], cities: readonly CityRow[] = []): GeoResult {
  let revenue = 0;
  let customers = 0;
  for (const r of regions) {
    revenue += r.revenue;
    customers += r.customers;
  }
  const out = regions.map((r): RegionCoverage => {
    const revenueShare = revenue > 0 ? r.revenue / revenue : 0;
    const customerShare = customers > 0 ? r.customers / customers : 0;
    return { ...r, revenueShare, customerShare, underServed: revenueShare < customerShare / 2 };
  });
  out.sort((a, b) => b.revenue - a.revenue || (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
  const cs = [...cities].sort(
    (a, b) => b.revenue - a.revenue || (a.city < b.city ? -1 : a.city > b.city ? 1 : 0) || (a.region < b.region ? -1 : a.region > b.region ? 1 : 0),
  );
  return { regions: out, cities: cs };
}
