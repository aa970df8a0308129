/**
 * Customer lifetime value from BG/NBD (purchase counts) + Gamma-Gamma (spend), the `lifetimes`
 * `customer_lifetime_value` approach, plus helpers to build the per-customer (x, t_x, T, m̄) summary.
 *
 * Time conventions (stated once, used everywhere here):
 * - Day numbers are integers counting calendar days in the business time zone (e.g. days since
 *   1970-01-01); "as-of" is a day number too, and durations are plain differences (as-of − first purchase),
 *   so a first purchase on 1997-01-01 with as-of 1997-09-30 gives T = 272 days = 38.857 weeks.
 * - Model time unit: `'day'` (1 day) or `'week'` (7 days).
 * - 1 month = 30.4375 days (365.25 / 12) = 4.348214 weeks. The CLV horizon and discounting are monthly.
 *
 * @module
 */
import {
  bgnbdConditionalExpectedPurchases,
  bgnbdLogDeadOdds,
  bgnbdPurchaseBracket,
  fitBgNbd,
  pAliveFromLogOdds,
  type BgNbdFit,
  type BgNbdParams,
} from './bgnbd.js';
import { DistinctValues } from './distinct-values.js';
import { fitGammaGamma, gammaGammaExpectedSpend, type GammaGammaFit, type GammaGammaParams } from './gamma-gamma.js';

/** Model time unit. */
export type TimeUnit = 'day' | 'week';

/** Days in an average Gregorian month: 365.25 / 12. */
export const DAYS_PER_MONTH = 30.4375;

/** Length of one model time unit in days: 1 for `'day'`, 7 for `'week'`. */
export function daysPerUnit(unit: TimeUnit): number {
  return unit === 'week' ? 7 : 1;
}

/** Model time units in one month: 30.4375 for `'day'`, 30.4375 / 7 ≈ 4.348214 for `'week'`. */
export function unitsPerMonth(unit: TimeUnit): number {
  return DAYS_PER_MONTH / daysPerUnit(unit);
}

/** BG/NBD / Gamma-Gamma summary of one customer, times in the model unit. */
export interface CustomerSummary {
  /** Repeat purchase days: distinct purchase days − 1. */
  x: number;
  /** Last purchase day − first purchase day, in the model unit. */
  tx: number;
  /** As-of day − first purchase day, in the model unit. */
  T: number;
  /** Mean of the per-day totals of the repeat purchase days (first day excluded); 0 when x = 0. */
  monetary: number;
  /** Days from the last purchase to the as-of day. */
  recencyDays: number;
}

/**
 * Summarise one customer's purchases for the models. Purchases are merged per calendar day (amounts of
 * the same day summed); days after `asOfDay` are ignored (calibration period ends at as-of).
 *
 * x = distinct purchase days − 1; t_x = (last − first)/u; T = (asOf − first)/u with u = days per unit;
 * monetary = mean of the day totals excluding the first purchase day (Fader & Hardie's m̄ for
 * Gamma-Gamma; 0 when x = 0).
 *
 * Edge cases: no purchase on or before `asOfDay` → `null`. Input need not be sorted; amounts are optional
 * (monetary is then 0).
 *
 * @param purchaseDays day numbers of the purchases (orders), any order, duplicates allowed
 * @param amounts revenue of each purchase (same length as `purchaseDays`), optional
 * @param asOfDay end of the observation period (day number)
 */
export function customerSummary(
  purchaseDays: ArrayLike<number>,
  amounts: ArrayLike<number> | undefined,
  asOfDay: number,
  unit: TimeUnit,
): CustomerSummary | null {
  if (amounts && amounts.length !== purchaseDays.length) throw new RangeError('customerSummary: amounts and purchaseDays differ in length');
  const byDay = new Map<number, number>();
  for (let i = 0; i < purchaseDays.length; i++) {
    const d = purchaseDays[i] as number;
    if (!(d <= asOfDay)) continue;
    byDay.set(d, (byDay.get(d) ?? 0) + (amounts ? (amounts[i] as number) : 0));
  }
  if (byDay.size === 0) return null;
  const days = [...byDay.keys()].sort((p, q) => p - q);
  const first = days[0] as number;
  const last = days[days.length - 1] as number;
  const u = daysPerUnit(unit);
  let repeatSum = 0;
  for (let i = 1; i < days.length; i++) repeatSum += byDay.get(days[i] as number) as number;
  const x = days.length - 1;
  return { x, tx: (last - first) / u, T: (asOfDay - first) / u, monetary: x > 0 ? repeatSum / x : 0, recencyDays: asOfDay - last };
}

/** Options of the CLV computation. */
export interface ClvOptions {
  /** Model time unit the parameters were fitted in (default `'week'`). */
  unit?: TimeUnit;
  /** CLV horizon in months (default 12). */
  horizonMonths?: number;
  /** Monthly discount rate d (default 0.01 = 1 %/month). */
  monthlyDiscountRate?: number;
}

/**
 * Discounted CLV of one customer over H months (the `lifetimes` `customer_lifetime_value` method):
 *
 *   CLV = Σ_{i=1..H} S · (E[Y(i·u)] − E[Y((i−1)·u)]) / (1 + d)^i
 *
 * where E[Y(t)] is {@link bgnbdConditionalExpectedPurchases} for the customer's (x, t_x, T), u the model
 * units per month ({@link unitsPerMonth}), d the monthly discount rate and S the Gamma-Gamma expected
 * spend per transaction ({@link gammaGammaExpectedSpend}, the population mean when x = 0).
 * Money unit of the Gamma-Gamma data; H = 0 gives 0; a fractional H is rounded down to whole months.
 * Returns NaN when S is undefined (e.g. x = 0 and q ≤ 1).
 */
export function customerLifetimeValue(
  bg: BgNbdParams,
  gg: GammaGammaParams,
  x: number,
  tx: number,
  T: number,
  monetary: number,
  options: ClvOptions = {},
): number {
  const spend = gammaGammaExpectedSpend(gg, x, monetary);
  return discountedPurchases(bg, x, tx, T, options) * spend;
}

/** Σ_{i=1..H} (E[Y(i·u)] − E[Y((i−1)·u)]) / (1+d)^i: discounted expected purchases over the horizon. */
export function discountedPurchases(bg: BgNbdParams, x: number, tx: number, T: number, options: ClvOptions = {}): number {
  const u = unitsPerMonth(options.unit ?? 'week');
  const H = Math.floor(options.horizonMonths ?? 12);
  const d = options.monthlyDiscountRate ?? 0.01;
  let prev = 0;
  let total = 0;
  for (let i = 1; i <= H; i++) {
    const cum = bgnbdConditionalExpectedPurchases(bg, i * u, x, tx, T);
    total += (cum - prev) / Math.pow(1 + d, i);
    prev = cum;
  }
  return total;
}

/** Per-customer model inputs (same length; times in the model unit). */
export interface ClvModelInput {
  x: ArrayLike<number>;
  tx: ArrayLike<number>;
  T: ArrayLike<number>;
  /** Mean repeat-day value (see {@link customerSummary}); ignored when x = 0. */
  monetary: ArrayLike<number>;
}

/** Per-customer input arrays of {@link clvAnalysis} (same length; times in the model unit). */
export interface ClvInput<Id> extends ClvModelInput {
  customerIds: readonly Id[];
}

/** One customer's scores. `null` where a model could not be fitted. */
export interface ClvCustomer<Id> {
  customerId: Id;
  /** x: repeat purchase days. */
  frequency: number;
  /** t_x in the model unit (`lifetimes`' "recency": time of the last purchase since the first). */
  recency: number;
  T: number;
  monetaryValue: number;
  pAlive: number;
  /** Expected purchases in the next `purchaseHorizon` model units. */
  expectedPurchases: number;
  /** Gamma-Gamma expected spend per purchase; null if Gamma-Gamma could not be fitted. */
  expectedSpend: number | null;
  /** Discounted CLV over `horizonMonths`; null if Gamma-Gamma could not be fitted. */
  clv: number | null;
}

/** Options of {@link clvAnalysis}. */
export interface ClvAnalysisOptions extends ClvOptions {
  /** Horizon of `expectedPurchases`, in model units (default: horizonMonths × units per month). */
  purchaseHorizon?: number;
}

/** Both fitted models of {@link fitClvModels}. */
export type ClvModels =
  | { status: 'ok'; bgnbd: Extract<BgNbdFit, { status: 'ok' }>; gammaGamma: GammaGammaFit }
  | { status: 'insufficient'; reason: string; customers: number };

/** Options of {@link fitClvModels}. */
export interface ClvFitOptions {
  /**
   * Starting parameters, e.g. the last stored fit's (in the same time unit): a warm start reaches the
   * same optimum in fewer steps. Non-finite or non-positive values are ignored (cold start).
   */
  initial?: { bgnbd?: BgNbdParams | undefined; gammaGamma?: GammaGammaParams | undefined };
  /** Wall-time budget of each fit in ms (default that of {@link fitBgNbd} / {@link fitGammaGamma}). */
  timeBudgetMs?: number;
}

/**
 * Fits BG/NBD on (x, t_x, T) and Gamma-Gamma on (x, m̄) of the same customers (see {@link fitBgNbd},
 * {@link fitGammaGamma}). No customers or no repeat purchase → `insufficient` with the BG/NBD reason;
 * a Gamma-Gamma that cannot be fitted is returned as is (its status says why).
 * Throws RangeError on mismatched lengths or invalid rows.
 */
export function fitClvModels(input: ClvModelInput, options: ClvFitOptions = {}): ClvModels {
  const n = input.x.length;
  if (input.tx.length !== n || input.T.length !== n || input.monetary.length !== n) {
    throw new RangeError('clv: x, tx, T and monetary must have the same length');
  }
  const budget = options.timeBudgetMs !== undefined ? { timeBudgetMs: options.timeBudgetMs } : {};
  const bgnbd = fitBgNbd({ x: input.x, tx: input.tx, T: input.T }, { ...(options.initial?.bgnbd ? { initial: options.initial.bgnbd } : {}), ...budget });
  if (bgnbd.status !== 'ok') return { status: 'insufficient', reason: bgnbd.reason, customers: n };
  const gammaGamma = fitGammaGamma(
    { frequency: input.x, monetary: input.monetary },
    { ...(options.initial?.gammaGamma ? { initial: options.initial.gammaGamma } : {}), ...budget },
  );
  return { status: 'ok', bgnbd, gammaGamma };
}

/** Every customer's scores, column-wise (row i = customer i of the input). */
export interface ClvScores {
  /** P(alive) ({@link bgnbdPAlive}). */
  pAlive: Float64Array;
  /** E[Y(purchaseHorizon) | x, t_x, T] ({@link bgnbdConditionalExpectedPurchases}). */
  expectedPurchases: Float64Array;
  /** Gamma-Gamma expected spend per purchase; NaN without a spend model or where it is undefined. */
  expectedSpend: Float64Array;
  /** Discounted CLV ({@link customerLifetimeValue}); NaN where expectedSpend is. */
  clv: Float64Array;
}

/**
 * Scores every customer with fitted models: the values of {@link bgnbdPAlive},
 * {@link bgnbdConditionalExpectedPurchases} over `purchaseHorizon`, {@link gammaGammaExpectedSpend} and
 * {@link customerLifetimeValue} (same formulas and units; `gg` null → spend and CLV NaN).
 *
 * Why not call those per customer: E[Y(t)] = first(x) · B(t; x, T) / (1 + e^{lo(x, t_x, T)}) and only the
 * bracket B needs the ₂F₁ series, which depends on (x, T) but not on t_x; a million customers share a
 * few thousand (x, T) pairs, and the H + 1 series per pair (every month of the CLV horizon and the
 * purchase horizon) are computed once per pair. The discounted sum is then
 * first/(1 + e^{lo}) · Σᵢ (B(i·u) − B((i−1)·u)) / (1+d)^i, a per-pair constant times a per-customer factor,
 * equal to {@link discountedPurchases} up to rounding (~1e-16 relative).
 *
 * Inputs as for {@link fitBgNbd} (x an integer ≥ 0, else RangeError); the monetary value is used only
 * with `gg`. Empty input gives empty columns.
 */
export function clvScores(bg: BgNbdParams, gg: GammaGammaParams | null, input: ClvModelInput, options: ClvAnalysisOptions = {}): ClvScores {
  const n = input.x.length;
  const unit = options.unit ?? 'week';
  const H = Math.floor(options.horizonMonths ?? 12);
  const d = options.monthlyDiscountRate ?? 0.01;
  const u = unitsPerMonth(unit);
  const horizon = options.purchaseHorizon ?? (options.horizonMonths ?? 12) * u;
  // (x, T) pair of every customer: x exactly (an integer) and T by slot.
  const TSlots = new DistinctValues(1024);
  const pairSlots = new DistinctValues(4096);
  const pairOf = new Int32Array(n);
  const TIndex = new Int32Array(n);
  for (let i = 0; i < n; i++) TIndex[i] = TSlots.slot(input.T[i] as number);
  const nT = TSlots.size;
  for (let i = 0; i < n; i++) {
    const x = input.x[i] as number;
    if (!(Number.isInteger(x) && x >= 0)) throw new RangeError(`clvScores: x[${i}] = ${x} is not an integer ≥ 0`);
    pairOf[i] = pairSlots.slot(x * nT + (TIndex[i] as number));
  }
  const pairs = pairSlots.values();
  const Ts = TSlots.values();
  const discountedBracket = new Float64Array(pairs.length);
  const horizonBracket = new Float64Array(pairs.length);
  const discount = Float64Array.from({ length: H + 1 }, (_, i) => Math.pow(1 + d, i));
  for (let k = 0; k < pairs.length; k++) {
    const key = pairs[k] as number;
    const ti = key % nT;
    const x = (key - ti) / nT;
    const T = Ts[ti] as number;
    let prev = 0;
    let total = 0;
    for (let i = 1; i <= H; i++) {
      const cum = bgnbdPurchaseBracket(bg, i * u, x, T);
      total += (cum - prev) / (discount[i] as number);
      prev = cum;
    }
    discountedBracket[k] = total;
    horizonBracket[k] = bgnbdPurchaseBracket(bg, horizon, x, T);
  }
  const pAlive = new Float64Array(n);
  const expectedPurchases = new Float64Array(n);
  const expectedSpend = new Float64Array(n);
  const clv = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = input.x[i] as number;
    const lo = bgnbdLogDeadOdds(bg, x, input.tx[i] as number, input.T[i] as number);
    pAlive[i] = pAliveFromLogOdds(lo);
    const first = (bg.a + bg.b + x - 1) / (bg.a - 1);
    const denom = lo === Number.NEGATIVE_INFINITY ? 1 : 1 + Math.exp(lo);
    const k = pairOf[i] as number;
    expectedPurchases[i] = horizon > 0 ? (first * (horizonBracket[k] as number)) / denom : 0;
    const spend = gg ? gammaGammaExpectedSpend(gg, x, input.monetary[i] as number) : Number.NaN;
    expectedSpend[i] = spend;
    clv[i] = ((first * (discountedBracket[k] as number)) / denom) * spend;
  }
  return { pAlive, expectedPurchases, expectedSpend, clv };
}

/** Result of {@link clvAnalysis}. */
export type ClvAnalysis<Id> =
  | {
      status: 'ok';
      unit: TimeUnit;
      horizonMonths: number;
      monthlyDiscountRate: number;
      purchaseHorizon: number;
      model: {
        /** `dropout` / `heterogeneity`: which drop-out and purchase-rate models the fit chose (see {@link fitBgNbd}). */
        bgnbd: BgNbdParams & { logLikelihood: number; dropout: 'beta' | 'shared'; heterogeneity: 'gamma' | 'same-rate'; converged: boolean };
        /** null when fewer than 2 repeat customers with positive spend (then every clv is null). */
        gammaGamma: (GammaGammaParams & { logLikelihood: number; frequencyMonetaryCorrelation: number; spendScale: 'gamma' | 'shared' }) | null;
      };
      /** Input order (the caller sorts/caps). */
      customers: ClvCustomer<Id>[];
    }
  | { status: 'insufficient'; reason: string; customers: number };

/**
 * Fit BG/NBD and Gamma-Gamma on the given customers and score each: P(alive), expected purchases over
 * `purchaseHorizon`, expected spend and discounted CLV (see {@link customerLifetimeValue},
 * {@link clvScores}).
 *
 * Edge cases: no customers or no repeat purchase → `{ status: 'insufficient', reason }` (the BG/NBD
 * reason); Gamma-Gamma not estimable → `model.gammaGamma = null` and `clv`/`expectedSpend` null.
 * Throws RangeError on mismatched lengths or invalid rows (see {@link fitBgNbd}). Tiny samples give
 * boundary estimates (e.g. a, b → ∞); check `converged` via {@link fitBgNbd} if that matters.
 */
export function clvAnalysis<Id>(input: ClvInput<Id>, options: ClvAnalysisOptions = {}): ClvAnalysis<Id> {
  const n = input.customerIds.length;
  if (input.x.length !== n || input.tx.length !== n || input.T.length !== n || input.monetary.length !== n) {
    throw new RangeError('clvAnalysis: customerIds, x, tx, T and monetary must have the same length');
  }
  const unit = options.unit ?? 'week';
  const horizonMonths = options.horizonMonths ?? 12;
  const monthlyDiscountRate = options.monthlyDiscountRate ?? 0.01;
  const purchaseHorizon = options.purchaseHorizon ?? horizonMonths * unitsPerMonth(unit);
  const fit = fitClvModels(input);
  if (fit.status !== 'ok') return fit;
  const bg = fit.bgnbd.params;
  const ggFit = fit.gammaGamma;
  const gg = ggFit.status === 'ok' ? ggFit.params : null;
  const scores = clvScores(bg, gg, input, { unit, horizonMonths, monthlyDiscountRate, purchaseHorizon });
  const customers: ClvCustomer<Id>[] = [];
  for (let i = 0; i < n; i++) {
    const spend = scores.expectedSpend[i] as number;
    const clv = scores.clv[i] as number;
    customers.push({
      customerId: input.customerIds[i] as Id,
      frequency: input.x[i] as number,
      recency: input.tx[i] as number,
      T: input.T[i] as number,
      monetaryValue: input.monetary[i] as number,
      pAlive: scores.pAlive[i] as number,
      expectedPurchases: scores.expectedPurchases[i] as number,
      expectedSpend: Number.isFinite(spend) ? spend : null,
      clv: Number.isFinite(clv) ? clv : null,
    });
  }
  return {
    status: 'ok',
    unit,
    horizonMonths,
    monthlyDiscountRate,
    purchaseHorizon,
    model: {
      bgnbd: { ...bg, logLikelihood: fit.bgnbd.logLikelihood, dropout: fit.bgnbd.dropout, heterogeneity: fit.bgnbd.heterogeneity, converged: fit.bgnbd.converged },
      gammaGamma:
        ggFit.status === 'ok'
          ? { ...ggFit.params, logLikelihood: ggFit.logLikelihood, frequencyMonetaryCorrelation: ggFit.frequencyMonetaryCorrelation, spendScale: ggFit.spendScale }
          : null,
    },
    customers,
  };
}
