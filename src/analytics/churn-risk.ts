/**
 * Churn risk: who is overdue, by their own buying rhythm or by the BG/NBD P(alive).
 *
 * Rule (docs/analytics.md, clv/churn):
 * - customers with ≥ 4 orders: at risk when the days since the last order exceed the 90th percentile
 *   (R type 7) of their own gaps between consecutive orders (rule `own-rhythm`);
 * - others: at risk when P(alive) < 0.5 (rule `p-alive`).
 *
 * Orders are counted on distinct order days: several orders on one day count once (a same-day gap of
 * 0 would otherwise shrink the percentile), which also matches the BG/NBD per-day merge.
 *
 * Value at risk = average yearly revenue, revenue × 365.25 / max(tenure days, 365.25) with
 * tenure = as-of − first order day. Chosen over CLV because CLV already multiplies by P(alive): ranking
 * at-risk customers by CLV would put the ones most likely lost last. Yearly revenue is model-free,
 * in money per year, and a customer younger than a year is not extrapolated (their revenue so far).
 *
 * @module
 */
import { quantileType7 } from './quantile.js';

/** Thresholds of the rule (defaults from docs/analytics.md). */
export interface ChurnRiskOptions {
  /** Minimum distinct order days to judge by the own rhythm (default 4). */
  minOrdersForRhythm?: number;
  /** Quantile of the own gaps that must be exceeded (default 0.9, type 7). */
  gapQuantile?: number;
  /** P(alive) below this is at risk for the others (default 0.5). */
  pAliveThreshold?: number;
}

/** One customer. */
export interface ChurnCustomerInput {
  /** Day numbers of the orders (any order; duplicates = same-day orders, merged). Days after as-of ignored. */
  orderDays: ArrayLike<number>;
  /** BG/NBD P(alive) at as-of; null/NaN when no model (the P(alive) rule then cannot flag them). */
  pAlive: number | null;
  /** Revenue in the observation window (money). */
  revenue: number;
}

/** Which rule applied. */
export type ChurnRule = 'own-rhythm' | 'p-alive' | 'no-model' | 'no-orders';

/** Assessment of one customer; day counts are calendar days. */
export interface ChurnAssessment {
  atRisk: boolean;
  rule: ChurnRule;
  /** Distinct order days on or before as-of. */
  orders: number;
  /** As-of − last order day; null without orders. */
  daysSinceLastOrder: number | null;
  /** Median gap between consecutive order days ("usually orders every N days"); null with < 2 orders. */
  typicalGapDays: number | null;
  /** Type-7 quantile (default 90 %) of the gaps; null with < 2 orders. */
  gapP90Days: number | null;
  /** daysSinceLastOrder / gapP90Days when both exist (> 1 means overdue by the own rhythm); else null. */
  overdueRatio: number | null;
  pAlive: number | null;
  /** revenue × 365.25 / max(tenure, 365.25); 0 without orders. */
  averageYearlyRevenue: number;
  /** What is lost if the customer churns; = averageYearlyRevenue (see module doc). 0 when not at risk. */
  valueAtRisk: number;
}

/**
 * Assess one customer at `asOfDay` (see the module doc for the rule and the value at risk).
 *
 * Gaps g_k = d_{k+1} − d_k over the sorted distinct order days; typical gap = median(g) (type 7);
 * at risk by rhythm when (as-of − d_last) > Q₀.₉(g). Edge cases: no orders → not at risk, rule
 * `no-orders`; fewer than 4 orders and no P(alive) → not at risk, rule `no-model`.
 */
export function assessChurnRisk(c: ChurnCustomerInput, asOfDay: number, options: ChurnRiskOptions = {}): ChurnAssessment {
  const q = options.gapQuantile ?? 0.9;
  const distinct = new Set<number>();
  for (let i = 0; i < c.orderDays.length; i++) {
    const d = c.orderDays[i] as number;
    if (d <= asOfDay) distinct.add(d);
  }
  const days = Float64Array.from(distinct).sort();
  const n = days.length;
  const pAlive = c.pAlive === null || Number.isNaN(c.pAlive) ? null : c.pAlive;
  if (n === 0) {
    return {
      atRisk: false,
      rule: 'no-orders',
      orders: 0,
      daysSinceLastOrder: null,
      typicalGapDays: null,
      gapP90Days: null,
      overdueRatio: null,
      pAlive,
      averageYearlyRevenue: 0,
      valueAtRisk: 0,
    };
  }
  const first = days[0] as number;
  const last = days[n - 1] as number;
  const since = asOfDay - last;
  const gaps = new Float64Array(Math.max(n - 1, 0));
  for (let i = 1; i < n; i++) gaps[i - 1] = (days[i] as number) - (days[i - 1] as number);
  gaps.sort();
  return classifyChurnRisk(
    {
      orders: n,
      daysSinceLastOrder: since,
      tenureDays: asOfDay - first,
      typicalGapDays: n >= 2 ? quantileType7(gaps, 0.5) : null,
      gapP90Days: n >= 2 ? quantileType7(gaps, q) : null,
      pAlive,
      revenue: c.revenue,
    },
    options,
  );
}

/**
 * One customer already summarised (e.g. by SQL: distinct order days, gap quantiles per customer), so
 * callers at scale need not ship every order day to Node. Same rule as {@link assessChurnRisk}.
 */
export interface ChurnStats {
  /** Distinct order days on or before as-of (≥ 1). */
  orders: number;
  daysSinceLastOrder: number;
  /** As-of − first order day. */
  tenureDays: number;
  /** Median gap between consecutive order days (type 7); null with < 2 order days. */
  typicalGapDays: number | null;
  /** `gapQuantile` quantile (type 7) of the gaps; null with < 2 order days. */
  gapP90Days: number | null;
  pAlive: number | null;
  revenue: number;
}

/**
 * Applies the churn rule (module doc) to precomputed stats. `gapP90Days` must be the type-7 quantile
 * at `options.gapQuantile` (default 0.9) — SQL `percentile_cont` computes exactly that.
 */
export function classifyChurnRisk(s: ChurnStats, options: ChurnRiskOptions = {}): ChurnAssessment {
  const minOrders = options.minOrdersForRhythm ?? 4;
  const threshold = options.pAliveThreshold ?? 0.5;
  const pAlive = s.pAlive === null || Number.isNaN(s.pAlive) ? null : s.pAlive;
  const since = s.daysSinceLastOrder;
  const p90 = s.gapP90Days;
  let rule: ChurnRule;
  let atRisk: boolean;
  if (s.orders >= minOrders && p90 !== null) {
    rule = 'own-rhythm';
    atRisk = since > p90;
  } else if (pAlive !== null) {
    rule = 'p-alive';
    atRisk = pAlive < threshold;
  } else {
    rule = 'no-model';
    atRisk = false;
  }
  const yearly = (s.revenue * 365.25) / Math.max(s.tenureDays, 365.25);
  return {
    atRisk,
    rule,
    orders: s.orders,
    daysSinceLastOrder: since,
    typicalGapDays: s.typicalGapDays,
    gapP90Days: p90,
    overdueRatio: p90 !== null && p90 > 0 ? since / p90 : null,
    pAlive,
    averageYearlyRevenue: yearly,
    valueAtRisk: atRisk ? yearly : 0,
  };
}

/** Rule codes of {@link classifyChurnColumns}: `rule[i]` indexes this list. */
export const CHURN_RULES: readonly ChurnRule[] = ['own-rhythm', 'p-alive', 'no-model', 'no-orders'];

/** Customers already summarised, column-wise (row i = one customer); see {@link ChurnStats}. */
export interface ChurnColumnsInput {
  /** Distinct order days (≥ 1). */
  orders: ArrayLike<number>;
  daysSinceLastOrder: ArrayLike<number>;
  tenureDays: ArrayLike<number>;
  /** `gapQuantile` quantile of the gaps; NaN where there is none (< 2 order days). */
  gapP90Days: ArrayLike<number>;
  /** P(alive) per customer, NaN where unknown; null when there is no model at all. */
  pAlive: ArrayLike<number> | null;
  revenue: ArrayLike<number>;
}

/** The decisions of {@link classifyChurnRisk} for every customer. */
export interface ChurnColumns {
  /** 1 when at risk. */
  atRisk: Uint8Array;
  /** Index into {@link CHURN_RULES}. */
  rule: Uint8Array;
  averageYearlyRevenue: Float64Array;
  /** averageYearlyRevenue when at risk, else 0. */
  valueAtRisk: Float64Array;
}

/**
 * {@link classifyChurnRisk} over columns, for a million customers without a million result objects:
 * the same rule, thresholds and value at risk, row by row (NaN stands for null).
 */
export function classifyChurnColumns(input: ChurnColumnsInput, options: ChurnRiskOptions = {}): ChurnColumns {
  const minOrders = options.minOrdersForRhythm ?? 4;
  const threshold = options.pAliveThreshold ?? 0.5;
  const n = input.orders.length;
  const atRisk = new Uint8Array(n);
  const rule = new Uint8Array(n);
  const averageYearlyRevenue = new Float64Array(n);
  const valueAtRisk = new Float64Array(n);
  const OWN = CHURN_RULES.indexOf('own-rhythm');
  const ALIVE = CHURN_RULES.indexOf('p-alive');
  const NONE = CHURN_RULES.indexOf('no-model');
  for (let i = 0; i < n; i++) {
    const p90 = input.gapP90Days[i] as number;
    const pAlive = input.pAlive ? (input.pAlive[i] as number) : Number.NaN;
    let risk: boolean;
    if ((input.orders[i] as number) >= minOrders && !Number.isNaN(p90)) {
      rule[i] = OWN;
      risk = (input.daysSinceLastOrder[i] as number) > p90;
    } else if (!Number.isNaN(pAlive)) {
      rule[i] = ALIVE;
      risk = pAlive < threshold;
    } else {
      rule[i] = NONE;
      risk = false;
    }
    const yearly = ((input.revenue[i] as number) * 365.25) / Math.max(input.tenureDays[i] as number, 365.25);
    averageYearlyRevenue[i] = yearly;
    atRisk[i] = risk ? 1 : 0;
    valueAtRisk[i] = risk ? yearly : 0;
  }
  return { atRisk, rule, averageYearlyRevenue, valueAtRisk };
}

/**
 * Assess every customer and return the at-risk ones ranked by value at risk (descending), ties by
 * days since the last order (descending), then by input order. Customers not at risk are omitted.
 * Empty input → empty list.
 */
/**
 * Ranking of at-risk customers: value at risk desc, then days since the last order desc (unknown = 0).
 * Returns 0 on a tie so callers add their own stable tie-break.
 */
export function compareChurnRisk(
  p: { valueAtRisk: number; daysSinceLastOrder: number | null },
  q: { valueAtRisk: number; daysSinceLastOrder: number | null },
): number {
  return q.valueAtRisk - p.valueAtRisk || (q.daysSinceLastOrder ?? 0) - (p.daysSinceLastOrder ?? 0);
}

export function rankChurnRisk<Id>(
  customers: ReadonlyArray<ChurnCustomerInput & { customerId: Id }>,
  asOfDay: number,
  options: ChurnRiskOptions = {},
): Array<ChurnAssessment & { customerId: Id }> {
  const out: Array<ChurnAssessment & { customerId: Id; i: number }> = [];
  customers.forEach((c, i) => {
    const a = assessChurnRisk(c, asOfDay, options);
    if (a.atRisk) out.push({ customerId: c.customerId, ...a, i });
  });
  out.sort((p, q) => compareChurnRisk(p, q) || p.i - q.i);
  return out.map(({ i: _i, ...rest }) => rest);
}
