/**
 * Gamma-Gamma model of spend per transaction (Fader & Hardie 2013, "The Gamma-Gamma model of monetary
 * value"; `lifetimes`' GammaGammaFitter).
 *
 * A customer's individual transaction values are Gamma(p, ν); ν varies across customers as Gamma(q, v).
 * The observed mean m̄ of x transactions is then Gamma(px, νx). Fitted on repeat customers only
 * (x > 0), with m̄ = mean value of the repeat transactions (the first purchase excluded), so that the
 * model is independent of the BG/NBD count. Money unit: whatever the caller passes (v is in that unit).
 *
 * @module
 */
import digamma from '@stdlib/math-base-special-digamma';
import gammaln from '@stdlib/math-base-special-gammaln';
import { DistinctValues, hashNumber } from './distinct-values.js';
import { bfgsLogParameters, nelderMeadLogParameters, type LogParameterResult } from './optimize.js';

/** Gamma-Gamma parameters (all > 0): transaction values ~ Gamma(p, ν), ν ~ Gamma(q, v). */
export interface GammaGammaParams {
  p: number;
  q: number;
  /** Scale of the heterogeneity, in the money unit of the data. */
  v: number;
}

/** Per-customer inputs (same length): repeat-transaction count x and mean repeat-transaction value m̄. */
export interface GammaGammaData {
  /** Number of repeat transactions (x in BG/NBD). Customers with x = 0 are skipped. */
  frequency: ArrayLike<number>;
  /** Mean value of the repeat transactions; customers with a value ≤ 0 (or not finite) are skipped. */
  monetary: ArrayLike<number>;
}

/** Result of {@link fitGammaGamma}. */
export type GammaGammaFit =
  | {
      status: 'ok';
      params: GammaGammaParams;
      /** Maximised log-likelihood over the customers used. */
      logLikelihood: number;
      /** Customers used in the fit (x > 0 and m̄ > 0). */
      customers: number;
      /** Customers skipped because x = 0. */
      skippedNonRepeat: number;
      /** Customers skipped because m̄ ≤ 0 or not finite (refunds, free orders). */
      skippedNonPositive: number;
      /**
       * Pearson correlation between x and m̄ among the customers used; the model assumes independence,
       * so a value far from 0 (say |ρ| > 0.3) is a warning sign. NaN with fewer than 2 customers.
       */
      frequencyMonetaryCorrelation: number;
      iterations: number;
      /** False when the fit stopped at a limit (iterations, stall, time budget) before its tolerances. */
      converged: boolean;
      /** Optimizer whose answer this is (see {@link fitGammaGamma}). */
      method: 'bfgs' | 'nelder-mead';
      /** True when the time budget ended the fit (the best point found is returned). */
      timedOut: boolean;
      /** Distinct (x, x·m̄) pairs the likelihood was evaluated on. */
      uniquePairs: number;
      /**
       * Model of ν, the rate of a customer's transaction values (see {@link fitGammaGamma}): `gamma`,
       * spread as Gamma(q, v); `shared`, one ν for all (the Gamma collapsed to a point mass), in which
       * case `params` carry q = {@link SHARED_SCALE_CONCENTRATION}, v = q/ν and `sharedScale` = ν.
       */
      spendScale: 'gamma' | 'shared';
      /** The shared ν (only with `spendScale: 'shared'`); the population's mean transaction value is p/ν. */
      sharedScale?: number;
    }
  | {
      status: 'insufficient';
      /** Fewer than 2 usable repeat customers: the three parameters cannot be estimated. */
      reason: 'too-few-repeat-customers';
      customers: number;
      skippedNonRepeat: number;
      skippedNonPositive: number;
    }
  | { status: 'failed'; reason: 'optimizer-failed'; customers: number };

/**
 * Usable customers (x > 0, m̄ > 0) with what the likelihood needs: everything but Σ (px+q) ln(x m̄ + v)
 * is a constant or a sum per distinct x, and that term depends on (x, x·m̄) alone, so it is evaluated
 * once per distinct (x, x·m̄) pair, times the number of customers with it (exact: identical customers
 * add identical terms). Pairs are in ascending (x, x·m̄) order, so the sums do not depend on the input
 * order.
 */
interface Prepared {
  /** Per usable customer: x and m̄ (for the correlation and subsamples). */
  x: Float64Array;
  m: Float64Array;
  /** Distinct (x, x·m̄) pairs, ascending, and how many customers have each. */
  gx: Float64Array;
  gxm: Float64Array;
  gw: Float64Array;
  /** Distinct x values and how many customers have each. */
  xs: Float64Array;
  nx: Float64Array;
  /** Σ ln m̄, Σ x ln m̄ + Σ x ln x. */
  sumLnM: number;
  sumXLnMX: number;
  skippedNonRepeat: number;
  skippedNonPositive: number;
}

function prepare(data: GammaGammaData): Prepared {
  const n = data.frequency.length;
  const { frequency, monetary } = data;
  if (monetary.length !== n) throw new RangeError('Gamma-Gamma data: frequency and monetary must have the same length');
  const x = new Float64Array(n);
  const m = new Float64Array(n);
  const xSlot = new Int32Array(n);
  const slots = new DistinctValues();
  let perSlot = new Float64Array(64); // customers per distinct x, by slot
  let used = 0;
  let skippedNonRepeat = 0;
  let skippedNonPositive = 0;
  let sumLnM = 0;
  let sumXLnM = 0;
  for (let i = 0; i < n; i++) {
    const xi = frequency[i] as number;
    const mi = monetary[i] as number;
    if (!(Number.isInteger(xi) && xi >= 0)) throw new RangeError(`Gamma-Gamma data: frequency[${i}] = ${xi} is not an integer ≥ 0`);
    if (xi === 0) {
      skippedNonRepeat++;
      continue;
    }
    if (!(mi > 0 && Number.isFinite(mi))) {
      skippedNonPositive++;
      continue;
    }
    x[used] = xi;
    m[used] = mi;
    const s = slots.slot(xi);
    xSlot[used] = s;
    used++;
    if (s >= perSlot.length) {
      const bigger = new Float64Array(perSlot.length * 2);
      bigger.set(perSlot);
      perSlot = bigger;
    }
    perSlot[s] = (perSlot[s] as number) + 1;
    const lnM = Math.log(mi);
    sumLnM += lnM;
    sumXLnM += xi * lnM;
  }
  const { values: xs, rank } = slots.ascending();
  const nx = new Float64Array(xs.length);
  for (let s = 0; s < xs.length; s++) nx[rank[s] as number] = perSlot[s] as number;
  let sumXLnX = 0;
  for (let k = 0; k < xs.length; k++) sumXLnX += (nx[k] as number) * (xs[k] as number) * Math.log(xs[k] as number);
  // Distinct (x, x·m̄) pairs in ascending order: customers bucketed by x (counting sort by the rank of x),
  // each bucket's x·m̄ sorted natively, then equal runs counted. Linear but for the typed-array sorts.
  const offset = new Int32Array(xs.length + 1);
  for (let k = 0; k < xs.length; k++) offset[k + 1] = (offset[k] as number) + (nx[k] as number);
  const fill = offset.slice(0, xs.length);
  const byX = new Float64Array(used);
  for (let i = 0; i < used; i++) {
    const k = rank[xSlot[i] as number] as number;
    byX[fill[k] as number] = (x[i] as number) * (m[i] as number);
    fill[k] = (fill[k] as number) + 1;
  }
  let g = 0;
  for (let k = 0; k < xs.length; k++) {
    const bucket = byX.subarray(offset[k] as number, offset[k + 1] as number).sort();
    for (let j = 0; j < bucket.length; j++) if (j === 0 || bucket[j] !== bucket[j - 1]) g++;
  }
  const gx = new Float64Array(g);
  const gxm = new Float64Array(g);
  const gw = new Float64Array(g);
  let at = -1;
  for (let k = 0; k < xs.length; k++) {
    const from = offset[k] as number;
    const to = offset[k + 1] as number;
    for (let j = from; j < to; j++) {
      if (j === from || byX[j] !== byX[j - 1]) {
        at++;
        gx[at] = xs[k] as number;
        gxm[at] = byX[j] as number;
      }
      gw[at] = (gw[at] as number) + 1;
    }
  }
  return {
    x: x.slice(0, used),
    m: m.slice(0, used),
    gx,
    gxm,
    gw,
    xs,
    nx,
    sumLnM,
    sumXLnMX: sumXLnM + sumXLnX,
    skippedNonRepeat,
    skippedNonPositive,
  };
}

/**
 * Σᵢ ln Lᵢ = Σₓ nₓ[ln Γ(px+q) − ln Γ(px)] − N ln Γ(q) + N q ln v + p(Σ x ln m̄ + Σ x ln x) − Σ ln m̄
 *            − Σ_pairs w (p x + q) ln(x m̄ + v);
 * with `grad`, also writes ∂/∂(p, q, v).
 */
function logLikelihoodPrepared(p: number, q: number, v: number, d: Prepared, grad?: Float64Array): number {
  const N = d.x.length;
  const lnV = Math.log(v);
  let ll = N * (q * lnV - gammaln(q)) + p * d.sumXLnMX - d.sumLnM;
  let gp = d.sumXLnMX;
  let gq = N * lnV;
  if (grad) gq -= N * digamma(q);
  for (let k = 0; k < d.xs.length; k++) {
    const x = d.xs[k] as number;
    const c = d.nx[k] as number;
    const px = p * x;
    ll += c * (gammaln(px + q) - gammaln(px));
    if (grad) {
      const psi = digamma(px + q);
      gp += c * x * (psi - digamma(px));
      gq += c * psi;
    }
  }
  const { gx, gxm, gw } = d;
  const G = gx.length;
  let sumL = 0;
  let sumXL = 0;
  if (!grad) {
    for (let k = 0; k < G; k++) {
      const wL = (gw[k] as number) * Math.log((gxm[k] as number) + v);
      sumL += wL;
      sumXL += (gx[k] as number) * wL;
    }
    return ll - p * sumXL - q * sumL;
  }
  let sumInv = 0;
  let sumXInv = 0;
  for (let k = 0; k < G; k++) {
    const s = (gxm[k] as number) + v;
    const w = gw[k] as number;
    const wL = w * Math.log(s);
    const xi = gx[k] as number;
    const wInv = w / s;
    sumL += wL;
    sumXL += xi * wL;
    sumInv += wInv;
    sumXInv += xi * wInv;
  }
  grad[0] = gp - sumXL;
  grad[1] = gq - sumL;
  grad[2] = (N * q) / v - p * sumXInv - q * sumInv;
  return ll - p * sumXL - q * sumL;
}

/**
 * Gamma-Gamma log-likelihood over repeat customers (skips x = 0 and m̄ ≤ 0 as {@link fitGammaGamma}):
 *
 *   ln Lᵢ = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln m̄ + px ln x − (px+q) ln(x m̄ + v)
 *
 * Empty data gives 0. Throws RangeError for a non-integer or negative frequency.
 */
export function gammaGammaLogLikelihood(params: GammaGammaParams, data: GammaGammaData): number {
  const d = prepare(data);
  if (d.x.length === 0) return 0;
  return logLikelihoodPrepared(params.p, params.q, params.v, d);
}

/** Options of {@link fitGammaGamma}. */
export interface GammaGammaFitOptions {
  /** Starting values (default p = q = v = 1, as `lifetimes`); ignored when a value is not finite and > 0. */
  initial?: GammaGammaParams;
  /** `auto` (default): BFGS with Nelder–Mead as the fallback; `nelder-mead`: Nelder–Mead only. */
  method?: 'auto' | 'nelder-mead';
  /** Iterations of each optimiser run (default: the optimiser's own). */
  maxIterations?: number;
  /** Wall-time budget of the fit in ms (default 10,000): then the best point found, `converged: false`. */
  timeBudgetMs?: number;
}

/** Customers in the warm-start subsample of a large fit (see {@link fitGammaGamma}). */
const WARM_START_CUSTOMERS = 50_000;

/**
 * Maximum-likelihood fit of the Gamma-Gamma spend model over (ln p, ln q, ln v): BFGS with the analytic
 * gradient; its answer stands when it converges with p, q inside [1.1e-4, 8.9e3] (`spendScale: 'gamma'`).
 * Otherwise the optimum may lie at infinity on the ridge q, v → ∞ with q/v = ν — customers do not
 * differ measurably in typical spend — so the reduced model with one shared ν
 * ({@link gammaGammaSharedLogLikelihood}) is fitted; it is chosen (`spendScale: 'shared'`) when the full
 * model gains at most 1.35 in log-likelihood over it (the 5 % likelihood-ratio test of a boundary
 * parameter, as for BG/NBD's drop-out). Else Nelder–Mead from the cold start (p = q = v = 1) decides,
 * as before (see `minimizeLogParameters` in `optimize.ts`). One evaluation costs one logarithm per customer; beyond
 * 200,000 customers BFGS starts from a fit on ~50,000 of them (chosen by a hash of m̄), so the full
 * likelihood is evaluated a few times instead of ~40.
 *
 * Customers with the same (x, x·m̄) count once with their number as weight (exact).
 *
 * Work is bounded: BFGS gives up once p or q leaves [1e-5, 1e5] (its answer could not stand; a
 * collapsed mixing distribution is a ridge to infinity), Nelder–Mead stops by its stall check, every
 * run by `maxIterations`, the whole fit by `timeBudgetMs`; a fit cut short returns the best point found,
 * `converged: false` (`timedOut` when the budget ended it). `initial` warm-starts the fit (e.g. the last
 * stored parameters).
 *
 * Only customers with x > 0 and m̄ > 0 enter; the others are counted in `skippedNonRepeat` /
 * `skippedNonPositive`. Fewer than 2 usable customers → `{ status: 'insufficient' }`.
 * Log-parameters are bounded to [−30, 30].
 */
export function fitGammaGamma(data: GammaGammaData, options: GammaGammaFitOptions = {}): GammaGammaFit {
  const d = prepare(data);
  const n = d.x.length;
  if (n < 2) {
    return {
      status: 'insufficient',
      reason: 'too-few-repeat-customers',
      customers: n,
      skippedNonRepeat: d.skippedNonRepeat,
      skippedNonPositive: d.skippedNonPositive,
    };
  }
  const withGradient = (on: Prepared) => {
    const grad = new Float64Array(3);
    const size = on.x.length;
    return (lp: Float64Array, g: Float64Array): number => {
      const p = [Math.exp(lp[0] as number), Math.exp(lp[1] as number), Math.exp(lp[2] as number)];
      const ll = logLikelihoodPrepared(p[0] as number, p[1] as number, p[2] as number, on, grad);
      for (let j = 0; j < 3; j++) g[j] = (-(grad[j] as number) * (p[j] as number)) / size; // ∂/∂ln θ = θ ∂/∂θ
      return -ll / size;
    };
  };
  const given = options.initial;
  // A warm start with an unusable value (a corrupt stored fit) starts cold instead.
  const init = given && [given.p, given.q, given.v].every((x) => x > 0 && Number.isFinite(x)) ? given : { p: 1, q: 1, v: 1 };
  const limits = {
    deadline: performance.now() + (options.timeBudgetMs ?? 10_000),
    ...(options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : {}),
  };
  const start = [Math.log(init.p), Math.log(init.q), Math.log(init.v)];
  const coarse = () => {
    // Warm start on ~1/step of the customers, chosen by a hash of m̄ so the choice ignores input order.
    const step = Math.floor(n / WARM_START_CUSTOMERS);
    if (step < 4) return null;
    const frequency: number[] = [];
    const monetary: number[] = [];
    for (let i = 0; i < n; i++) {
      if (hashNumber(d.m[i] as number) % step !== 0) continue;
      frequency.push(d.x[i] as number);
      monetary.push(d.m[i] as number);
    }
    return frequency.length >= 2 ? withGradient(prepare({ frequency, monetary })) : null;
  };
  const fallback = (): LogParameterResult => {
    // Customers sorted by (x, m̄): sums in one order whatever the input order (see fallbackValue), and from
    // the cold start: on a ridge Nelder–Mead stops where round-off lets it, which depends on the start.
    const order = Array.from(d.x.keys()).sort((i, j) => (d.x[i] as number) - (d.x[j] as number) || (d.m[i] as number) - (d.m[j] as number));
    const sorted = prepare({ frequency: order.map((i) => d.x[i] as number), monetary: order.map((i) => d.m[i] as number) });
    const f = (lp: Float64Array): number => -logLikelihoodPrepared(Math.exp(lp[0] as number), Math.exp(lp[1] as number), Math.exp(lp[2] as number), sorted) / n;
    return nelderMeadLogParameters(f, [0, 0, 0], limits);
  };
  const base = {
    customers: n,
    skippedNonRepeat: d.skippedNonRepeat,
    skippedNonPositive: d.skippedNonPositive,
    frequencyMonetaryCorrelation: pearson(d.x, d.m),
    uniquePairs: d.gx.length,
  };
  const spread = (res: LogParameterResult, iterations: number): GammaGammaFit => {
    if (!Number.isFinite(res.fx)) return { status: 'failed', reason: 'optimizer-failed', customers: n };
    const [lp, lq, lv] = res.x as [number, number, number];
    return {
      status: 'ok',
      params: { p: Math.exp(lp), q: Math.exp(lq), v: Math.exp(lv) },
      logLikelihood: -res.fx * n,
      ...base,
      iterations,
      converged: res.converged,
      method: res.method,
      timedOut: res.timedOut,
      spendScale: 'gamma',
    };
  };
  const shared = (s: SharedScaleFit, iterations: number): GammaGammaFit => ({
    status: 'ok',
    params: sharedScaleParams(s.params),
    logLikelihood: s.logLikelihood,
    ...base,
    iterations,
    converged: true,
    method: 'bfgs',
    timedOut: false,
    spendScale: 'shared',
    sharedScale: s.params.nu,
  });

  if (options.method === 'nelder-mead') {
    const nm = fallback();
    return spread(nm, nm.iterations);
  }
  const first = bfgsLogParameters(withGradient(d), start, { shapes: [0, 1], abandon: 11.5, coarse, ...limits });
  if (first.interior || first.timedOut) return spread(first, first.iterations);
  const reduced = fitSharedScale(d);
  if (reduced && Number.isFinite(first.fx) && reduced.logLikelihood >= -first.fx * n - SHARED_LR_MARGIN) return shared(reduced, first.iterations + reduced.iterations);
  const nm = fallback();
  const best = nm.timedOut && Number.isFinite(first.fx) && !(nm.fx <= first.fx) ? { ...first, converged: false, timedOut: true } : nm;
  return spread(best, first.iterations + nm.iterations);
}

/** See `SHARED_LR_MARGIN` in bgnbd.ts: the 5 % likelihood-ratio test of a parameter on its boundary. */
const SHARED_LR_MARGIN = 1.35;

/** Gamma-Gamma with every customer sharing one ν (the Gamma(q, v) collapsed to a point mass). */
export interface GammaGammaSharedParams {
  p: number;
  /** The shared rate ν of the transaction values (per money unit): mean value p/ν. */
  nu: number;
}

/**
 * q of the Gamma(q, v) that stands for a shared ν in {@link GammaGammaParams} (q = S, v = S/ν): mean ν,
 * variance ν²/S, so every formula is within O(1/S) of the point mass's.
 */
export const SHARED_SCALE_CONCENTRATION = 1e8;

/** The {@link GammaGammaParams} of a shared-ν fit: q = S, v = S/ν, S = {@link SHARED_SCALE_CONCENTRATION}. */
export function sharedScaleParams(s: GammaGammaSharedParams): GammaGammaParams {
  return { p: s.p, q: SHARED_SCALE_CONCENTRATION, v: SHARED_SCALE_CONCENTRATION / s.nu };
}

/**
 * Log-likelihood of the reduced Gamma-Gamma in which every customer has the same ν: m̄ of x transactions
 * is then Gamma(shape px, rate νx), so
 *
 *   ln Lᵢ = px ln(νx) + (px−1) ln m̄ − νx m̄ − ln Γ(px),
 *
 * the limit of the full model's ln Lᵢ as q, v → ∞ with q/v = ν. Same customers as
 * {@link gammaGammaLogLikelihood}; empty data gives 0.
 */
export function gammaGammaSharedLogLikelihood(params: GammaGammaSharedParams, data: GammaGammaData): number {
  const d = prepare(data);
  if (d.x.length === 0) return 0;
  return sharedLogLikelihood(params.p, params.nu, d);
}

function sharedLogLikelihood(p: number, nu: number, d: Prepared): number {
  const { X, XM } = totals(d);
  let ll = p * X * Math.log(nu) + p * d.sumXLnMX - d.sumLnM - nu * XM;
  for (let k = 0; k < d.xs.length; k++) ll -= (d.nx[k] as number) * gammaln(p * (d.xs[k] as number));
  return ll;
}

/** Σ x and Σ x m̄ over the usable customers. */
function totals(d: Prepared): { X: number; XM: number } {
  let X = 0;
  let XM = 0;
  for (let k = 0; k < d.gx.length; k++) {
    X += (d.gw[k] as number) * (d.gx[k] as number);
    XM += (d.gw[k] as number) * (d.gxm[k] as number);
  }
  return { X, XM };
}

interface SharedScaleFit {
  params: GammaGammaSharedParams;
  logLikelihood: number;
  iterations: number;
}

/**
 * MLE of the shared-ν model. For a given p the best ν is p·Σx / Σx m̄, and the profile log-likelihood
 * is strictly concave in p (its second derivative Σx/p − Σ nₓ x² ψ′(px) < 0 since ψ′(y) > 1/y), so its
 * maximum is where the slope Σx ln(pΣx/Σxm̄) + Σ x ln(x m̄) − Σ nₓ x ψ(px) changes sign: found by
 * bisection on ln p in [−30, 30], a fixed 100 steps (no optimiser, nothing to run away).
 */
function fitSharedScale(d: Prepared): SharedScaleFit | null {
  const { X, XM } = totals(d);
  if (!(X > 0 && XM > 0)) return null;
  const slope = (p: number): number => {
    let s = X * Math.log((p * X) / XM) + d.sumXLnMX;
    for (let k = 0; k < d.xs.length; k++) s -= (d.nx[k] as number) * (d.xs[k] as number) * digamma(p * (d.xs[k] as number));
    return s;
  };
  let lo = -30;
  let hi = 30;
  const steps = 100;
  for (let i = 0; i < steps; i++) {
    const mid = 0.5 * (lo + hi);
    if (slope(Math.exp(mid)) > 0) lo = mid;
    else hi = mid;
  }
  const p = Math.exp(0.5 * (lo + hi));
  const nu = (p * X) / XM;
  return { params: { p, nu }, logLikelihood: sharedLogLikelihood(p, nu, d), iterations: steps };
}

function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  if (n < 2) return Number.NaN;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] as number;
    mb += b[i] as number;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : Number.NaN;
}

/**
 * Expected mean transaction value of a customer given x repeat transactions of mean m̄
 * (Fader & Hardie 2013, eq. 5):
 *
 *   E[M | p, q, v, x, m̄] = p (v + x m̄) / (p x + q − 1)
 *                        = (q−1)/(px+q−1) · p v/(q−1)  +  px/(px+q−1) · m̄
 *
 * i.e. a credibility-weighted blend of the population mean p v/(q−1) and the customer's own mean.
 * With x = 0 (m̄ ignored) it is the population mean, which exists only when q > 1. Returns NaN when
 * px + q − 1 ≤ 0. Money unit of the fitted data.
 */
export function gammaGammaExpectedSpend(params: GammaGammaParams, x: number, m: number): number {
  const { p, q, v } = params;
  const den = p * x + q - 1;
  if (!(den > 0)) return Number.NaN;
  return (p * (v + (x > 0 ? x * m : 0))) / den;
}

/** Population mean spend per transaction, p v / (q − 1); NaN when q ≤ 1 (infinite mean). */
export function gammaGammaPopulationMean(params: GammaGammaParams): number {
  return params.q > 1 ? (params.p * params.v) / (params.q - 1) : Number.NaN;
}
