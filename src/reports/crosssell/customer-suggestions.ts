import type { Database } from '../../db/client.js';
import type { ReportScope } from '../report-module.js';
import { buildContext, runReport } from '../run-report.js';
import { snapshotFor } from '../snapshot.js';
import { crosssellReport } from './crosssell-module.js';
import type { CrossSellReport, CrossSellSuggestionOut } from './crosssell-report.js';

const suggestionsIn = (r: CrossSellReport, customerId: string): CrossSellSuggestionOut[] | undefined =>
  r.salesmen.flatMap((s) => s.customers).find((c) => c.customerId === customerId)?.suggestions;

/**
 * The cross-sell report's suggestions for one customer: from its stored default view when that lists
 * the customer (or lists everyone, so absence means none), else the report run live for this customer
 * (rules are still mined from all orders, as the report does).
 */
export async function crossSellFor(database: Database, scope: ReportScope, customerId: string, asOf: string | undefined): Promise<CrossSellSuggestionOut[]> {
  const ctx = await buildContext(database, { filters: {}, asOf });
  const stored = await snapshotFor<CrossSellReport>(ctx, 'crosssell');
  if (stored) {
    const found = suggestionsIn(stored, customerId);
    if (found) return found;
    if (stored.salesmen.every((s) => s.customers.length === s.customerCount)) return [];
  }
  const live = await runReport(database, crosssellReport, { filters: { customer: [customerId] }, asOf, scope, limit: 0 });
  return suggestionsIn(live, customerId) ?? [];
}
