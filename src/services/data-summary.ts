import type { Database } from '../db/client.js';
import {
  dataCounts,
  revenueByMonth,
  revenueByRegion,
  topCustomers,
  topProducts,
  type DataCounts,
  type MonthRevenue,
  type NamedRevenue,
  type RegionRevenue,
} from '../db/queries/data-summary.js';

export interface DataSummary {
  counts: DataCounts;
  months: MonthRevenue[];
  topCustomers: NamedRevenue[];
  topProducts: NamedRevenue[];
  regions: RegionRevenue[];
}

/** What is in the database, from the rollups: the first thing a new user wants to see. */
export async function dataSummary(database: Database, opts: { months?: number; top?: number } = {}): Promise<DataSummary> {
  const top = opts.top ?? 5;
  return {
    counts: await dataCounts(database),
    months: await revenueByMonth(database, opts.months ?? 12),
    topCustomers: await topCustomers(database, top),
    topProducts: await topProducts(database, top),
    regions: await revenueByRegion(database),
  };
}
