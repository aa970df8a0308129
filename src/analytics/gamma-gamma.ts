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
import gammaln from '@stdlib/math-base-special-gammaln';
import { nelderMead } from './optimize.js';

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
      converged: boolean;
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

interface Prepared {
  x: Float64Array;
  lnX: Float64Array;
  m: Float64Array;
  lnM: Float64Array;
  xi: Int32Array;
  xs: Float64Array;
  skippedNonRepeat: number;
  skippedNonPositive: number;
}

function prepare(data: GammaGammaData): Prepared {
  const n = data.frequency.length;
  if (data.monetary.length !== n) throw new RangeError('Gamma-Gamma data: frequency and monetary must have the same length');
  const xs: number[] = [];
  const ms: number[] = [];
  let skippedNonRepeat = 0;
  let skippedNonPositive = 0;
  for (let i = 0; i < n; i++) {
    const x = data.frequency[i] as number;
    const m = data.monetary[i] as number;
    if (!(Number.isInteger(x) && x >= 0)) throw new RangeError(`Gamma-Gamma data: frequency[${i}] = ${x} is not an integer ≥ 0`);
    if (x === 0) {
      skippedNonRepeat++;
      continue;
    }
    if (!(m > 0 && Number.isFinite(m))) {
      skippedNonPositive++;
      continue;
    }
    xs.push(x);
    ms.push(m);
  }
  const distinct = [...new Set(xs)].sort((p, q) => p - q);
  const idx = new Map<number, number>();
  distinct.forEach((v, i) => idx.set(v, i));
  return {
    x: Float64Array.from(xs),
    lnX: Float64Array.from(xs, Math.log),
    m: Float64Array.from(ms),
    lnM: Float64Array.from(ms, Math.log),
    xi: Int32Array.from(xs, (v) => idx.get(v) as number),
    xs: Float64Array.from(distinct),
    skippedNonRepeat,
    skippedNonPositive,
  };
}

function logLikelihoodPrepared(p: number, q: number, v: number, d: Prepared, scratch: Float64Array): number {
  const lgQ = gammaln(q);
  const lnV = Math.log(v);
  for (let k = 0; k < d.xs.length; k++) {
    const px = p * (d.xs[k] as number);
    scratch[k] = gammaln(px + q) - gammaln(px);
  }
  let ll = 0;
  for (let i = 0; i < d.x.length; i++) {
    const x = d.x[i] as number;
    const m = d.m[i] as number;
    const px = p * x;
    ll +=
      (scratch[d.xi[i] as number] as number) -
      lgQ +
      q * lnV +
      (px - 1) * (d.lnM[i] as number) +
      px * (d.lnX[i] as number) -
      (px + q) * Math.log(x * m + v);
  }
  return ll;
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
  return logLikelihoodPrepared(params.p, params.q, params.v, d, new Float64Array(d.xs.length));
}

/** Options of {@link fitGammaGamma}. */
export interface GammaGammaFitOptions {
  /** Starting values (default p = q = v = 1, as `lifetimes`). */
  initial?: GammaGammaParams;
}

/**
 * Maximum-likelihood fit of the Gamma-Gamma spend model over (ln p, ln q, ln v) by Nelder–Mead.
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
  const scratch = new Float64Array(d.xs.length);
  const objective = (lp: Float64Array): number => {
    for (let j = 0; j < 3; j++) if (!(Math.abs(lp[j] as number) <= 30)) return Number.POSITIVE_INFINITY;
    return -logLikelihoodPrepared(Math.exp(lp[0] as number), Math.exp(lp[1] as number), Math.exp(lp[2] as number), d, scratch) / n;
  };
  const init = options.initial ?? { p: 1, q: 1, v: 1 };
  const res = nelderMead(objective, [Math.log(init.p), Math.log(init.q), Math.log(init.v)], { step: 1, fatol: 1e-12, xatol: 1e-9 });
  if (!Number.isFinite(res.fx)) return { status: 'failed', reason: 'optimizer-failed', customers: n };
  const [lp, lq, lv] = res.x as [number, number, number];
  return {
    status: 'ok',
    params: { p: Math.exp(lp), q: Math.exp(lq), v: Math.exp(lv) },
    logLikelihood: -res.fx * n,
    customers: n,
    skippedNonRepeat: d.skippedNonRepeat,
    skippedNonPositive: d.skippedNonPositive,
    frequencyMonetaryCorrelation: pearson(d.x, d.m),
    iterations: res.iterations,
    converged: res.converged,
  };
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
