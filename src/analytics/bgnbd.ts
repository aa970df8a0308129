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
import digamma from '@stdlib/math-base-special-digamma';
import gammaln from '@stdlib/math-base-special-gammaln';
import { DistinctValues, radixSortUint32 } from './distinct-values.js';
import { minimizeLogParameters } from './optimize.js';

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
      /** Distinct (x, t_x, T) triples among the customers (t_x taken as 0 when x = 0). */
      uniqueTriples: number;
      iterations: number;
      converged: boolean;
      /** Optimizer whose answer this is (see {@link fitBgNbd}). */
      method: 'bfgs' | 'nelder-mead';
    }
  | {
      status: 'insufficient';
      /** `no-customers`: empty input; `no-repeat-purchases`: every x = 0, so the MLE is degenerate (r → 0). */
      reason: 'no-customers' | 'no-repeat-purchases';
      customers: number;
    }
  | { status: 'failed'; reason: 'optimizer-failed'; customers: number };

/**
 * Customers compressed for the likelihood. Everything but the last term of ln Lᵢ (see
 * {@link bgnbdLogLikelihood}) depends on x alone or on (x, T) linearly in x, so it is summed per distinct x
 * and per distinct T; only repeat buyers (x > 0) need their own (x, t_x, T) triple, each with a weight.
 */
interface Compressed {
  /** Distinct x values, ascending, with their total weight. */
  xs: Float64Array;
  wx: Float64Array;
  /** Distinct T values, ascending, with their total weight and total weighted x. */
  Ts: Float64Array;
  wT: Float64Array;
  xwT: Float64Array;
  /** Distinct t_x values of repeat buyers, ascending. */
  txs: Float64Array;
  /** Repeat-buyer triples (x > 0): index into xs, into txs and into Ts, and weight; sorted by x, t_x, T. */
  rk: Int32Array;
  rtx: Int32Array;
  rT: Int32Array;
  rw: Float64Array;
  /** Distinct (x, t_x, T) triples, t_x taken as 0 when x = 0. */
  uniqueTriples: number;
  /** Total weight and total weighted repeat purchases. */
  total: number;
  repeat: number;
}

/**
 * Validates the rows and groups them. Values are grouped by exact equality, so times computed from whole
 * days (days / 7) group as the days do. Grouping is by hashed numbers and a radix sort of one integer
 * key per repeat buyer (see `distinct-values.ts`), linear in the rows. The result does not depend on the
 * input order (tables and triples are sorted), except for the order in which weights are added.
 */
function validateAndCompress(data: BgNbdData): Compressed {
  const n = data.x.length;
  if (data.tx.length !== n || data.T.length !== n || (data.weights && data.weights.length !== n)) {
    throw new RangeError('BG/NBD data: x, tx, T (and weights) must have the same length');
  }
  const xSlots = new DistinctValues();
  const TSlots = new DistinctValues(1024);
  const txSlots = new DistinctValues(1024);
  const rowX = new Int32Array(n);
  const rowT = new Int32Array(n);
  const rowTx = new Int32Array(n);
  const repeatRows = new Int32Array(n);
  let nRepeat = 0;
  let total = 0;
  let repeat = 0;
  const { x: xIn, tx: txIn, T: TIn, weights } = data;
  for (let i = 0; i < n; i++) {
    const x = xIn[i] as number;
    const tx = txIn[i] as number;
    const T = TIn[i] as number;
    const w = weights ? (weights[i] as number) : 1;
    if (!(Number.isInteger(x) && x >= 0)) throw new RangeError(`BG/NBD data: x[${i}] = ${x} is not an integer ≥ 0`);
    if (!(tx >= 0 && T >= 0 && tx <= T * (1 + 1e-12) + 1e-12)) {
      throw new RangeError(`BG/NBD data: need 0 ≤ tx ≤ T, got tx[${i}] = ${tx}, T[${i}] = ${T}`);
    }
    if (!(w >= 0 && Number.isFinite(w))) throw new RangeError(`BG/NBD data: weights[${i}] = ${w} is not a finite number ≥ 0`);
    if (w === 0) {
      rowX[i] = -1;
      continue;
    }
    rowX[i] = xSlots.slot(x);
    rowT[i] = TSlots.slot(T);
    if (x > 0) {
      rowTx[i] = txSlots.slot(tx);
      repeatRows[nRepeat++] = i;
    }
    total += w;
    repeat += w * x;
  }
  const X = xSlots.ascending();
  const TT = TSlots.ascending();
  const TX = txSlots.ascending();
  const wx = new Float64Array(X.values.length);
  const wT = new Float64Array(TT.values.length);
  const xwT = new Float64Array(TT.values.length);
  const zeroT = new Uint8Array(TT.values.length); // T values seen with x = 0 (one triple each)
  for (let i = 0; i < n; i++) {
    const xi = rowX[i] as number;
    if (xi < 0) continue;
    const w = weights ? (weights[i] as number) : 1;
    const k = (rowX[i] = X.rank[xi] as number);
    const t = (rowT[i] = TT.rank[rowT[i] as number] as number);
    const x = X.values[k] as number;
    wx[k] = (wx[k] as number) + w;
    wT[t] = (wT[t] as number) + w;
    xwT[t] = (xwT[t] as number) + w * x;
    if (x > 0) rowTx[i] = TX.rank[rowTx[i] as number] as number;
    else zeroT[t] = 1;
  }
  // Distinct repeat triples, ordered by (x, t_x, T): sort one integer key per repeat buyer, then count runs.
  const nT = TT.values.length;
  const nTx = TX.values.length;
  const keyOf = (i: number): number => ((rowX[i] as number) * nTx + (rowTx[i] as number)) * nT + (rowT[i] as number);
  let keys: Float64Array | Uint32Array;
  if (X.values.length * nTx * nT <= 0xffffffff) {
    keys = new Uint32Array(nRepeat);
    for (let j = 0; j < nRepeat; j++) keys[j] = keyOf(repeatRows[j] as number);
    radixSortUint32(keys);
  } else {
    keys = new Float64Array(nRepeat); // exact below 2^53
    for (let j = 0; j < nRepeat; j++) keys[j] = keyOf(repeatRows[j] as number);
    keys.sort();
  }
  let m = 0;
  for (let j = 0; j < nRepeat; j++) if (j === 0 || keys[j] !== keys[j - 1]) m++;
  const rk = new Int32Array(m);
  const rtx = new Int32Array(m);
  const rT = new Int32Array(m);
  const rw = new Float64Array(m);
  let at = -1;
  for (let j = 0; j < nRepeat; j++) {
    const key = keys[j] as number;
    if (j === 0 || key !== keys[j - 1]) {
      at++;
      const t = key % nT;
      const rest = (key - t) / nT;
      const txr = rest % nTx;
      rT[at] = t;
      rtx[at] = txr;
      rk[at] = (rest - txr) / nTx;
    }
    rw[at] = (rw[at] as number) + 1;
  }
  if (weights) {
    // Weighted rows: the triples are known; add each row's weight to its triple (binary search by key).
    rw.fill(0);
    const tripleKeys = new Float64Array(m);
    for (let j = 0; j < m; j++) tripleKeys[j] = ((rk[j] as number) * nTx + (rtx[j] as number)) * nT + (rT[j] as number);
    for (let j = 0; j < nRepeat; j++) {
      const i = repeatRows[j] as number;
      const key = keyOf(i);
      let lo = 0;
      let hi = m - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((tripleKeys[mid] as number) < key) lo = mid + 1;
        else hi = mid;
      }
      rw[lo] = (rw[lo] as number) + (weights[i] as number);
    }
  }
  let zeroTriples = 0;
  for (let t = 0; t < zeroT.length; t++) zeroTriples += zeroT[t] as number;
  return {
    xs: X.values,
    wx,
    Ts: TT.values,
    wT,
    xwT,
    txs: TX.values,
    rk,
    rtx,
    rT,
    rw,
    uniqueTriples: m + zeroTriples,
    total,
    repeat,
  };
}

/**
 * Every s-th repeat triple (in (x, t_x, T) order: a systematic sample spread over x, t_x and T), weights
 * scaled so each x keeps its total weight; the per-x and per-T sums stay exact. Its likelihood is a close
 * approximation of the full one, for a warm start. Null when there are fewer than 4 × `target` triples.
 */
function subsampleRepeatTriples(c: Compressed, target: number): Compressed | null {
  const m = c.rk.length;
  const step = Math.floor(m / target);
  if (step < 4) return null;
  const all = new Float64Array(c.xs.length);
  const kept = new Float64Array(c.xs.length);
  for (let j = 0; j < m; j++) {
    const k = c.rk[j] as number;
    all[k] = (all[k] as number) + (c.rw[j] as number);
    if (j % step === 0) kept[k] = (kept[k] as number) + (c.rw[j] as number);
  }
  const size = Math.ceil(m / step);
  const rk = new Int32Array(size);
  const rtx = new Int32Array(size);
  const rT = new Int32Array(size);
  const rw = new Float64Array(size);
  for (let j = 0, at = 0; j < m; j += step, at++) {
    const k = c.rk[j] as number;
    rk[at] = k;
    rtx[at] = c.rtx[j] as number;
    rT[at] = c.rT[j] as number;
    rw[at] = ((c.rw[j] as number) * (all[k] as number)) / (kept[k] as number);
  }
  return { ...c, rk, rtx, rT, rw };
}

/**
 * Evaluates the weighted log-likelihood, and optionally its gradient in (r, α, a, b), on compressed data.
 * Scratch arrays are allocated once per data set, so an optimizer can call it hundreds of times.
 */
class BgNbdLikelihood {
  private readonly lnAT: Float64Array;
  private readonly invAT: Float64Array;
  private readonly lnATx: Float64Array;
  private readonly invATx: Float64Array;
  private readonly cx: Float64Array;
  private readonly sigmaX: Float64Array;

  constructor(private readonly c: Compressed) {
    this.lnAT = new Float64Array(c.Ts.length);
    this.invAT = new Float64Array(c.Ts.length);
    this.lnATx = new Float64Array(c.txs.length);
    this.invATx = new Float64Array(c.txs.length);
    this.cx = new Float64Array(c.xs.length);
    this.sigmaX = new Float64Array(c.xs.length);
  }

  /**
   * ln L = Σₓ Wₓ[ln Γ(r+x) + ln Γ(b+x) − ln Γ(a+b+x)] + N[−ln Γ(r) + r ln α + ln Γ(a+b) − ln Γ(b)]
   *        − Σ_T (r W_T + X_T) ln(α+T) + Σ_{x>0} w · softplus(u),
   * u = ln a − ln(b+x−1) + (r+x)(ln(α+T) − ln(α+t_x)) (= A₄ − A₃), softplus(u) = ln(1 + eᵘ).
   * With `grad`, also writes ∂lnL/∂(r, α, a, b); softplus′ = σ(u), the chance the customer is dead.
   */
  evaluate(r: number, alpha: number, a: number, b: number, grad?: Float64Array): number {
    const c = this.c;
    const { lnAT, invAT, lnATx, invATx, cx, sigmaX } = this;
    const N = c.total;
    const lnAlpha = Math.log(alpha);
    const lnA = Math.log(a);
    let ll = N * (-gammaln(r) + r * lnAlpha + gammaln(a + b) - gammaln(b));
    let gr = 0;
    let gal = 0;
    let ga = 0;
    let gb = 0;
    if (grad) {
      const psiAB = digamma(a + b);
      gr = N * (lnAlpha - digamma(r));
      gal = (N * r) / alpha;
      ga = N * psiAB;
      gb = N * (psiAB - digamma(b));
    }
    for (let k = 0; k < c.xs.length; k++) {
      const x = c.xs[k] as number;
      const w = c.wx[k] as number;
      ll += w * (gammaln(r + x) + gammaln(b + x) - gammaln(a + b + x));
      cx[k] = x > 0 ? lnA - Math.log(b + x - 1) : 0;
      if (grad) {
        const psiABx = digamma(a + b + x);
        gr += w * digamma(r + x);
        ga -= w * psiABx;
        gb += w * (digamma(b + x) - psiABx);
      }
    }
    for (let t = 0; t < c.Ts.length; t++) {
      const v = alpha + (c.Ts[t] as number);
      const lnv = Math.log(v);
      lnAT[t] = lnv;
      const wt = c.wT[t] as number;
      const coef = r * wt + (c.xwT[t] as number);
      ll -= coef * lnv;
      if (grad) {
        invAT[t] = 1 / v;
        gr -= wt * lnv;
        gal -= coef / v;
      }
    }
    for (let t = 0; t < c.txs.length; t++) {
      const v = alpha + (c.txs[t] as number);
      lnATx[t] = Math.log(v);
      invATx[t] = 1 / v;
    }
    const { rk, rtx, rT, rw, xs } = c;
    const m = rk.length;
    let soft = 0;
    if (!grad) {
      for (let j = 0; j < m; j++) {
        const k = rk[j] as number;
        const u = (cx[k] as number) + (r + (xs[k] as number)) * ((lnAT[rT[j] as number] as number) - (lnATx[rtx[j] as number] as number));
        soft += (rw[j] as number) * (u > 0 ? u + Math.log1p(Math.exp(-u)) : Math.log1p(Math.exp(u)));
      }
      return ll + soft;
    }
    sigmaX.fill(0);
    let sD = 0;
    let sA = 0;
    for (let j = 0; j < m; j++) {
      const k = rk[j] as number;
      const t = rT[j] as number;
      const tx = rtx[j] as number;
      const rx = r + (xs[k] as number);
      const d = (lnAT[t] as number) - (lnATx[tx] as number);
      const u = (cx[k] as number) + rx * d;
      const e = Math.exp(-Math.abs(u));
      const w = rw[j] as number;
      soft += w * ((u > 0 ? u : 0) + Math.log1p(e));
      const ws = (w * (u >= 0 ? 1 : e)) / (1 + e); // w · σ(u)
      sigmaX[k] = (sigmaX[k] as number) + ws;
      sD += ws * d;
      sA += ws * rx * ((invAT[t] as number) - (invATx[tx] as number));
    }
    let sSigma = 0;
    for (let k = 0; k < xs.length; k++) {
      const s = sigmaX[k] as number;
      if (s === 0) continue;
      sSigma += s;
      gb -= s / (b + (xs[k] as number) - 1);
    }
    grad[0] = gr + sD;
    grad[1] = gal + sA;
    grad[2] = ga + sSigma / a;
    grad[3] = gb;
    return ll + soft;
  }
}

/**
 * BG/NBD log-likelihood (FHL 2005, eq. 6) summed over customers, in the numerically stable form used by
 * the `lifetimes` package:
 *
 *   A₁ = ln Γ(r+x) − ln Γ(r) + r ln α
 *   A₂ = ln Γ(a+b) + ln Γ(b+x) − ln Γ(b) − ln Γ(a+b+x)          (= ln B(a, b+x) − ln B(a, b))
 *   A₃ = −(r+x) ln(α+T)
 *   A₄ = ln a − ln(b+x−1) − (r+x) ln(α+t_x)                       (only when x > 0)
 *   ln Lᵢ = A₁ + A₂ + ln(e^{A₃} + 1{x>0}·e^{A₄}) = A₁ + A₂ + A₃ + 1{x>0}·ln(1 + e^{A₄−A₃})
 *
 * Evaluated on grouped data: A₁, A₂ per distinct x, A₃ per distinct T, the last term per distinct repeat
 * (x, t_x, T). Empty data gives 0. Parameters must be > 0 (otherwise NaN). Throws RangeError on invalid
 * rows (non-integer or negative x, t_x outside [0, T], negative weights).
 */
export function bgnbdLogLikelihood(params: BgNbdParams, data: BgNbdData): number {
  const c = validateAndCompress(data);
  if (c.total === 0) return 0;
  return new BgNbdLikelihood(c).evaluate(params.r, params.alpha, params.a, params.b);
}

/** Options of {@link fitBgNbd}. */
export interface BgNbdFitOptions {
  /** Starting values (default r = α = a = b = 1, as `lifetimes`). */
  initial?: BgNbdParams;
  /**
   * `auto` (default): BFGS with the analytic gradient, falling back to Nelder–Mead when BFGS does not
   * reach an interior optimum; `nelder-mead`: the derivative-free search only (slow on large data).
   */
  method?: 'auto' | 'nelder-mead';
}

/** Repeat triples in the warm-start subsample of a large fit (see {@link fitBgNbd}). */
const WARM_START_TRIPLES = 40_000;

/**
 * Maximum-likelihood fit of the BG/NBD model.
 *
 * Maximises {@link bgnbdLogLikelihood} over the log-parameters (ln r, ln α, ln a, ln b) by BFGS with the
 * analytic gradient, on customers grouped by distinct x, T and repeat (x, t_x, T) — so the cost per
 * evaluation depends on the number of distinct repeat triples, not of customers. Beyond 160,000 repeat
 * triples BFGS starts from a fit on a systematic sample of ~40,000 of them, so the full likelihood is
 * evaluated a few times instead of ~40 (the optimum is the full data's either way). When BFGS does not
 * converge to a point with r, a, b inside [1.1e-4, 8.9e3] (an optimum at infinity: a flat ridge),
 * Nelder–Mead from the start decides, as before (see {@link minimizeLogParameters}).
 * Log-parameters are bounded to [−30, 30] (parameters in [1e-13, 1e13]).
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
  const lik = new BgNbdLikelihood(c);
  // Mean negative log-likelihood: tolerances independent of n.
  const value = (lp: Float64Array): number =>
    -lik.evaluate(Math.exp(lp[0] as number), Math.exp(lp[1] as number), Math.exp(lp[2] as number), Math.exp(lp[3] as number)) / c.total;
  const withGradient = (on: BgNbdLikelihood) => {
    const grad = new Float64Array(4);
    return (lp: Float64Array, g: Float64Array): number => {
      const p = [Math.exp(lp[0] as number), Math.exp(lp[1] as number), Math.exp(lp[2] as number), Math.exp(lp[3] as number)] as const;
      const ll = on.evaluate(p[0], p[1], p[2], p[3], grad);
      for (let j = 0; j < 4; j++) g[j] = (-(grad[j] as number) * (p[j] as number)) / c.total; // chain rule: ∂/∂ln θ = θ ∂/∂θ
      return -ll / c.total;
    };
  };
  const init = options.initial ?? { r: 1, alpha: 1, a: 1, b: 1 };
  const res = minimizeLogParameters(value, withGradient(lik), [Math.log(init.r), Math.log(init.alpha), Math.log(init.a), Math.log(init.b)], {
    method: options.method ?? 'auto',
    shapes: [0, 2, 3], // r, a, b (α is a time scale)
    coarse: () => {
      const sample = subsampleRepeatTriples(c, WARM_START_TRIPLES);
      return sample ? withGradient(new BgNbdLikelihood(sample)) : null;
    },
  });
  if (!Number.isFinite(res.fx)) return { status: 'failed', reason: 'optimizer-failed', customers: c.total };
  const [lr, lal, la, lb] = res.x as [number, number, number, number];
  return {
    status: 'ok',
    params: { r: Math.exp(lr), alpha: Math.exp(lal), a: Math.exp(la), b: Math.exp(lb) },
    logLikelihood: -res.fx * c.total,
    customers: c.total,
    uniqueTriples: c.uniqueTriples,
    iterations: res.iterations,
    converged: res.converged,
    method: res.method,
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

/**
 * ln of the odds that a customer with history (x, t_x, T) has dropped out, the ratio in P(alive)
 * (FHL 2005, eq. 11): ln a − ln(b+x−1) + (r+x)·ln((α+T)/(α+t_x)); −∞ when x = 0 (never dead before a
 * repeat purchase). P(alive) = 1/(1 + e^odds). Time arguments in the unit the parameters were fitted in.
 */
export function bgnbdLogDeadOdds(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x <= 0) return Number.NEGATIVE_INFINITY;
  return Math.log(p.a) - Math.log(p.b + x - 1) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
}

/** P(alive) from {@link bgnbdLogDeadOdds}: 1/(1 + e^lo), computed without overflow; 1 for lo = −∞. */
export function pAliveFromLogOdds(lo: number): number {
  if (lo === Number.NEGATIVE_INFINITY) return 1;
  return lo > 0 ? Math.exp(-lo) / (1 + Math.exp(-lo)) : 1 / (1 + Math.exp(lo));
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
  return pAliveFromLogOdds(bgnbdLogDeadOdds(params, x, tx, T));
}

/**
 * The part of {@link bgnbdConditionalExpectedPurchases} that does not depend on t_x:
 *
 *   B(t; x, T) = 1 − ((α+T)/(α+T+t))^{r+x} · ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))
 *
 * so that E[Y(t) | x, t_x, T] = [(a+b+x−1)/(a−1)] · B / [1 + e^{lo}] with lo from
 * {@link bgnbdLogDeadOdds}. Scoring many customers, compute it once per distinct (x, T, t): the ₂F₁
 * series is the expensive part. Evaluated as −expm1(…) to keep precision for small t. t ≤ 0 gives 0.
 */
export function bgnbdPurchaseBracket(params: BgNbdParams, t: number, x: number, T: number): number {
  if (!(t > 0)) return 0;
  const { r, alpha, a, b } = params;
  const z = t / (alpha + T + t);
  const lnHyp = logHyp2f1(r + x, b + x, a + b + x - 1, z);
  const inner = lnHyp + (r + x) * Math.log1p(-z); // ln[((α+T)/(α+T+t))^{r+x} ₂F₁]
  return -Math.expm1(inner);
}

/**
 * Expected number of purchases in (T, T + t] for a customer with history (x, t_x, T) (FHL 2005, eq. 10):
 *
 *   E[Y(t) | x, t_x, T] = [(a+b+x−1)/(a−1)] · [1 − ((α+T)/(α+T+t))^{r+x} · ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))]
 *                         / [1 + 1{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^{r+x}]
 *
 * ₂F₁ by {@link logHyp2f1}; the bracket ({@link bgnbdPurchaseBracket}) is evaluated as −expm1(…) to keep
 * precision for small t. Valid for a ≠ 1 (for a < 1 both factors are negative and the product
 * positive). t ≤ 0 gives 0. Time arguments in the unit the parameters were fitted in.
 */
export function bgnbdConditionalExpectedPurchases(
  params: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  if (!(t > 0)) return 0;
  const first = (params.a + params.b + x - 1) / (params.a - 1);
  const second = bgnbdPurchaseBracket(params, t, x, T);
  const lo = bgnbdLogDeadOdds(params, x, tx, T);
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
