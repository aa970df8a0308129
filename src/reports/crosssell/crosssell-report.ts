import { crossSellCandidates, listCrossSell } from '../../analytics/cross-sell.js';
import { productBuyers } from '../../db/queries/baskets.js';
import { customerLabels } from '../../db/queries/customer-labels.js';
import { AppError } from '../../lib/errors.js';
import { formatInt, formatPercent, countOf } from '../../lib/format.js';
import type { CellValue, ReportView } from '../../views/report-view.js';
import { miningOptions, mineRawRules, type MiningOptions } from '../affinity/affinity-report.js';
import type { ReportContext, ReportEnvelope } from '../report-module.js';

export const DEFAULT_PER_CUSTOMER = 3;
const UNASSIGNED = '(unassigned)';

export interface CrossSellSuggestionOut {
  productId: string;
  name: string;
  confidence: number;
  lift: number;
  support: number;
  /** confidence × lift of the best rule leading to this product. */
  score: number;
  /** Portal ids of the products the customer bought that lead here (the rule's antecedent). */
  because: string[];
  becauseNames: string[];
}

export interface CrossSellCustomer {
  customerId: string;
  name: string;
  suggestions: CrossSellSuggestionOut[];
}

export interface CrossSellSalesman {
  /** Portal id of the customers' own salesman; null = customers without one. */
  salesmanId: string | null;
  name: string;
  /** Customers with ≥ 1 suggestion, best score first; capped by --limit. */
  customers: CrossSellCustomer[];
  /** Customers with suggestions before the cap. */
  customerCount: number;
}

export interface CrossSellReport {
  /** Orders the rules were mined from. */
  transactions: number;
  /** Number of rules found. */
  rules: number;
  ruleCount: number;
  /** Customers with at least one suggestion. */
  customersWithSuggestions: number;
  /** By salesman id, unassigned last. */
  salesmen: CrossSellSalesman[];
  parameters: MiningOptions & { perCustomer: number };
}

/**
 * Next-product suggestions per customer, grouped by the customer's own salesman (for DMs). Rules are
 * mined from the orders in the window under the region and category filters (not salesman/customer,
 * which would leave too few orders to learn from). A customer's bought products are everything they
 * bought up to the period's end, from anyone; a suggestion is the consequent of a rule whose whole
 * antecedent they bought and whose consequent they did not, ranked by confidence × lift (best rule per
 * product, `--per-customer` per customer). Salesman filter or role scope: only that salesman's customers.
 */
export async function computeCrossSell(ctx: ReportContext): Promise<CrossSellReport> {
  const perCustomer = (ctx.options.perCustomer as number | undefined) ?? DEFAULT_PER_CUSTOMER;
  const { from, to, region, category, timeZone } = ctx.lines;
  const mined = await mineRawRules(ctx, { from, to, region, category, timeZone });
  const { catalog } = mined;
  // Only the products some rule names matter: a customer who bought none of them gets no suggestion.
  const ruleProducts = new Set<number>();
  for (const r of mined.rules) for (const x of [...r.antecedent, ...r.consequent]) ruleProducts.add(catalog.ids[x]!);
  const bought = await productBuyers(ctx.database, ctx.lines, ctx.period.to, [...ruleProducts]);
  const groups = crossSellCandidates(
    bought.buyers.map((b) => ({ item: catalog.indexOf(b.productId), customers: b.customers })),
    bought.owners,
    mined.rules,
    { perCustomer, limit: ctx.limit },
  );
  // Names (and the portal ids that break ties) only for customers a list can show.
  const labels = await customerLabels(ctx.database, groups.flatMap((g) => g.candidates.map((c) => c.customerId)));
  // A salesman's portal id and name come with the labels of their customers (every group has a candidate).
  const owners = new Map<number | null, { id: string | null; name: string }>();
  for (const g of groups) {
    const label = labels.get(g.candidates[0]!.customerId);
    owners.set(g.salesmanId, g.salesmanId === null ? { id: null, name: UNASSIGNED } : { id: label?.salesmanId ?? String(g.salesmanId), name: label?.salesmanName ?? '' });
  }
  const lists = listCrossSell(groups, ctx.limit, {
    customer: (id) => labels.get(id)?.customerId ?? String(id),
    salesman: (id) => owners.get(id)!.id,
  });
  const salesmen = lists.map(
    (g): CrossSellSalesman => ({
      salesmanId: owners.get(g.salesmanId)!.id,
      name: owners.get(g.salesmanId)!.name,
      customerCount: g.customerCount,
      customers: g.customers.map((c) => ({
        customerId: labels.get(c.customerId)?.customerId ?? String(c.customerId),
        name: labels.get(c.customerId)?.name ?? '',
        suggestions: c.suggestions.map((s) => ({
          productId: catalog.externalIds[s.productId]!,
          name: catalog.names[s.productId]!,
          confidence: s.confidence,
          lift: s.lift,
          support: s.support,
          score: s.score,
          because: s.because.map((x) => catalog.externalIds[x]!),
          becauseNames: s.because.map((x) => catalog.names[x]!),
        })),
      })),
    }),
  );
  return {
    transactions: mined.transactions,
    rules: mined.rules.length,
    ruleCount: mined.rules.length,
    customersWithSuggestions: salesmen.reduce((s, x) => s + x.customerCount, 0),
    salesmen,
    parameters: { ...miningOptions(ctx.options), perCustomer },
  };
}

/**
 * One row per suggestion, each naming its salesman and customer (a table row must stand alone: it may
 * be the first of a page), with the products that drive it ("because they bought") and the rule's
 * strength. The export adds the portal ids and raw numbers.
 */
export function crossSellView(r: CrossSellReport & ReportEnvelope): ReportView {
  const rows: string[][] = [];
  const data: CellValue[][] = [];
  for (const s of r.salesmen) {
    for (const c of s.customers) {
      for (const x of c.suggestions) {
        rows.push([
          s.name || s.salesmanId || 'unassigned',
          c.name || c.customerId,
          x.name || x.productId,
          x.becauseNames.join(' + '),
          formatPercent(x.confidence),
          x.lift.toFixed(2),
        ]);
        data.push([s.salesmanId, s.name, c.customerId, c.name, x.productId, x.name, x.because.join(' + '), x.becauseNames.join(' + '), x.confidence, x.lift, x.support, x.score]);
      }
    }
  }
  return {
    title: `Cross-sell suggestions · ${countOf(r.customersWithSuggestions, 'customer')}`,
    keyFigures: [
      { label: 'Rules', value: `${formatInt(r.ruleCount)} from ${countOf(r.transactions, 'order')}` },
      { label: 'Salesmen', value: formatInt(r.salesmen.length) },
    ],
    columns: [
      { label: 'salesman' },
      { label: 'customer' },
      { label: 'suggest' },
      { label: 'because they bought' },
      { label: 'confidence', align: 'r' },
      { label: 'lift', align: 'r' },
    ],
    rows,
    export: {
      columns: ['salesman_id', 'salesman', 'customer_id', 'customer', 'product_id', 'product', 'because_product_ids', 'because_they_bought', 'confidence', 'lift', 'support', 'score'],
      rows: data,
    },
    notes:
      r.ruleCount === 0
        ? ['No association rule reaches the thresholds, so there is nothing to suggest; try a lower --min-support.']
        : r.customersWithSuggestions === 0
          ? ['Every customer already has what the rules would suggest.']
          : [],
  };
}

export function perCustomerOption(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 50) throw new AppError('USAGE', `--per-customer must be a whole number from 1 to 50, got "${v}".`);
  return n;
}

