import { classifyChurnRisk, type ChurnRule } from '../../analytics/churn-risk.js';
import { clvAnalysis, daysPerUnit, unitsPerMonth, type TimeUnit } from '../../analytics/clv.js';
import { customerPurchaseStats, type CustomerPurchaseStatsRow } from '../../db/queries/customer-purchase-stats.js';
import { AppError } from '../../lib/errors.js';
import { formatInt, formatMoney, formatPercent } from '../../lib/format.js';
import type { ReportView } from '../../views/report-view.js';
import { evenSample } from './chart-sample.js';
import { capped } from './run-report.js';
import type { ReportContext, ReportDefinition, ReportEnvelope, ReportOption } from './report-types.js';
import { snapshotFor } from './snapshot.js';

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
  /** `dropoutPerPurchase` = a/(a+b), the mean chance of dropping out after a purchase. */
  bgnbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number; dropoutPerPurchase: number };
  /** null when fewer than 2 repeat customers have a positive spend. */
  gammaGamma: { p: number; q: number; v: number; logLikelihood: number; frequencyMonetaryCorrelation: number } | null;
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
  if (!unstable && (a > COLLAPSED_SHAPE || b > COLLAPSED_SHAPE)) {
    notes.push(
      `Customers do not differ measurably in how likely they are to stop buying: the model uses one drop-out chance for all, ${formatPercent(a / (a + b))} after each purchase.`,
    );
  }
  if (!unstable && r > COLLAPSED_SHAPE) notes.push('Customers do not differ measurably in how often they buy: the model uses one purchase rate for all.');
  const gg = model.gammaGamma;
  if (gg && gg.q > COLLAPSED_SHAPE) notes.push('Customers do not differ measurably in typical spend: expected spend is close to the overall mean.');
  if (gg && gg.p > COLLAPSED_SHAPE) notes.push('Each customer spends about the same on every purchase: expected spend is close to their own average.');
  return { unstable, notes };
}

/** Fitted (or not) models plus every customer in the window, unsorted. */
export interface ScoredCustomers {
  status: ClvStatus;
  /** Why the models were not fitted or are partial; absent when all is well. */
  message?: string;
  settings: ClvSettings;
  model: ClvModel | null;
  customerCount: number;
  repeatCustomers: number;
  customers: ScoredCustomer[];
}

export interface ClvReport extends Omit<ScoredCustomers, 'customers'> {
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
 * so the clv and churn reports agree on `atRisk`. One SQL round trip returns one row per customer.
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
  const stats = await customerPurchaseStats(ctx.database, ctx.lines, ctx.asOf);
  const n = stats.length;
  const u = daysPerUnit(settings.unit);
  const x = Float64Array.from(stats, (s) => s.repeatDays);
  const repeatCustomers = x.reduce((k, v) => k + (v > 0 ? 1 : 0), 0);
  const monetary = Float64Array.from(stats, (s) => (s.repeatDays > 0 ? s.repeatRevenue / s.repeatDays : 0));
  let model: ClvModel | null = null;
  let status: ScoredCustomers['status'] = 'insufficient';
  let message: string | undefined;
  let scores: { pAlive: number; expectedPurchases: number; expectedSpend: number | null; clv: number | null }[] | null = null;
  if (n >= MIN_CLV_CUSTOMERS && repeatCustomers > 0) {
    const analysis = clvAnalysis(
      {
        customerIds: stats.map((s) => s.customerId),
        x,
        tx: Float64Array.from(stats, (s) => s.spanDays / u),
        T: Float64Array.from(stats, (s) => s.ageDays / u),
        monetary,
      },
      { unit: settings.unit, horizonMonths: settings.months, monthlyDiscountRate: settings.discount, purchaseHorizon: settings.horizon },
    );
    if (analysis.status === 'ok') {
      status = 'ok';
      const { logLikelihood, r, alpha, a, b } = analysis.model.bgnbd;
      const gg = analysis.model.gammaGamma;
      model = {
        bgnbd: { r, alpha, a, b, logLikelihood, dropoutPerPurchase: a / (a + b) },
        gammaGamma: gg
          ? { p: gg.p, q: gg.q, v: gg.v, logLikelihood: gg.logLikelihood, frequencyMonetaryCorrelation: gg.frequencyMonetaryCorrelation }
          : null,
      };
      const diagnostics = fitDiagnostics(model);
      if (diagnostics.unstable) status = 'unstable';
      const notes = [...diagnostics.notes, ...(gg ? [] : ['Fewer than 2 repeat customers with a positive spend: no spend model, so no CLV in money.'])];
      message = notes.length ? notes.join(' ') : undefined;
      scores = analysis.customers;
    } else {
      message = describeInsufficient(n, repeatCustomers);
    }
  } else {
    message = describeInsufficient(n, repeatCustomers);
  }
  const customers = stats.map((s: CustomerPurchaseStatsRow, i): ScoredCustomer => {
    const score = scores?.[i];
    const churn = classifyChurnRisk({
      orders: s.purchaseDays,
      daysSinceLastOrder: s.daysSinceLast,
      tenureDays: s.ageDays,
      typicalGapDays: s.gapP50Days,
      gapP90Days: s.gapP90Days,
      pAlive: score?.pAlive ?? null,
      revenue: s.revenue,
    });
    return {
      customerId: s.customerId,
      name: s.name,
      salesmanId: s.salesmanId,
      salesmanName: s.salesmanName,
      frequency: s.repeatDays,
      recency: s.spanDays / u,
      T: s.ageDays / u,
      monetaryValue: monetary[i] as number,
      pAlive: score?.pAlive ?? null,
      expectedPurchases: score?.expectedPurchases ?? null,
      expectedSpend: score?.expectedSpend ?? null,
      clv: score?.clv ?? null,
      atRisk: churn.atRisk,
      churnRule: churn.rule,
      purchaseDays: s.purchaseDays,
      orders: s.orders,
      firstOrderDay: s.firstDay,
      lastOrderDay: s.lastDay,
      daysSinceLastOrder: s.daysSinceLast,
      typicalGapDays: s.gapP50Days,
      gapP90Days: s.gapP90Days,
      revenue: s.revenue,
      valueAtRisk: churn.valueAtRisk,
    };
  });
  return {
    status,
    ...(message ? { message } : {}),
    settings,
    model,
    customerCount: n,
    repeatCustomers,
    customers,
  };
}

/** clv desc; customers without a clv after, by revenue; then id for a stable order. */
function byClv(p: ScoredCustomer, q: ScoredCustomer): number {
  if (p.clv !== null && q.clv !== null && p.clv !== q.clv) return q.clv - p.clv;
  if ((p.clv === null) !== (q.clv === null)) return p.clv === null ? 1 : -1;
  return q.revenue - p.revenue || (p.customerId < q.customerId ? -1 : p.customerId > q.customerId ? 1 : 0);
}

/** CLV report body: models, and customers ranked by discounted 12-month value. */
export async function computeClv(ctx: ReportContext): Promise<ClvReport> {
  const scored = await scoreCustomers(ctx);
  const withClv = scored.model?.gammaGamma ? scored.customers : [];
  const totalClv = withClv.length ? withClv.reduce((s, c) => s + (c.clv ?? 0), 0) : null;
  const values = withClv.flatMap((c) => (c.clv === null ? [] : [c.clv])).sort((p, q) => p - q);
  return { ...scored, asOf: ctx.asOf, totalClv, customers: capped([...scored.customers].sort(byClv), ctx.limit), clvSample: evenSample(values) };
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
      { label: `CLV, ${r.settings.months} months`, value: r.totalClv === null ? '—' : formatMoney(r.totalClv) },
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
      c.atRisk ? 'yes' : '',
    ]),
    notes: r.message ? [r.message] : [],
  };
}

export const clvReport: ReportDefinition<ClvReport> = {
  name: 'clv',
  title: 'Customer lifetime value',
  summary: 'BG/NBD + Gamma-Gamma: P(alive), expected purchases and discounted CLV per customer',
  options: CLV_OPTIONS,
  async run(ctx) {
    return (await snapshotFor<ClvReport>(ctx, 'clv')) ?? computeClv(ctx);
  },
  view: clvView,
};
