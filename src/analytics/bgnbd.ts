/**
 * BG/NBD model of repeat buying (Fader, Hardie & Lee 2005, "Counting your customers the easy way").
 *
 * Per customer: x = number of repeat purchases (purchase days − 1), t_x = time of the last purchase and
 * T = age, both measured from the first purchase, in one time unit chosen by the caller (days or weeks;
 * every parameter except r, a, b is in that unit: α is a time scale, predictions are per that unit).
 * While alive a customer buys at Poisson rate λ ~ Gamma(r, α); after each purchase they drop out with
 * probability p ~ Beta(a, b).
 *
 * @module
 */
import gammaln from '@stdlib/math-base-special-gammaln';
import { nelderMead } from './optimize.js';

/** BG/NBD parameters: purchase rate λ ~ Gamma(shape r, rate α); dropout p ~ Beta(a, b). All > 0. */
export interface BgNbdParams {
  r: number;
  /** Rate of the Gamma mixing distribution, in the model's time unit (mean rate is r/α per unit). */
  alpha: number;
  a: number;
  b: number;
}

/**
 * Per-customer summary arrays (same length n). Use Float64Array for speed; plain arrays work too.
 * `weights` (optional, default 1 each) lets the caller pass already-compressed data.
 */
export interface BgNbdData {
  /** Repeat purchases (integer ≥ 0). */
  x: ArrayLike<number>;
  /** Time of the last purchase since the first one, 0 ≤ t_x ≤ T (0 when x = 0). */
  tx: ArrayLike<number>;
  /** Time from the first purchase to the end of the observation period (T ≥ 0). */
  T: ArrayLike<number>;
  /** Optional non-negative weights (counts of identical customers). */
  weights?: ArrayLike<number>;
}

/** Result of {@link fitBgNbd}. */
export type BgNbdFit =
  | {
      status: 'ok';
      params: BgNbdParams;
      /** Maximised log-likelihood (sum over customers, weighted). */
      logLikelihood: number;
      /** Number of customers (sum of weights). */
      customers: number;
      /** Distinct (x, t_x, T) triples the likelihood was evaluated on. */
      uniqueTriples: number;
      iterations: number;
      converged: boolean;
    }
  | {
      status: 'insufficient';
      /** `no-customers`: empty input; `no-repeat-purchases`: every x = 0, so the MLE is degenerate (r → 0). */
      reason: 'no-customers' | 'no-repeat-purchases';
      customers: number;
    }
  | { status: 'failed'; reason: 'optimizer-failed'; customers: number };

/** Data compressed into distinct (x, t_x, T) triples with weights. */
interface Compressed {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  w: Float64Array;
  /** index into the distinct-x table for each triple */
  xi: Int32Array;
  /** distinct x values */
  xs: Float64Array;
  /** index into the distinct-T / distinct-t_x tables for each triple */
  Ti: Int32Array;
  txi: Int32Array;
  Ts: Float64Array;
  txs: Float64Array;
  /** total weight */
  total: number;
  /** total weighted repeat purchases */
  repeat: number;
}

function validateAndCompress(data: BgNbdData): Compressed {
  const n = data.x.length;
  if (data.tx.length !== n || data.T.length !== n || (data.weights && data.weights.length !== n)) {
    throw new RangeError('BG/NBD data: x, tx, T (and weights) must have the same length');
  }
  const map = new Map<string, number>();
  const xs: number[] = [];
  const txs: number[] = [];
  const Ts: number[] = [];
  const ws: number[] = [];
  let total = 0;
  let repeat = 0;
  for (let i = 0; i < n; i++) {
    const x = data.x[i] as number;
    const tx = data.tx[i] as number;
    const T = data.T[i] as number;
    const w = data.weights ? (data.weights[i] as number) : 1;
    if (!(Number.isInteger(x) && x >= 0)) throw new RangeError(`BG/NBD data: x[${i}] = ${x} is not an integer ≥ 0`);
    if (!(tx >= 0 && T >= 0 && tx <= T * (1 + 1e-12) + 1e-12)) {
      throw new RangeError(`BG/NBD data: need 0 ≤ tx ≤ T, got tx[${i}] = ${tx}, T[${i}] = ${T}`);
    }
    if (!(w >= 0 && Number.isFinite(w))) throw new RangeError(`BG/NBD data: weights[${i}] = ${w} is not a finite number ≥ 0`);
    if (w === 0) continue;
    const txv = x === 0 ? 0 : tx;
    const key = `${x}|${txv}|${T}`;
    const at = map.get(key);
    if (at === undefined) {
      map.set(key, xs.length);
      xs.push(x);
      txs.push(txv);
      Ts.push(T);
      ws.push(w);
    } else {
      ws[at] = (ws[at] as number) + w;
    }
    total += w;
    repeat += w * x;
  }
  const distinctX = [...new Set(xs)].sort((p, q) => p - q);
  const xIndex = new Map<number, number>();
  distinctX.forEach((v, i) => xIndex.set(v, i));
  const distinctT = [...new Set(Ts)];
  const TIndex = new Map<number, number>();
  distinctT.forEach((v, i) => TIndex.set(v, i));
  const distinctTx = [...new Set(txs)];
  const txIndex = new Map<number, number>();
  distinctTx.forEach((v, i) => txIndex.set(v, i));
  return {
    Ti: Int32Array.from(Ts, (v) => TIndex.get(v) as number),
    txi: Int32Array.from(txs, (v) => txIndex.get(v) as number),
    Ts: Float64Array.from(distinctT),
    txs: Float64Array.from(distinctTx),
    x: Float64Array.from(xs),
    tx: Float64Array.from(txs),
    T: Float64Array.from(Ts),
    w: Float64Array.from(ws),
    xi: Int32Array.from(xs, (v) => xIndex.get(v) as number),
    xs: Float64Array.from(distinctX),
    total,
    repeat,
  };
}

/** ln(eᵘ + eᵛ) without overflow. */
function logAddExp(u: number, v: number): number {
  const m = Math.max(u, v);
  if (m === Number.NEGATIVE_INFINITY) return m;
  return m + Math.log(Math.exp(u - m) + Math.exp(v - m));
}

/** Weighted log-likelihood on compressed data; scratch arrays are per distinct x. */
function logLikelihoodCompressed(
  r: number,
  alpha: number,
  a: number,
  b: number,
  c: Compressed,
  lgRx: Float64Array,
  lgBx: Float64Array,
  lgABx: Float64Array,
  lnBx1: Float64Array,
  lnAT: Float64Array,
  lnATx: Float64Array,
): number {
  const lgR = gammaln(r);
  const lgB = gammaln(b);
  const lgAB = gammaln(a + b);
  const lnAlpha = Math.log(alpha);
  const lnA = Math.log(a);
  for (let k = 0; k < c.xs.length; k++) {
    const x = c.xs[k] as number;
    lgRx[k] = gammaln(r + x);
    lgBx[k] = gammaln(b + x);
    lgABx[k] = gammaln(a + b + x);
    lnBx1[k] = x > 0 ? Math.log(b + x - 1) : 0;
  }
  for (let k = 0; k < c.Ts.length; k++) lnAT[k] = Math.log(alpha + (c.Ts[k] as number));
  for (let k = 0; k < c.txs.length; k++) lnATx[k] = Math.log(alpha + (c.txs[k] as number));
  let ll = 0;
  for (let i = 0; i < c.x.length; i++) {
    const k = c.xi[i] as number;
    const x = c.x[i] as number;
    const rx = r + x;
    const A1 = (lgRx[k] as number) - lgR + r * lnAlpha;
    const A2 = lgAB + (lgBx[k] as number) - lgB - (lgABx[k] as number);
    const A3 = -rx * (lnAT[c.Ti[i] as number] as number);
    let term: number;
    if (x > 0) {
      const A4 = lnA - (lnBx1[k] as number) - rx * (lnATx[c.txi[i] as number] as number);
      term = logAddExp(A3, A4);
    } else {
      term = A3;
    }
    ll += (c.w[i] as number) * (A1 + A2 + term);
  }
  return ll;
}

/**
 * BG/NBD log-likelihood (FHL 2005, eq. 6) summed over customers, in the numerically stable form used by
 * the `lifetimes` package:
 *
 *   A₁ = ln Γ(r+x) − ln Γ(r) + r ln α
 *   A₂ = ln Γ(a+b) + ln Γ(b+x) − ln Γ(b) − ln Γ(a+b+x)          (= ln B(a, b+x) − ln B(a, b))
 *   A₃ = −(r+x) ln(α+T)
 *   A₄ = ln a − ln(b+x−1) − (r+x) ln(α+t_x)                       (only when x > 0)
 *   ln Lᵢ = A₁ + A₂ + ln(e^{A₃} + 1{x>0}·e^{A₄})
 *
 * Empty data gives 0. Parameters must be > 0 (otherwise NaN). Throws RangeError on invalid rows
 * (non-integer or negative x, t_x outside [0, T], negative weights).
 */
export function bgnbdLogLikelihood(params: BgNbdParams, data: BgNbdData): number {
  const c = validateAndCompress(data);
  const m = c.xs.length;
  return logLikelihoodCompressed(
    params.r,
    params.alpha,
    params.a,
    params.b,
    c,
    new Float64Array(m),
    new Float64Array(m),
    new Float64Array(m),
    new Float64Array(m),
    new Float64Array(c.Ts.length),
    new Float64Array(c.txs.length),
  );
}

/** Options of {@link fitBgNbd}. */
export interface BgNbdFitOptions {
  /** Starting values (default r = α = a = b = 1, as `lifetimes`). */
  initial?: BgNbdParams;
}

/**
 * Maximum-likelihood fit of the BG/NBD model.
 *
 * Maximises {@link bgnbdLogLikelihood} over the log-parameters (ln r, ln α, ln a, ln b) with Nelder–Mead
 * (see `optimize.ts`), on customers compressed into distinct (x, t_x, T) triples with weights — so the
 * cost depends on the number of distinct triples, not of customers. Log-parameters are bounded to
 * [−30, 30] (parameters in [1e-13, 1e13]).
 *
 * Edge cases: no customers (or all weights 0) → `{ status: 'insufficient', reason: 'no-customers' }`;
 * no repeat purchase at all (every x = 0) → `{ status: 'insufficient', reason: 'no-repeat-purchases' }`
 * because the likelihood then increases without bound towards r → 0 and there is nothing to estimate.
 * Very few customers (e.g. one) still return `ok`, but the estimates are then meaningless and may sit near
 * the bounds; callers should require a sensible minimum sample.
 *
 * @param data per-customer x, t_x, T in one time unit (days or weeks)
 * @returns fitted parameters (α in the data's time unit) and the maximised log-likelihood
 */
export function fitBgNbd(data: BgNbdData, options: BgNbdFitOptions = {}): BgNbdFit {
  const c = validateAndCompress(data);
  if (c.total === 0) return { status: 'insufficient', reason: 'no-customers', customers: 0 };
  if (c.repeat === 0) return { status: 'insufficient', reason: 'no-repeat-purchases', customers: c.total };
  const m = c.xs.length;
  const s1 = new Float64Array(m);
  const s2 = new Float64Array(m);
  const s3 = new Float64Array(m);
  const s4 = new Float64Array(m);
  const s5 = new Float64Array(c.Ts.length);
  const s6 = new Float64Array(c.txs.length);
  const objective = (p: Float64Array): number => {
    for (let j = 0; j < 4; j++) if (!(Math.abs(p[j] as number) <= 30)) return Number.POSITIVE_INFINITY;
    const ll = logLikelihoodCompressed(
      Math.exp(p[0] as number),
      Math.exp(p[1] as number),
      Math.exp(p[2] as number),
      Math.exp(p[3] as number),
      c,
      s1,
      s2,
      s3,
      s4,
      s5,
      s6,
    );
    return -ll / c.total; // mean negative log-likelihood: tolerances independent of n
  };
  const init = options.initial ?? { r: 1, alpha: 1, a: 1, b: 1 };
  const res = nelderMead(objective, [Math.log(init.r), Math.log(init.alpha), Math.log(init.a), Math.log(init.b)], {
    step: 1,
    fatol: 1e-12,
    xatol: 1e-9,
  });
  if (!Number.isFinite(res.fx)) return { status: 'failed', reason: 'optimizer-failed', customers: c.total };
  const [lr, lal, la, lb] = res.x as [number, number, number, number];
  return {
    status: 'ok',
    params: { r: Math.exp(lr), alpha: Math.exp(lal), a: Math.exp(la), b: Math.exp(lb) },
    logLikelihood: -res.fx * c.total,
    customers: c.total,
    uniqueTriples: c.x.length,
    iterations: res.iterations,
    converged: res.converged,
  };
}

/**
 * ln of the Gaussian hypergeometric function ₂F₁(a, b; c; z) by its power series
 * Σₖ (a)ₖ(b)ₖ/((c)ₖ k!) zᵏ, summed with rescaling so that values beyond 1e308 do not overflow.
 *
 * Domain: 0 ≤ z < 1, a > 0, b > 0, c > 0 (all terms positive, so the sum has no cancellation and is
 * accurate to a few ulps per term). Also accepts −1 < c < 0 as long as the sum stays positive.
 * Outside the domain, or if the series does not converge within `maxTerms`, returns NaN.
 *
 * Why not `@stdlib/math-base-special-hyp2f1`: checked against this series on a grid covering BG/NBD
 * arguments (a, b up to 250, c up to 300, z up to 0.99) it returns NaN for large c with z ≥ 0.95 and
 * +∞ for some large-b values that are finite (~1e293); elsewhere it agreed to ~1e-12.
 */
export function logHyp2f1(a: number, b: number, c: number, z: number, maxTerms = 5_000_000): number {
  if (!(z >= 0 && z < 1) || !(a > 0) || !(b > 0) || !(c > -1) || c === 0) return Number.NaN;
  if (z === 0) return 0;
  let term = 1;
  let sum = 1;
  let logScale = 0;
  for (let k = 0; k < maxTerms; k++) {
    const num = (a + k) * (b + k) * z;
    const den = (c + k) * (k + 1);
    term *= num / den;
    sum += term;
    if (sum > 1e280 || sum < -1e280) {
      sum *= 1e-280;
      term *= 1e-280;
      logScale += 280 * Math.LN10;
    }
    if (Math.abs(term) <= 1e-17 * Math.abs(sum) && num < den) {
      return sum > 0 ? logScale + Math.log(sum) : Number.NaN;
    }
  }
  return Number.NaN;
}

/** ln of the odds ratio in P(alive): ln a − ln(b+x−1) + (r+x)·ln((α+T)/(α+t_x)); −∞ when x = 0. */
function logDeadOdds(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x <= 0) return Number.NEGATIVE_INFINITY;
  return Math.log(p.a) - Math.log(p.b + x - 1) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
}

/**
 * Probability that a customer with history (x, t_x, T) is still alive at T (FHL 2005, eq. 11):
 *
 *   P(alive) = 1 / (1 + 1{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^{r+x})
 *
 * Computed through logs. A customer with x = 0 is alive with probability 1 under this model (they have
 * had no chance to drop out yet). Time arguments in the unit the parameters were fitted in.
 */
export function bgnbdPAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  const lo = logDeadOdds(params, x, tx, T);
  if (lo === Number.NEGATIVE_INFINITY) return 1;
  return lo > 0 ? Math.exp(-lo) / (1 + Math.exp(-lo)) : 1 / (1 + Math.exp(lo));
}

/**
 * Expected number of purchases in (T, T + t] for a customer with history (x, t_x, T) (FHL 2005, eq. 10):
 *
 *   E[Y(t) | x, t_x, T] = [(a+b+x−1)/(a−1)] · [1 − ((α+T)/(α+T+t))^{r+x} · ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))]
 *                         / [1 + 1{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^{r+x}]
 *
 * ₂F₁ by {@link logHyp2f1}; the bracket is evaluated as −expm1(…) to keep precision for small t.
 * Valid for a ≠ 1 (for a < 1 both factors are negative and the product positive). t ≤ 0 gives 0.
 * Time arguments in the unit the parameters were fitted in.
 */
export function bgnbdConditionalExpectedPurchases(
  params: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  if (!(t > 0)) return 0;
  const { r, alpha, a, b } = params;
  const z = t / (alpha + T + t);
  const lnHyp = logHyp2f1(r + x, b + x, a + b + x - 1, z);
  const inner = lnHyp + (r + x) * Math.log1p(-z); // ln[((α+T)/(α+T+t))^{r+x} ₂F₁]
  const first = (a + b + x - 1) / (a - 1);
  const second = -Math.expm1(inner);
  const lo = logDeadOdds(params, x, tx, T);
  const denom = lo === Number.NEGATIVE_INFINITY ? 1 : 1 + Math.exp(lo);
  return (first * second) / denom;
}

/**
 * Expected number of purchases in (0, t] of a customer who has just made the first purchase
 * (FHL 2005, eq. 9):
 *
 *   E[X(t)] = [(a+b−1)/(a−1)] · [1 − (α/(α+t))^r · ₂F₁(r, b; a+b−1; t/(α+t))]
 *
 * Repeat purchases only (the first purchase at time 0 is not counted). t ≤ 0 gives 0. NaN when
 * a + b − 1 ≤ −1 or = 0 (outside {@link logHyp2f1}'s domain; rare in practice).
 */
export function bgnbdExpectedPurchases(params: BgNbdParams, t: number): number {
  if (!(t > 0)) return 0;
  const { r, alpha, a, b } = params;
  const z = t / (alpha + t);
  const inner = logHyp2f1(r, b, a + b - 1, z) + r * Math.log1p(-z);
  return ((a + b - 1) / (a - 1)) * -Math.expm1(inner);
}
