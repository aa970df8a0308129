import { dayNumberOrNaN, isoDay } from '../../analytics/calendar-day.js';
import { CHURN_RULES, classifyChurnColumns, type ChurnColumns, type ChurnRule } from '../../analytics/churn-risk.js';
import { clvScores, daysPerUnit, fitClvModels, unitsPerMonth, type ClvScores, type TimeUnit } from '../../analytics/clv.js';
import { topCandidates } from '../../analytics/top-k.js';
import { customerLabels, type CustomerLabel } from '../../db/queries/customer-labels.js';
import { customerPurchaseColumns, type CustomerPurchaseColumns } from '../../db/queries/customer-purchase-stats.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import { formatInt, formatMoney, formatPercent, countOf } from '../../lib/format.js';
import type { ReportView } from '../../views/report-view.js';
import { evenSamplePositions } from '../chart-sample.js';
import { capped } from '../report-context.js';
import { lastFit } from './last-fit.js';
import type { ReportContext, ReportEnvelope, ReportOption } from '../report-module.js';

/** Below this many customers (or with no repeat buyer) the fits are not trusted; see {@link ClvReport.status}. */
export const MIN_CLV_CUSTOMERS = 20;

/** Model settings after defaults. */
export interface ClvSettings {
  unit: TimeUnit;
  /** Expected-purchases horizon, in `unit`. */
  horizon: number;
  /** CLV horizon in months. */
  months: number;
  /** Monthly discount rate. */
  discount: number;
}

/** One customer scored by both models and the churn rule (shared by the clv and churn reports). */
export interface ScoredCustomer {
  customerId: string;
  name: string;
  salesmanId: string | null;
  salesmanName: string | null;
  /** x: repeat purchase days. */
  frequency: number;
  /** t_x in the model unit. */
  recency: number;
  T: number;
  /** Mean of the repeat purchase days' totals; 0 without repeat purchases. */
  monetaryValue: number;
  /** null when the model could not be fitted (status ≠ ok). */
  pAlive: number | null;
  expectedPurchases: number | null;
  /** Gamma-Gamma expected spend per purchase; null without a spend model. */
  expectedSpend: number | null;
  clv: number | null;
  atRisk: boolean;
  churnRule: ChurnRule;
  /** Distinct purchase days (the "orders" of the churn rule) and distinct orders. */
  purchaseDays: number;
  orders: number;
  firstOrderDay: string;
  lastOrderDay: string;
  daysSinceLastOrder: number;
  typicalGapDays: number | null;
  gapP90Days: number | null;
  /** Net revenue in the window. */
  revenue: number;
  valueAtRisk: number;
}

export interface ClvModel {
  /**
   * `dropoutPerPurchase` = a/(a+b), the mean chance of dropping out after a purchase. `dropout`: the
   * drop-out model the fit chose — `beta` (chances spread across customers) or `shared` (one chance for
   * all; a, b then stand for it with a + b = 1e8, see `fitBgNbd`). `heterogeneity`: the purchase-rate
   * model — `gamma` (rates spread) or `same-rate` (one rate for all; r, α then stand for it with r/α the
   * rate). `converged`: false when the fit
   * stopped at its iteration or time limit (the best point found is used).
   */
  bgnbd: {
    r: number;
    alpha: number;
    a: number;
    b: number;
    logLikelihood: number;
    dropoutPerPurchase: number;
    dropout: 'beta' | 'shared';
    heterogeneity: 'gamma' | 'same-rate';
    converged: boolean;
  };
  /**
   * null when fewer than 2 repeat customers have a positive spend. `spendScale`: `gamma` (typical spend
   * differs across customers) or `shared` (one for all; q, v then stand for it with q = 1e8, see
   * `fitGammaGamma`).
   */
  gammaGamma: {
    p: number;
    q: number;
    v: number;
    logLikelihood: number;
    frequencyMonetaryCorrelation: number;
    spendScale: 'gamma' | 'shared';
    converged: boolean;
  } | null;
}

/**
 * `ok` (possibly with notes in `message`); `unstable` when a parameter ran off to an absurd value, so the
 * figures are shown but not to be trusted; `insufficient` when nothing was fitted (fewer than
 * {@link MIN_CLV_CUSTOMERS} customers or no repeat buyer).
 */
export type ClvStatus = 'ok' | 'unstable' | 'insufficient';

/**
 * Shape parameters beyond this mean a mixing distribution collapsed to a point (a legitimate boundary
 * MLE: customers do not differ measurably in that respect); the optimizer then drifts along a ridge and
 * reports huge values whose ratio is what matters, so people get a sentence instead of the raw numbers.
 */
const COLLAPSED_SHAPE = 1e4;

/** Reads a fit for people: notes on collapsed heterogeneity, and whether a parameter is absurd. */
export function fitDiagnostics(model: ClvModel): { unstable: boolean; notes: string[] } {
  const { r, alpha, a, b } = model.bgnbd;
  const notes: string[] = [];
  const unstable = [r, alpha, a, b].some((v) => !(v > 1e-6 && v < 1e9));
  if (unstable) notes.push('The purchase model did not settle on sensible parameters (too little or too uniform history); treat P(alive) and CLV as rough.');
  if (!unstable && (model.bgnbd.dropout === 'shared' || a > COLLAPSED_SHAPE || b > COLLAPSED_SHAPE)) {
    notes.push(
      `Customers do not differ measurably in how likely they are to stop buying: the model uses one drop-out chance for all, ${formatPercent(a / (a + b))} after each purchase.`,
    );
  }
  if (!unstable && (model.bgnbd.heterogeneity === 'same-rate' || r > COLLAPSED_SHAPE)) notes.push('Customers do not differ measurably in how often they buy: the model uses one purchase rate for all.');
  const gg = model.gammaGamma;
  if (gg && (gg.spendScale === 'shared' || gg.q > COLLAPSED_SHAPE)) notes.push('Customers do not differ measurably in typical spend: expected spend is close to the overall mean.');
  if (gg && gg.p > COLLAPSED_SHAPE) notes.push('Each customer spends about the same on every purchase: expected spend is close to their own average.');
  return { unstable, notes };
}

/**
 * Fitted (or not) models plus every customer in the window, column-wise: row i of every column is one
 * customer (rows ascending by customers.id). A million customers as typed arrays take ~200 MB; as
 * objects with names they took ~1.5 GB of heap, so objects are built only for the customers a report
 * lists (see {@link scoredCustomersAt}).
 */
export interface ScoredCustomers {
  status: ClvStatus;
  /** Why the models were not fitted or are partial; absent when all is well. */
  message?: string;
  settings: ClvSettings;
  model: ClvModel | null;
  customerCount: number;
  repeatCustomers: number;
  /** Per-customer purchase statistics, keyed by customers.id. */
  stats: CustomerPurchaseColumns;
  /** m̄: mean of the repeat purchase days' totals; 0 without repeat purchases. */
  monetary: Float64Array;
  /** Model scores; null when the models were not fitted (status `insufficient`). */
  scores: ClvScores | null;
  /** The churn rule's decision for every customer. */
  churn: ChurnColumns;
}

export interface ClvReport extends Pick<ScoredCustomers, 'status' | 'message' | 'settings' | 'model' | 'customerCount' | 'repeatCustomers'> {
  asOf: string;
  /** Sum of clv over every customer (not only the listed ones); null without a spend model. */
  totalClv: number | null;
  /** Sorted by clv, highest first (customers without a clv last, by revenue). */
  customers: ScoredCustomer[];
  /**
   * Every customer's CLV, ascending, for distribution charts; beyond 2,000 customers 2,000 evenly spaced
   * order statistics. Empty without a spend model.
   */
  clvSample: number[];
}

/** Reads the clv/churn model options with their defaults (docs/analytics.md). */
export function clvSettings(options: Record<string, unknown>): ClvSettings {
  const unit = (options.unit as TimeUnit | undefined) ?? 'week';
  const months = (options.months as number | undefined) ?? 12;
  return {
    unit,
    months,
    discount: (options.discount as number | undefined) ?? 0.01,
    horizon: (options.horizon as number | undefined) ?? months * unitsPerMonth(unit),
  };
}

function describeInsufficient(customers: number, repeat: number): string {
  if (customers === 0) return 'No customer has a purchase in this window, so there is nothing to model.';
  if (repeat === 0) {
    return `None of the ${customers} customers has bought on more than one day, so repeat-buying cannot be modelled yet.`;
  }
  return `Only ${customers} customers in this window; the purchase models need at least ${MIN_CLV_CUSTOMERS} to give trustworthy figures.`;
}

/**
 * One fit per request context: the refresh step stores the clv and churn snapshots from the same
 * context, and both need the same fitted models. A context is never changed after it is built.
 */
const scored = new WeakMap<ReportContext, Promise<ScoredCustomers>>();

/**
 * Fits BG/NBD + Gamma-Gamma on the customers of the window and scores each one, including the churn rule,
 * so the clv and churn reports agree on `atRisk`. One SQL round trip returns every customer's numbers.
 */
export function scoreCustomers(ctx: ReportContext): Promise<ScoredCustomers> {
  let pending = scored.get(ctx);
  if (!pending) {
    pending = fitAndScore(ctx);
    scored.set(ctx, pending);
  }
  return pending;
}

async function fitAndScore(ctx: ReportContext): Promise<ScoredCustomers> {
  const settings = clvSettings(ctx.options);
  const stats = await customerPurchaseColumns(ctx.database, ctx.lines, ctx.asOf);
  const n = stats.length;
  const u = daysPerUnit(settings.unit);
  // Plain loops: Float64Array.from(column, fn) costs ~1 µs an element in V8.
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const monetary = new Float64Array(n);
  let repeatCustomers = 0;
  for (let i = 0; i < n; i++) {
    const repeatDays = (stats.purchaseDays[i] as number) - 1;
    x[i] = repeatDays;
    tx[i] = (stats.spanDays[i] as number) / u;
    T[i] = (stats.ageDays[i] as number) / u;
    monetary[i] = repeatDays > 0 ? (stats.repeatRevenue[i] as number) / repeatDays : 0;
    if (repeatDays > 0) repeatCustomers++;
  }
  let model: ClvModel | null = null;
  let status: ScoredCustomers['status'] = 'insufficient';
  let message: string | undefined;
  let scores: ClvScores | null = null;
  if (n >= MIN_CLV_CUSTOMERS && repeatCustomers > 0) {
    const input = { x, tx, T, monetary };
    const fit = fitClvModels(input, { initial: await lastFit(ctx.database, settings.unit) });
    if (fit.status === 'ok') {
      status = 'ok';
      const { r, alpha, a, b } = fit.bgnbd.params;
      const gg = fit.gammaGamma.status === 'ok' ? fit.gammaGamma : null;
      model = {
        bgnbd: {
          r,
          alpha,
          a,
          b,
          logLikelihood: fit.bgnbd.logLikelihood,
          dropoutPerPurchase: fit.bgnbd.sharedDropout ?? a / (a + b),
          dropout: fit.bgnbd.dropout,
          heterogeneity: fit.bgnbd.heterogeneity,
          converged: fit.bgnbd.converged,
        },
        gammaGamma: gg
          ? {
              p: gg.params.p,
              q: gg.params.q,
              v: gg.params.v,
              logLikelihood: gg.logLikelihood,
              frequencyMonetaryCorrelation: gg.frequencyMonetaryCorrelation,
              spendScale: gg.spendScale,
              converged: gg.converged,
            }
          : null,
      };
      const diagnostics = fitDiagnostics(model);
      if (diagnostics.unstable) status = 'unstable';
      const timedOut = fit.bgnbd.timedOut || (fit.gammaGamma.status === 'ok' && fit.gammaGamma.timedOut);
      const notes = [
        ...diagnostics.notes,
        ...(timedOut ? ['The models stopped at their time limit before settling; the figures use the best fit found.'] : []),
        ...(gg ? [] : ['Fewer than 2 repeat customers with a positive spend: no spend model, so no CLV in money.']),
      ];
      message = notes.length ? notes.join(' ') : undefined;
      scores = clvScores(fit.bgnbd.params, gg?.params ?? null, input, {
        unit: settings.unit,
        horizonMonths: settings.months,
        monthlyDiscountRate: settings.discount,
        purchaseHorizon: settings.horizon,
      });
    } else {
      message = describeInsufficient(n, repeatCustomers);
    }
  } else {
    message = describeInsufficient(n, repeatCustomers);
  }
  const churn = classifyChurnColumns({
    orders: stats.purchaseDays,
    daysSinceLastOrder: stats.daysSinceLast,
    tenureDays: stats.ageDays,
    gapP90Days: stats.gapP90Days,
    pAlive: scores?.pAlive ?? null,
    revenue: stats.revenue,
  });
  return {
    status,
    ...(message ? { message } : {}),
    settings,
    model,
    customerCount: n,
    repeatCustomers,
    stats,
    monetary,
    scores,
    churn,
  };
}

const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);
const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Customer `i` of `s` as listed by the clv and churn reports (names from `label`); `asOfDay` a day number. */
function scoredCustomer(s: ScoredCustomers, i: number, label: CustomerLabel | undefined, asOfDay: number): ScoredCustomer {
  const st = s.stats;
  const u = daysPerUnit(s.settings.unit);
  const id = st.id[i] as number;
  const ageDays = st.ageDays[i] as number;
  const since = st.daysSinceLast[i] as number;
  return {
    customerId: label?.customerId ?? String(id),
    name: label?.name ?? '',
    salesmanId: label?.salesmanId ?? null,
    salesmanName: label?.salesmanName ?? null,
    frequency: (st.purchaseDays[i] as number) - 1,
    recency: (st.spanDays[i] as number) / u,
    T: ageDays / u,
    monetaryValue: s.monetary[i] as number,
    pAlive: s.scores ? (s.scores.pAlive[i] as number) : null,
    expectedPurchases: s.scores ? (s.scores.expectedPurchases[i] as number) : null,
    expectedSpend: s.scores ? finiteOrNull(s.scores.expectedSpend[i] as number) : null,
    clv: s.scores ? finiteOrNull(s.scores.clv[i] as number) : null,
    atRisk: s.churn.atRisk[i] === 1,
    churnRule: CHURN_RULES[s.churn.rule[i] as number] as ChurnRule,
    purchaseDays: st.purchaseDays[i] as number,
    orders: st.orders[i] as number,
    firstOrderDay: isoDay(asOfDay - ageDays),
    lastOrderDay: isoDay(asOfDay - since),
    daysSinceLastOrder: since,
    typicalGapDays: orNull(st.gapP50Days[i] as number),
    gapP90Days: orNull(st.gapP90Days[i] as number),
    revenue: st.revenue[i] as number,
    valueAtRisk: s.churn.valueAtRisk[i] as number,
  };
}

/**
 * The listed customers of `s` at the given rows, with names: one query for just these customers.
 * Unsorted; callers sort with their comparator.
 */
export async function scoredCustomersAt(database: Database, s: ScoredCustomers, rows: Int32Array, asOf: string): Promise<ScoredCustomer[]> {
  const labels = await customerLabels(database, Array.from(rows, (i) => s.stats.id[i] as number));
  const asOfDay = dayNumberOrNaN(asOf);
  return Array.from(rows, (i) => scoredCustomer(s, i, labels.get(s.stats.id[i] as number), asOfDay));
}

/** clv desc; customers without a clv after, by revenue; then id for a stable order. */
function byClv(p: ScoredCustomer, q: ScoredCustomer): number {
  if (p.clv !== null && q.clv !== null && p.clv !== q.clv) return q.clv - p.clv;
  if ((p.clv === null) !== (q.clv === null)) return p.clv === null ? 1 : -1;
  return q.revenue - p.revenue || (p.customerId < q.customerId ? -1 : p.customerId > q.customerId ? 1 : 0);
}

/**
 * Rows that can make the first `limit` by {@link byClv} (0 = every row): the customers with a clv by
 * clv, then — when fewer than `limit` have one — those without by revenue; ties at the cut included.
 */
function clvCandidates(s: ScoredCustomers, limit: number): Int32Array {
  const n = s.stats.length;
  const clv = new Float64Array(n).fill(Number.NaN);
  const revenue = new Float64Array(n).fill(Number.NaN);
  let withClv = 0;
  for (let i = 0; i < n; i++) {
    const v = s.scores ? (s.scores.clv[i] as number) : Number.NaN;
    if (Number.isFinite(v)) {
      clv[i] = v;
      withClv++;
    } else {
      revenue[i] = s.stats.revenue[i] as number;
    }
  }
  if (limit > 0 && withClv >= limit) return topCandidates(clv, limit);
  const first = topCandidates(clv, 0);
  const rest = topCandidates(revenue, limit > 0 ? limit - withClv : 0);
  const out = new Int32Array(first.length + rest.length);
  out.set(first);
  out.set(rest, first.length);
  return out;
}

/** CLV report body: models, and customers ranked by discounted 12-month value. */
export async function computeClv(ctx: ReportContext): Promise<ClvReport> {
  const scored = await scoreCustomers(ctx);
  const n = scored.customerCount;
  // Totals and the chart sample cover every customer; only the listed ones become objects.
  let totalClv: number | null = null;
  let values = new Float64Array(0);
  if (scored.model?.gammaGamma && scored.scores && n > 0) {
    const clv = scored.scores.clv;
    values = new Float64Array(n);
    let m = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const v = clv[i] as number;
      if (!Number.isFinite(v)) continue;
      total += v;
      values[m++] = v;
    }
    totalClv = total;
    values = values.subarray(0, m).sort();
  }
  const listed = (await scoredCustomersAt(ctx.database, scored, clvCandidates(scored, ctx.limit), ctx.asOf)).sort(byClv);
  return {
    status: scored.status,
    ...(scored.message ? { message: scored.message } : {}),
    settings: scored.settings,
    model: scored.model,
    customerCount: n,
    repeatCustomers: scored.repeatCustomers,
    customers: capped(listed, ctx.limit),
    asOf: ctx.asOf,
    totalClv,
    clvSample: evenSamplePositions(values.length).map((k) => values[k] as number),
  };
}

function usage(message: string): AppError {
  return new AppError('USAGE', message);
}

/** Model flags shared by clv and churn (churn uses the same fit, so P(alive) agrees). */
export const MODEL_OPTIONS: ReportOption[] = [
  {
    key: 'unit',
    flag: '--unit <unit>',
    description: 'model time unit: day or week (default week)',
    parse(v) {
      const unit = v.trim().toLowerCase();
      if (unit !== 'day' && unit !== 'week') throw usage(`--unit must be day or week, got "${v}".`);
      return unit;
    },
  },
];

export const CLV_OPTIONS: ReportOption[] = [
  {
    key: 'horizon',
    flag: '--horizon <periods>',
    description: 'expected purchases over this many units ahead (default: the CLV months in units)',
    parse(v) {
      const n = Number(v);
      if (!(Number.isFinite(n) && n > 0 && n <= 5200)) throw usage(`--horizon must be a number of periods > 0, got "${v}".`);
      return n;
    },
  },
  ...MODEL_OPTIONS,
  {
    key: 'months',
    flag: '--months <n>',
    description: 'CLV horizon in months (default 12)',
    parse(v) {
      const n = Number(v);
      if (!(Number.isInteger(n) && n >= 1 && n <= 120)) throw usage(`--months must be a whole number from 1 to 120, got "${v}".`);
      return n;
    },
  },
  {
    key: 'discount',
    flag: '--discount <rate>',
    description: 'monthly discount rate, e.g. 0.01 for 1 %/month (default 0.01)',
    parse(v) {
      const n = Number(v);
      if (!(v.trim() !== '' && Number.isFinite(n) && n >= 0 && n < 1)) {
        throw usage(`--discount is a monthly rate from 0 to below 1 (e.g. 0.01), got "${v}".`);
      }
      return n;
    },
  },
];

const fmt2 = (v: number | null): string => (v === null ? '—' : v.toFixed(2));

export function clvView(r: ClvReport & ReportEnvelope): ReportView {
  const g = r.model?.bgnbd;
  return {
    title: `Customer lifetime value · as of ${r.asOf}`,
    keyFigures: [
      { label: 'Customers modelled', value: formatInt(r.customerCount) },
      { label: 'Repeat customers', value: formatInt(r.repeatCustomers) },
      { label: `CLV, ${countOf(r.settings.months, 'month')}`, value: r.totalClv === null ? '—' : formatMoney(r.totalClv) },
      ...(g ? [{ label: 'Drop-out chance per purchase', value: formatPercent(g.dropoutPerPurchase) }] : []),
    ],
    columns: [
      { label: 'customer' },
      { label: 'repeat days', align: 'r' },
      { label: 'P(alive)', align: 'r' },
      { label: `exp. purchases (${r.settings.horizon.toFixed(0)} ${r.settings.unit}s)`, align: 'r' },
      { label: 'CLV', align: 'r' },
      { label: 'at risk' },
    ],
    rows: r.customers.map((c) => [
      c.name || c.customerId,
      formatInt(c.frequency),
      c.pAlive === null ? '—' : formatPercent(c.pAlive),
      fmt2(c.expectedPurchases),
      c.clv === null ? '—' : formatMoney(c.clv),
      c.atRisk ? 'yes' : 'no',
    ]),
    notes: [
      ...(r.message ? [r.message] : []),
    ],
    totalRows: r.customerCount,
    ...(r.customers.length < r.customerCount ? { cutNote: `Top ${r.customers.length} of ${countOf(r.customerCount, 'customer')} by CLV; --limit 0 for all.` } : {}),
    export: {
      columns: ['customer_id', 'customer', 'salesman_id', 'salesman', 'repeat_days', 'recency', 'age', 'p_alive', 'expected_purchases', 'expected_spend', 'clv', 'at_risk', 'revenue'],
      rows: r.customers.map((c) => [
        c.customerId,
        c.name,
        c.salesmanId,
        c.salesmanName,
        c.frequency,
        c.recency,
        c.T,
        c.pAlive,
        c.expectedPurchases,
        c.expectedSpend,
        c.clv,
        c.atRisk ? 'yes' : 'no',
        c.revenue,
      ]),
    },
  };
}

