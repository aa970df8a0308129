import { associationRules, type AssociationRule } from '../../analytics/association-rules.js';
import { basketPairCounts } from '../../analytics/basket-pair-counts.js';
import { pairRules } from '../../analytics/pair-rules.js';
import { basketCountsServe, windowBasketCounts } from '../../db/queries/basket-counts.js';
import { orderBaskets, productCatalog, type ProductCatalog } from '../../db/queries/baskets.js';
import type { LineFilter } from '../../db/sql/line-filter.js';
import { AppError } from '../../lib/errors.js';
import { formatInt, formatPercent, countOf } from '../../lib/format.js';
import type { ReportView } from '../../views/report-view.js';
import { capped } from '../report-context.js';
import type { ReportContext, ReportEnvelope, ReportOption } from '../report-module.js';

/**
 * Defaults chosen on the demo data (6,000 orders, a few dozen products, bundles that co-occur): 1 % of
 * orders is ~60 baskets, enough to trust a pair, and keeps the bundles while dropping chance pairs.
 */
export const DEFAULT_MIN_SUPPORT = 0.01;
export const DEFAULT_MIN_CONFIDENCE = 0.2;
export const DEFAULT_MAX_LEN = 2;

export interface MiningOptions {
  minSupport: number;
  minConfidence: number;
  maxLen: number;
}

export interface AffinityRule {
  /** Portal product ids. */
  antecedent: string[];
  consequent: string[];
  antecedentNames: string[];
  consequentNames: string[];
  /** Orders containing antecedent ∪ consequent. */
  count: number;
  support: number;
  confidence: number;
  lift: number;
  leverage: number;
  /** null = +∞ (confidence 1). */
  conviction: number | null;
}

export interface AffinityReport {
  /** Orders in the window (each a set of distinct products). */
  transactions: number;
  /** Rules found (before --limit). */
  ruleCount: number;
  /** Best lift first (ties: confidence, count, shorter antecedent, ids). */
  rules: AffinityRule[];
  parameters: MiningOptions;
}

export function miningOptions(options: Record<string, unknown>): MiningOptions {
  return {
    minSupport: (options.minSupport as number | undefined) ?? DEFAULT_MIN_SUPPORT,
    minConfidence: (options.minConfidence as number | undefined) ?? DEFAULT_MIN_CONFIDENCE,
    maxLen: (options.maxLen as number | undefined) ?? DEFAULT_MAX_LEN,
  };
}

/**
 * Rules with dense item indices (see productCatalog), uncapped, best lift first.
 *
 * Two-item rules (max-len 2, the default) under a period filter only (from / to / last / as-of) come
 * from the basket co-occurrence rollups (`windowBasketCounts`: whole months and blocks summed in SQL,
 * a few loose days at the window's edges from order lines). Anything the rollups do not keep streams
 * every order's basket from order lines as compact integer arrays: a customer, salesman or category
 * filter or role scope (two-item rules: pairs counted per basket, see `basketPairCounts`), or
 * `--max-len` above 2 (mined with Eclat).
 */
export async function mineRawRules(
  ctx: ReportContext,
  lines: LineFilter,
): Promise<{ transactions: number; rules: AssociationRule[]; catalog: ProductCatalog }> {
  const catalog = await productCatalog(ctx.database);
  const o = miningOptions(ctx.options);
  if (o.maxLen === 2 && basketCountsServe(lines)) {
    // Only pairs reaching the support threshold can make a rule: the rest need not be summed.
    const counts = await windowBasketCounts(ctx.database, lines, catalog, { minSupport: o.minSupport });
    if (counts) return { transactions: counts.transactions, rules: pairRules(counts, o), catalog };
  }
  const baskets = await orderBaskets(ctx.database, lines, catalog);
  if (o.maxLen === 2) {
    const counts = basketPairCounts({ baskets, itemCount: catalog.ids.length }, o.minSupport);
    return { transactions: counts.transactions, rules: pairRules(counts, o), catalog };
  }
  const res = associationRules({ baskets, itemCount: catalog.ids.length }, { minSupport: o.minSupport, minConfidence: o.minConfidence, maxLen: o.maxLen });
  return { transactions: res.transactions, rules: res.rules, catalog };
}

/** A rule with portal ids and names in place of item indices. */
export function withProductIds(r: AssociationRule, catalog: ProductCatalog): AffinityRule {
  const toIds = (xs: number[]): string[] => xs.map((x) => catalog.externalIds[x]!);
  const toNames = (xs: number[]): string[] => xs.map((x) => catalog.names[x]!);
  return {
    antecedent: toIds(r.antecedent),
    consequent: toIds(r.consequent),
    antecedentNames: toNames(r.antecedent),
    consequentNames: toNames(r.consequent),
    count: r.count,
    support: r.support,
    confidence: r.confidence,
    lift: r.lift,
    leverage: r.leverage,
    conviction: r.conviction,
  };
}

/**
 * Association rules over the orders in the window (all history up to the as-of day by default) under
 * every filter: a transaction is an order's set of distinct products.
 */
export async function computeAffinity(ctx: ReportContext): Promise<AffinityReport> {
  const { transactions, rules, catalog } = await mineRawRules(ctx, ctx.lines);
  return {
    transactions,
    ruleCount: rules.length,
    rules: capped(rules, ctx.limit).map((r) => withProductIds(r, catalog)),
    parameters: miningOptions(ctx.options),
  };
}

/**
 * The rules by lift with what carries their meaning: support (share of orders with both sides),
 * confidence (share of orders with the left side that also have the right) and lift. Products by name
 * in the table; the export adds their portal ids and the raw fractions.
 */
export function affinityView(r: AffinityReport & ReportEnvelope): ReportView {
  const p = r.parameters;
  const label = (ids: string[], names: string[]): string => names.map((n, i) => n || ids[i]).join(' + ');
  const notes =
    r.transactions === 0 ? ['No orders in this window.'] : r.ruleCount === 0 ? ['No rule reaches the thresholds; try a lower --min-support or --min-confidence.'] : [];
  const cutNote = r.rules.length < r.ruleCount ? `Top ${r.rules.length} of ${countOf(r.ruleCount, 'rule')} by lift; --limit 0 for all.` : undefined;
  return {
    title: `Product affinity · ${countOf(r.ruleCount, 'rule')} from ${countOf(r.transactions, 'order')}`,
    keyFigures: [
      { label: 'Rules', value: `${formatInt(r.ruleCount)} from ${countOf(r.transactions, 'order')}` },
      ...(r.rules[0]
        ? [{ label: 'Strongest', value: `${r.rules[0].antecedentNames.join(' + ')} ⇒ ${r.rules[0].consequentNames.join(' + ')} (lift ${r.rules[0].lift.toFixed(1)})` }]
        : []),
      { label: 'Thresholds', value: `support ≥ ${p.minSupport}, confidence ≥ ${p.minConfidence}, up to ${p.maxLen} items` },
    ],
    columns: [
      { label: 'bought' },
      { label: 'also buys' },
      { label: 'orders', align: 'r' },
      { label: 'support', align: 'r' },
      { label: 'confidence', align: 'r' },
      { label: 'lift', align: 'r' },
    ],
    rows: r.rules.map((x) => [
      label(x.antecedent, x.antecedentNames),
      label(x.consequent, x.consequentNames),
      formatInt(x.count),
      formatPercent(x.support, 2),
      formatPercent(x.confidence),
      x.lift.toFixed(2),
    ]),
    notes,
    totalRows: r.ruleCount,
    ...(cutNote ? { cutNote } : {}),
    export: {
      columns: ['bought_product_ids', 'bought', 'also_buys_product_ids', 'also_buys', 'orders', 'support', 'confidence', 'lift', 'leverage', 'conviction'],
      rows: r.rules.map((x) => [
        x.antecedent.join(' + '),
        x.antecedentNames.join(' + '),
        x.consequent.join(' + '),
        x.consequentNames.join(' + '),
        x.count,
        x.support,
        x.confidence,
        x.lift,
        x.leverage,
        x.conviction,
      ]),
    },
  };
}

function fraction(flag: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new AppError('USAGE', `${flag} must be a fraction between 0 and 1 (e.g. 0.01), got "${v}".`);
    return n;
  };
}

function maxLenOption(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 2 || n > 20) throw new AppError('USAGE', `--max-len must be a whole number from 2 to 20 (items per rule), got "${v}".`);
  return n;
}

/** The mining flags, shared with crosssell. */
export const MINING_OPTIONS: ReportOption[] = [
  { key: 'minSupport', flag: '--min-support <x>', description: `minimum rule support, fraction of orders (default ${DEFAULT_MIN_SUPPORT})`, parse: fraction('--min-support') },
  { key: 'minConfidence', flag: '--min-confidence <x>', description: `minimum confidence (default ${DEFAULT_MIN_CONFIDENCE})`, parse: fraction('--min-confidence') },
  { key: 'maxLen', flag: '--max-len <n>', description: `maximum items per rule (default ${DEFAULT_MAX_LEN})`, parse: maxLenOption },
];

