import type { Database } from '../db/client.js';
import { customerIdsByExternal, customerWithOwner, productIdsByExternal } from '../db/queries/alert-subjects.js';
import { insertCrossSellFeedback, latestCrossSellVerdicts, type CrossSellVerdict } from '../db/queries/cross-sell-feedback.js';
import { salesmanIdsByExternal } from '../db/queries/salesman-ids.js';
import type { ReportFilters } from '../lib/report-filters.js';
import type { AlertCase, AlertRow } from './alerts.js';
import { crosssellReport } from '../reports/crosssell/crosssell-module.js';
import type { ReportScope } from '../reports/report-module.js';
import { runReport } from '../reports/run-report.js';
import type { Actor } from './slack-identity.js';

/** Suggestions in one salesman's DM. */
export const SUGGESTIONS_PER_DM = 8;

/** One suggestion as the DM shows it (kept in alert_state.details). */
export interface CrossSellCaseDetails {
  [key: string]: unknown;
  customerExternalId: string;
  customerName: string;
  productExternalId: string;
  productName: string;
  /** The products the customer bought that lead here. */
  becauseNames: string[];
  confidence: number;
  lift: number;
  /** confidence × lift. */
  rank: number;
  /** Suggestions for this salesman's customers beyond the DM's (SUGGESTIONS_PER_DM), for its "N more" line. */
  moreSuggestions?: number;
}

/**
 * The best suggestions per salesman (internal id): the cross-sell report's suggestions for each
 * salesman's own customers, best score first across customers, without those the salesman already
 * called not relevant or put on their call list. Customers without a salesman are left out.
 */
export async function crossSellCasesBySalesman(
  database: Database,
  opts: { filters: ReportFilters; scope: ReportScope; perSalesman?: number },
): Promise<Map<number, AlertCase<CrossSellCaseDetails>[]>> {
  const r = await runReport(database, crosssellReport, { filters: opts.filters, scope: opts.scope });
  const salesmen = r.salesmen.filter((s) => s.salesmanId !== null);
  const salesmanIds = await salesmanIdsByExternal(database, salesmen.map((s) => s.salesmanId!));
  const customerIds = await customerIdsByExternal(database, salesmen.flatMap((s) => s.customers.map((c) => c.customerId)));
  const productIds = await productIdsByExternal(database, [...new Set(salesmen.flatMap((s) => s.customers.flatMap((c) => c.suggestions.map((x) => x.productId))))]);
  const verdicts = await latestCrossSellVerdicts(database, [...customerIds.values()].map((c) => c.id));
  const out = new Map<number, AlertCase<CrossSellCaseDetails>[]>();
  for (const s of salesmen) {
    const salesmanId = salesmanIds.get(s.salesmanId!);
    if (salesmanId === undefined) continue;
    const cases: AlertCase<CrossSellCaseDetails>[] = [];
    for (const c of s.customers) {
      const customerId = customerIds.get(c.customerId)?.id;
      if (customerId === undefined) continue;
      for (const x of c.suggestions) {
        const productId = productIds.get(x.productId);
        if (productId === undefined || verdicts.has(`${customerId}:${productId}`)) continue;
        cases.push({
          subject: `${c.customerId}/${x.productId}`,
          customerId,
          productId,
          details: {
            customerExternalId: c.customerId,
            customerName: c.name || c.customerId,
            productExternalId: x.productId,
            productName: x.name,
            becauseNames: x.becauseNames,
            confidence: x.confidence,
            lift: x.lift,
            rank: x.score,
          },
        });
      }
    }
    cases.sort((a, b) => b.details.rank - a.details.rank || a.subject.localeCompare(b.subject));
    // A DM brings the best few; it says how many more there are and where to see them (never a silent cut).
    const kept = cases.slice(0, opts.perSalesman ?? SUGGESTIONS_PER_DM);
    for (const k of kept) k.details.moreSuggestions = cases.length - kept.length;
    if (kept.length > 0) out.set(salesmanId, kept);
  }
  return out;
}

/** Keeps a salesman's answer to a suggestion ("Add to call list" / "Not relevant") for later tuning. */
export async function recordCrossSellFeedback(database: Database, actor: Actor, row: AlertRow, verdict: CrossSellVerdict): Promise<void> {
  if (row.customerId === null || row.productId === null) return;
  const customer = await customerWithOwner(database, row.customerId);
  await insertCrossSellFeedback(database, {
    salesmanId: customer?.salesmanId ?? null,
    customerId: row.customerId,
    productId: row.productId,
    verdict,
    slackUserId: actor.slackUserId,
  });
}
