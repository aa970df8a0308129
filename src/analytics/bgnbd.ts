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
import { bfgsLogParameters, minimizeLogParameters, nelderMeadLogParameters, type LogParameterResult } from './optimize.js';

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
      /** False when the fit stopped at a limit (iterations, stall, time budget) before its tolerances. */
      converged: boolean;
      /** Optimizer whose answer this is (see {@link fitBgNbd}). */
      method: 'bfgs' | 'nelder-mead';
      /**
       * Drop-out model chosen (see {@link fitBgNbd}): `beta`, drop-out chances spread as Beta(a, b);
       * `shared`, one chance for every customer (the Beta collapsed to a point mass), in which case
       * `params` carry a, b with a + b = {@link SHARED_DROPOUT_CONCENTRATION} and a/(a+b) = `sharedDropout`.
       */
      dropout: 'beta' | 'shared';
      /** The shared drop-out chance per repeat purchase (only with `dropout: 'shared'`). */
      sharedDropout?: number;
      /**
       * Purchase-rate model chosen (see {@link fitBgNbd}): `gamma`, rates spread as Gamma(r, α);
       * `same-rate`, one rate for every customer (the Gamma collapsed to a point mass), in which case
       * `params` carry r, α from {@link sameRateParams} with r/α = `sameRate`.
       */
      heterogeneity: 'gamma' | 'same-rate';
      /** The shared purchase rate per time unit while alive (only with `heterogeneity: 'same-rate'`). */
      sameRate?: number;
      /** True when the time budget ended the fit (then `converged` is false and the best point found is returned). */
      timedOut: boolean;
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
   * The drop-out terms both likelihoods share, N[ln Γ(a+b) − ln Γ(b)] + Σₓ Wₓ[ln Γ(b+x) − ln Γ(a+b+x)],
   * with their ∂/∂a and ∂/∂b when `grad`; also writes cx[k] = ln a − ln(b+x−1) (0 for x = 0), the
   * a, b part of each customer's softplus argument.
   */
  private dropOutTerms(a: number, b: number, grad: boolean): { ll: number; ga: number; gb: number } {
    const c = this.c;
    const { cx } = this;
    const lnA = Math.log(a);
    let ll = c.total * (gammaln(a + b) - gammaln(b));
    let ga = 0;
    let gb = 0;
    if (grad) {
      const psiAB = digamma(a + b);
      ga = c.total * psiAB;
      gb = c.total * (psiAB - digamma(b));
    }
    for (let k = 0; k < c.xs.length; k++) {
      const x = c.xs[k] as number;
      const w = c.wx[k] as number;
      ll += w * (gammaln(b + x) - gammaln(a + b + x));
      cx[k] = x > 0 ? lnA - Math.log(b + x - 1) : 0;
      if (grad) {
        const psiABx = digamma(a + b + x);
        ga -= w * psiABx;
        gb += w * (digamma(b + x) - psiABx);
      }
    }
    return { ll, ga, gb };
  }

  /**
   * ln L = Σₓ Wₓ[ln Γ(r+x) + ln Γ(b+x) − ln Γ(a+b+x)] + N[−ln Γ(r) + r ln α + ln Γ(a+b) − ln Γ(b)]
   *        − Σ_T (r W_T + X_T) ln(α+T) + Σ_{x>0} w · softplus(u),
   * u = ln a − ln(b+x−1) + (r+x)(ln(α+T) − ln(α+t_x)) (= A₄ − A₃), softplus(u) = ln(1 + eᵘ).
   * With `grad`, also writes ∂lnL/∂(r, α, a, b); softplus′ = σ(u), the chance the customer is dead.
   */
  evaluate(r: number, alpha: number, a: number, b: number, grad?: Float64Array): number {
    const c = this.c;
    let { ll, ga, gb } = this.dropOutTerms(a, b, grad !== undefined);
    ll += this.rateTerms(r, alpha, grad);
    if (!grad) return ll;
    const { sigmaX } = this;
    const xs = c.xs;
    let sSigma = 0;
    for (let k = 0; k < xs.length; k++) {
      const s = sigmaX[k] as number;
      if (s === 0) continue;
      sSigma += s;
      gb -= s / (b + (xs[k] as number) - 1);
    }
    grad[2] = ga + sSigma / a;
    grad[3] = gb;
    return ll;
  }

  /**
   * The same likelihood with every customer sharing one drop-out chance p (Beta(a, b) collapsed to a
   * point mass at p = a/(a+b), a + b → ∞), see {@link bgnbdSharedLogLikelihood}: A₂ becomes x ln(1−p) and
   * u = logit p + (r+x)(ln(α+T) − ln(α+t_x)). p is passed as θ = logit p (p = 1/(1+e^{−θ})), so both
   * ln p and ln(1−p) stay exact near 0 and 1. With `grad`, writes ∂lnL/∂(r, α, θ).
   */
  evaluateShared(r: number, alpha: number, theta: number, grad?: Float64Array): number {
    const c = this.c;
    const { cx } = this;
    const p = 1 / (1 + Math.exp(-theta));
    const ln1mp = -(theta > 0 ? theta + Math.log1p(Math.exp(-theta)) : Math.log1p(Math.exp(theta))); // −softplus(θ)
    for (let k = 0; k < c.xs.length; k++) cx[k] = (c.xs[k] as number) > 0 ? theta : 0;
    const ll = c.repeat * ln1mp + this.rateTerms(r, alpha, grad);
    if (!grad) return ll;
    let sSigma = 0;
    for (let k = 0; k < c.xs.length; k++) sSigma += this.sigmaX[k] as number;
    grad[2] = sSigma - p * c.repeat;
    return ll;
  }

  /**
   * The likelihood with every customer buying at one rate λ (Gamma(r, α) collapsed to a point mass at
   * λ = r/α, r → ∞), see {@link bgnbdSameRateLogLikelihood}: ln L = x ln λ − λT + A₂ + 1{x>0}·softplus(u),
   * u = ln a − ln(b+x−1) + λ(T − t_x). λ is passed as ln λ. With `grad`, writes ∂lnL/∂(ln λ, a, b).
   */
  evaluateSameRate(lnLambda: number, a: number, b: number, grad?: Float64Array): number {
    const c = this.c;
    const lambda = Math.exp(lnLambda);
    let { ll, ga, gb } = this.dropOutTerms(a, b, grad !== undefined);
    const { cx, sigmaX, xs } = { cx: this.cx, sigmaX: this.sigmaX, xs: c.xs };
    // Σ w·x ln λ − λ Σ w·T
    let wTsum = 0;
    for (let t = 0; t < c.Ts.length; t++) wTsum += (c.wT[t] as number) * (c.Ts[t] as number);
    ll += c.repeat * lnLambda - lambda * wTsum;
    const { rk, rtx, rT, rw, Ts, txs } = c;
    let soft = 0;
    let sD = 0;
    if (grad) sigmaX.fill(0);
    for (let j = 0; j < rk.length; j++) {
      const k = rk[j] as number;
      const d = (Ts[rT[j] as number] as number) - (txs[rtx[j] as number] as number);
      const u = (cx[k] as number) + lambda * d;
      const e = Math.exp(-Math.abs(u));
      const w = rw[j] as number;
      soft += w * ((u > 0 ? u : 0) + Math.log1p(e));
      if (grad) {
        const ws = (w * (u >= 0 ? 1 : e)) / (1 + e); // w · σ(u)
        sigmaX[k] = (sigmaX[k] as number) + ws;
        sD += ws * d;
      }
    }
    if (!grad) return ll + soft;
    let sSigma = 0;
    for (let k = 0; k < xs.length; k++) {
      const s = sigmaX[k] as number;
      if (s === 0) continue;
      sSigma += s;
      gb -= s / (b + (xs[k] as number) - 1);
    }
    grad[0] = c.repeat - lambda * wTsum + lambda * sD;
    grad[1] = ga + sSigma / a;
    grad[2] = gb;
    return ll + soft;
  }

  /**
   * Everything but the drop-out terms: Σₓ Wₓ ln Γ(r+x) + N[−ln Γ(r) + r ln α] − Σ_T (r W_T + X_T) ln(α+T)
   * + Σ_{x>0} w · softplus(u), u = cx[k] + (r+x)(ln(α+T) − ln(α+t_x)) with cx filled by the caller.
   * With `grad`, writes ∂/∂r and ∂/∂α into grad[0], grad[1] and leaves Σ w·σ(u) per x in `sigmaX`.
   */
  private rateTerms(r: number, alpha: number, grad?: Float64Array): number {
    const c = this.c;
    const { lnAT, invAT, lnATx, invATx, cx, sigmaX } = this;
    const N = c.total;
    const lnAlpha = Math.log(alpha);
    let ll = N * (-gammaln(r) + r * lnAlpha);
    let gr = 0;
    let gal = 0;
    if (grad) {
      gr = N * (lnAlpha - digamma(r));
      gal = (N * r) / alpha;
    }
    for (let k = 0; k < c.xs.length; k++) {
      const x = c.xs[k] as number;
      const w = c.wx[k] as number;
      ll += w * gammaln(r + x);
      if (grad) gr += w * digamma(r + x);
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
    grad[0] = gr + sD;
    grad[1] = gal + sA;
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

/** BG/NBD with every customer sharing one drop-out chance p per repeat purchase (0 < p < 1). */
export interface BgNbdSharedParams {
  r: number;
  alpha: number;
  p: number;
}

/**
 * a + b of the Beta(a, b) that stands for a shared drop-out chance p in {@link BgNbdParams} (a = p·S,
 * b = (1−p)·S), so every scoring function takes a shared fit unchanged: Beta(pS, (1−p)S) has variance
 * p(1−p)/(S+1), and the formulas differ from the point mass's by O(x/S) relative, ~1e-8 for the x of
 * real customers (checked against {@link bgnbdSharedLogLikelihood} in the tests). Below 1e9, where the
 * clv report calls a parameter absurd.
 */
export const SHARED_DROPOUT_CONCENTRATION = 1e8;

/** The {@link BgNbdParams} of a shared-drop-out fit: a = p·S, b = (1−p)·S, S = {@link SHARED_DROPOUT_CONCENTRATION}. */
export function sharedDropoutParams(s: BgNbdSharedParams): BgNbdParams {
  return { r: s.r, alpha: s.alpha, a: s.p * SHARED_DROPOUT_CONCENTRATION, b: (1 - s.p) * SHARED_DROPOUT_CONCENTRATION };
}

/**
 * Log-likelihood of the reduced BG/NBD in which every customer drops out with the same chance p after
 * each repeat purchase: the Beta(a, b) of the full model replaced by a point mass at p. Given λ and p,
 * a customer's likelihood is (FHL 2005, eq. 3)
 *
 *   L(x, t_x, T | λ, p) = (1−p)^x λ^x e^{−λT} + 1{x>0} · p (1−p)^{x−1} λ^x e^{−λ t_x};
 *
 * integrating λ over Gamma(r, α) (∫ λ^x e^{−λs} g(λ) dλ = Γ(r+x) α^r / (Γ(r) (α+s)^{r+x})) gives
 *
 *   L = Γ(r+x) α^r / Γ(r) · [ (1−p)^x / (α+T)^{r+x} + 1{x>0} · p (1−p)^{x−1} / (α+t_x)^{r+x} ]
 *   ln L = A₁ + x ln(1−p) − (r+x) ln(α+T) + 1{x>0} · ln(1 + p/(1−p) · ((α+T)/(α+t_x))^{r+x}),
 *
 * the full model's form with A₂ = ln B(a, b+x) − ln B(a, b) = ln E[(1−p)^x] → x ln(1−p) and
 * a/(b+x−1) → p/(1−p) as a, b → ∞ with a/(a+b) = p. Evaluated on the same grouped data as
 * {@link bgnbdLogLikelihood}. Empty data gives 0; p outside (0, 1) or r, α ≤ 0 give NaN.
 */
export function bgnbdSharedLogLikelihood(params: BgNbdSharedParams, data: BgNbdData): number {
  const c = validateAndCompress(data);
  if (c.total === 0) return 0;
  const { r, alpha, p } = params;
  if (!(p > 0 && p < 1)) return Number.NaN;
  return new BgNbdLikelihood(c).evaluateShared(r, alpha, Math.log(p) - Math.log1p(-p));
}

/** BG/NBD with every customer buying at one rate λ per time unit while alive (drop-out still Beta(a, b)). */
export interface BgNbdSameRateParams {
  lambda: number;
  a: number;
  b: number;
}

/**
 * Largest r (and α) of the {@link BgNbdParams} that stand for one shared purchase rate λ: r = S·min(1, λ),
 * α = r/λ = S·min(1/λ, 1), so both stay ≤ S = 1e8, below the 1e9 where the clv report calls a parameter
 * absurd. Gamma(r, r/λ) has coefficient of variation 1/√r (≤ 1e-3 for λ ≥ 1e-2 per unit) and the
 * formulas differ from the point mass's by O(x²/r) relative (checked against
 * {@link bgnbdSameRateLogLikelihood} and the scoring functions in the tests).
 */
export const SAME_RATE_CONCENTRATION = 1e8;

/** The {@link BgNbdParams} of a same-rate fit: r = S·min(1, λ), α = r/λ, S = {@link SAME_RATE_CONCENTRATION}. */
export function sameRateParams(s: BgNbdSameRateParams): BgNbdParams {
  const r = SAME_RATE_CONCENTRATION * Math.min(1, s.lambda);
  return { r, alpha: r / s.lambda, a: s.a, b: s.b };
}

/**
 * Log-likelihood of the reduced BG/NBD in which every customer buys at the same Poisson rate λ while
 * alive: the Gamma(r, α) of the full model replaced by a point mass at λ, drop-out p ~ Beta(a, b) kept.
 * Given λ and p a customer's likelihood is (FHL 2005, eq. 3)
 *
 *   L(x, t_x, T | λ, p) = (1−p)^x λ^x e^{−λT} + 1{x>0} · p (1−p)^{x−1} λ^x e^{−λ t_x};
 *
 * integrating p over Beta(a, b) (E[(1−p)^x] = B(a, b+x)/B(a, b), E[p(1−p)^{x−1}] = B(a+1, b+x−1)/B(a, b),
 * whose ratio is a/(b+x−1)) gives
 *
 *   L = λ^x B(a, b+x)/B(a, b) · [ e^{−λT} + 1{x>0} · a/(b+x−1) · e^{−λ t_x} ]
 *   ln L = x ln λ − λT + A₂ + 1{x>0} · ln(1 + a/(b+x−1) · e^{λ(T − t_x)}),
 *
 * A₂ = ln B(a, b+x) − ln B(a, b) as in {@link bgnbdLogLikelihood}. It is the full model's limit as
 * r, α → ∞ with r/α = λ: A₁ + A₃ = ln Γ(r+x) − ln Γ(r) + r ln α − (r+x) ln(α+T) → x ln λ − λT and
 * (r+x) ln((α+T)/(α+t_x)) → λ(T − t_x). Evaluated on the same grouped data as {@link bgnbdLogLikelihood}.
 * Empty data gives 0; λ, a or b ≤ 0 give NaN.
 */
export function bgnbdSameRateLogLikelihood(params: BgNbdSameRateParams, data: BgNbdData): number {
  const c = validateAndCompress(data);
  if (c.total === 0) return 0;
  const { lambda, a, b } = params;
  if (!(lambda > 0 && a > 0 && b > 0)) return Number.NaN;
  return new BgNbdLikelihood(c).evaluateSameRate(Math.log(lambda), a, b);
}

/** Options of {@link fitBgNbd}. */
export interface BgNbdFitOptions {
  /**
   * Starting values (default r = α = a = b = 1, as `lifetimes`), e.g. the parameters of the last stored
   * fit on similar data (a warm start: the optimum is the same, it is found in fewer steps). Ignored
   * when a value is not finite and > 0.
   */
  initial?: BgNbdParams;
  /**
   * `auto` (default): BFGS with the analytic gradient, falling back to Nelder–Mead when BFGS does not
   * reach an interior optimum; `nelder-mead`: the derivative-free search only (slow on large data).
   */
  method?: 'auto' | 'nelder-mead';
  /**
   * `auto` (default): the Beta drop-out model, or the shared one when the rule of {@link fitBgNbd} says
   * so; `beta` or `shared`: that model only.
   */
  dropout?: 'auto' | 'beta' | 'shared';
  /**
   * `auto` (default): rates spread as Gamma(r, α), or one rate for all when the rule of {@link fitBgNbd}
   * says so; `same-rate`: the one-rate model only (ignores `dropout`).
   */
  heterogeneity?: 'auto' | 'same-rate';
  /** Iterations of each optimiser run (default: the optimiser's own). */
  maxIterations?: number;
  /** Wall-time budget of the whole fit in ms (default 10,000): then the best point found, `converged: false`. */
  timeBudgetMs?: number;
}

/** Repeat triples in the warm-start subsample of a large fit (see {@link fitBgNbd}). */
const WARM_START_TRIPLES = 40_000;

/**
 * BFGS gives up on a model once a shape parameter's log leaves ±11.5 (1e5 or 1e-5), far outside the
 * ±9.1 where its answer would stand: on the ridge a, b → ∞ it otherwise creeps for minutes.
 */
const ABANDON_LOG = 11.5;

/** BFGS's answer stands with every shape's log within ±9.1 (see `minimizeLogParameters`). */
const INTERIOR_LOG = 9.1;
const clampLog = (v: number): number => Math.max(-INTERIOR_LOG, Math.min(INTERIOR_LOG, v));

/**
 * Nelder–Mead's stall window in the fallbacks (a check every 200 iterations rather than its default
 * 200 × n): the fallback only runs on a ridge, where each iteration over a large population costs
 * milliseconds and a long window only prolongs the crawl.
 */
const FALLBACK_STALL_ITERATIONS = 200;

/** Default wall-time budget of a fit (ms). */
const TIME_BUDGET_MS = 10_000;

/**
 * Largest log-likelihood gain of the Beta drop-out model over the shared one that still counts as no
 * gain: 1.35 = χ²₁ 90 % quantile / 2, the 5 % likelihood-ratio test for a parameter on the boundary of
 * its space (the Beta's spread is 0 at the point mass; Self & Liang 1987: ½χ²₀ + ½χ²₁).
 */
const SHARED_LR_MARGIN = 1.35;

/**
 * Maximum-likelihood fit of the BG/NBD model.
 *
 * Maximises {@link bgnbdLogLikelihood} over the log-parameters (ln r, ln α, ln a, ln b) by BFGS with the
 * analytic gradient, on customers grouped by distinct x, T and repeat (x, t_x, T) — so the cost per
 * evaluation depends on the number of distinct repeat triples, not of customers (identical customers
 * add weight × their log-likelihood, which is exact). Beyond 160,000 repeat
 * triples BFGS starts from a fit on a systematic sample of ~40,000 of them, so the full likelihood is
 * evaluated a few times instead of ~40 (the optimum is the full data's either way).
 *
 * Degenerate drop-out (rule of `dropout: 'auto'`): when BFGS converges with r, a, b inside
 * [1.1e-4, 8.9e3] its answer stands (`dropout: 'beta'`). Otherwise the optimum may lie at infinity on
 * the ridge a, b → ∞ with a/(a+b) = p fixed — customers do not differ measurably in how likely they are
 * to drop out; BFGS has then left the interior through a or b (ln a or ln b beyond ±9.1) — where the full likelihood only creeps towards its supremum, the likelihood of the
 * reduced model with one shared p ({@link bgnbdSharedLogLikelihood}, three parameters, fitted over
 * (ln r, ln α, logit p) the same way). The shared model is chosen (`dropout: 'shared'`) when the Beta
 * model gains at most 1.35 in log-likelihood over it (a 5 % likelihood-ratio test of a boundary
 * parameter); otherwise Nelder–Mead on the full model from the start decides, as before
 * (see {@link minimizeLogParameters}).
 *
 * Degenerate purchase rates, the same rule for the Gamma: when BFGS instead leaves through r (ln r beyond
 * +9.1, α running off with it so that r/α = λ stays) — customers do not differ measurably in how often they
 * buy — the reduced model with one rate λ ({@link bgnbdSameRateLogLikelihood}, fitted over
 * (ln λ, ln a, ln b)) is chosen (`heterogeneity: 'same-rate'`, params from {@link sameRateParams}) when
 * the Gamma model gains at most the same 1.35 over it (the Gamma's variance r/α² is 0 at the point mass);
 * otherwise Nelder–Mead decides, as before. (Both ridges at once, one rate and one drop-out chance for
 * all, has no reduced model of its own: the drop-out ridge is tried.) Log-parameters are bounded to [−30, 30] (parameters in
 * [1e-13, 1e13]; p within 1e-13 of 0 or 1).
 *
 * Work is bounded: every optimiser run by `maxIterations` and a stall check (a flat ridge gains too
 * little per stretch of iterations to continue), the whole fit by `timeBudgetMs`; a fit cut short
 * returns the best point found with `converged: false` (`timedOut` when the budget ended it).
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
  const limits = {
    deadline: performance.now() + (options.timeBudgetMs ?? TIME_BUDGET_MS),
    fallbackStallIterations: FALLBACK_STALL_ITERATIONS,
    ...(options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : {}),
  };
  const lik = new BgNbdLikelihood(c);
  const exp = (lp: Float64Array, j: number): number => Math.exp(lp[j] as number);
  // Mean negative log-likelihood: tolerances independent of n.
  const value = (lp: Float64Array): number => -lik.evaluate(exp(lp, 0), exp(lp, 1), exp(lp, 2), exp(lp, 3)) / c.total;
  const withGradient = (on: BgNbdLikelihood) => {
    const grad = new Float64Array(4);
    return (lp: Float64Array, g: Float64Array): number => {
      const p = [exp(lp, 0), exp(lp, 1), exp(lp, 2), exp(lp, 3)] as const;
      const ll = on.evaluate(p[0], p[1], p[2], p[3], grad);
      for (let j = 0; j < 4; j++) g[j] = (-(grad[j] as number) * (p[j] as number)) / c.total; // chain rule: ∂/∂ln θ = θ ∂/∂θ
      return -ll / c.total;
    };
  };
  // Shared drop-out over (ln r, ln α, θ = logit p).
  const sharedValue = (lp: Float64Array): number => -lik.evaluateShared(exp(lp, 0), exp(lp, 1), lp[2] as number) / c.total;
  const sharedWithGradient = (on: BgNbdLikelihood) => {
    const grad = new Float64Array(3);
    return (lp: Float64Array, g: Float64Array): number => {
      const r = exp(lp, 0);
      const alpha = exp(lp, 1);
      const ll = on.evaluateShared(r, alpha, lp[2] as number, grad);
      g[0] = (-(grad[0] as number) * r) / c.total;
      g[1] = (-(grad[1] as number) * alpha) / c.total;
      g[2] = -(grad[2] as number) / c.total;
      return -ll / c.total;
    };
  };
  // One purchase rate over (ln λ, ln a, ln b).
  const sameRateValue = (lp: Float64Array): number => -lik.evaluateSameRate(lp[0] as number, exp(lp, 1), exp(lp, 2)) / c.total;
  const sameRateWithGradient = (on: BgNbdLikelihood) => {
    const grad = new Float64Array(3);
    return (lp: Float64Array, g: Float64Array): number => {
      const a = exp(lp, 1);
      const b = exp(lp, 2);
      const ll = on.evaluateSameRate(lp[0] as number, a, b, grad);
      g[0] = -(grad[0] as number) / c.total;
      g[1] = (-(grad[1] as number) * a) / c.total;
      g[2] = (-(grad[2] as number) * b) / c.total;
      return -ll / c.total;
    };
  };
  const coarse = (make: (on: BgNbdLikelihood) => (lp: Float64Array, g: Float64Array) => number) => () => {
    const sample = subsampleRepeatTriples(c, WARM_START_TRIPLES);
    return sample ? make(new BgNbdLikelihood(sample)) : null;
  };
  const given = options.initial;
  // A warm start with an unusable value (a corrupt stored fit) starts cold instead.
  const init = given && [given.r, given.alpha, given.a, given.b].every((v) => v > 0 && Number.isFinite(v)) ? given : { r: 1, alpha: 1, a: 1, b: 1 };
  const start = [Math.log(init.r), Math.log(init.alpha), Math.log(init.a), Math.log(init.b)];
  const method = options.method ?? 'auto';
  const mode = options.dropout ?? 'auto';

  type Model = Pick<Extract<BgNbdFit, { status: 'ok' }>, 'params' | 'dropout' | 'heterogeneity' | 'sharedDropout' | 'sameRate'>;
  /** The fit result of a search, whichever model it searched (a non-finite optimum is a failed fit). */
  const fitOf = (res: LogParameterResult, iterations: number, model: (x: readonly number[]) => Model, timedOut = false): BgNbdFit =>
    Number.isFinite(res.fx)
      ? {
          status: 'ok',
          ...model(res.x),
          logLikelihood: -res.fx * c.total,
          customers: c.total,
          uniqueTriples: c.uniqueTriples,
          iterations,
          converged: res.converged && !timedOut,
          method: res.method,
          timedOut: res.timedOut || timedOut,
        }
      : { status: 'failed', reason: 'optimizer-failed', customers: c.total };
  const beta = (res: LogParameterResult, iterations: number): BgNbdFit =>
    fitOf(res, iterations, ([lr, lal, la, lb]) => ({
      params: { r: Math.exp(lr!), alpha: Math.exp(lal!), a: Math.exp(la!), b: Math.exp(lb!) },
      dropout: 'beta',
      heterogeneity: 'gamma',
    }));
  const sharedFit = (from: readonly number[]): LogParameterResult => {
    // θ = logit(a/(a+b)) from the full model's log-parameters, kept inside the box.
    const theta = Math.max(-29, Math.min(29, (from[2] as number) - (from[3] as number)));
    return minimizeLogParameters(sharedValue, sharedWithGradient(lik), [from[0] as number, from[1] as number, theta], {
      method,
      shapes: [0], // r (α is a time scale, θ a logit)
      abandon: ABANDON_LOG,
      fallbackStart: [0, 0, 0], // r = α = 1, p = ½: a ridge's answer must not depend on the start
      coarse: coarse(sharedWithGradient),
      ...limits,
    });
  };
  const shared = (res: LogParameterResult, iterations: number, timedOut: boolean): BgNbdFit =>
    fitOf(
      res,
      iterations,
      ([lr, lal, theta]) => {
        const p = 1 / (1 + Math.exp(-theta!));
        return { params: sharedDropoutParams({ r: Math.exp(lr!), alpha: Math.exp(lal!), p }), dropout: 'shared', sharedDropout: p, heterogeneity: 'gamma' };
      },
      timedOut,
    );
  const sameRateFit = (from: readonly number[]): LogParameterResult => {
    // ln λ = ln r − ln α from the full model's log-parameters; a, b moved back inside the box.
    return minimizeLogParameters(sameRateValue, sameRateWithGradient(lik), [(from[0] as number) - (from[1] as number), clampLog(from[2] as number), clampLog(from[3] as number)], {
      method,
      shapes: [1, 2], // a, b (λ is a rate: its size is a unit)
      abandon: ABANDON_LOG,
      fallbackStart: [0, 0, 0], // λ = a = b = 1: a ridge's answer must not depend on the start
      coarse: coarse(sameRateWithGradient),
      ...limits,
    });
  };
  const sameRate = (res: LogParameterResult, iterations: number): BgNbdFit =>
    fitOf(res, iterations, ([lnLambda, la, lb]) => {
      const lambda = Math.exp(lnLambda!);
      return { params: sameRateParams({ lambda, a: Math.exp(la!), b: Math.exp(lb!) }), dropout: 'beta', heterogeneity: 'same-rate', sameRate: lambda };
    });

  if (options.heterogeneity === 'same-rate') {
    const res = sameRateFit(start);
    return sameRate(res, res.iterations);
  }
  if (mode === 'shared') {
    const res = sharedFit(start);
    return shared(res, res.iterations, false);
  }
  if (method === 'nelder-mead') {
    const nm = nelderMeadLogParameters(value, start, { ...limits, fallbackStallIterations: undefined });
    return beta(nm, nm.iterations);
  }
  // A warm start from a shared fit sits far out on the ridge, where BFGS would give up at once: start the
  // Beta model from the same r, α and mean drop-out with a + b = 10, so it can still find an interior optimum.
  // Likewise r, with α moved along so the mean rate r/α stays.
  const lr = clampLog(start[0] as number);
  const lal = (start[1] as number) + lr - (start[0] as number);
  const fullStart =
    Math.max(Math.abs(start[2] as number), Math.abs(start[3] as number)) > INTERIOR_LOG
      ? [lr, lal, Math.log(10 * (init.a / (init.a + init.b))), Math.log(10 * (init.b / (init.a + init.b)))]
      : [lr, lal, start[2] as number, start[3] as number];
  const full = bfgsLogParameters(withGradient(lik), fullStart, { shapes: [0, 2, 3], abandon: ABANDON_LOG, coarse: coarse(withGradient), ...limits });
  if (full.interior || full.timedOut) return beta(full, full.iterations);
  // Only a run-off of a or b is the drop-out ridge the shared model is the limit of; r running off
  // (customers buying at one rate) is the same-rate model's ridge, tried next.
  const dropoutRidge = Math.max(Math.abs(full.x[2] as number), Math.abs(full.x[3] as number)) > INTERIOR_LOG;
  if (mode === 'auto' && dropoutRidge) {
    const reduced = sharedFit(full.x);
    const iterations = full.iterations + reduced.iterations;
    // Both are mean NLLs over the same customers: compare totals.
    const gain = Number.isFinite(full.fx) ? (reduced.fx - full.fx) * c.total : Number.NEGATIVE_INFINITY;
    if (Number.isFinite(reduced.fx) && gain <= SHARED_LR_MARGIN) return shared(reduced, iterations, false);
    if (reduced.timedOut) return beta({ ...full, converged: false, timedOut: true }, iterations);
  }
  // r and α running off together (r/α = λ fixed) is the ridge the same-rate model is the limit of.
  const rateRidge = !dropoutRidge && (full.x[0] as number) > INTERIOR_LOG;
  if (mode === 'auto' && rateRidge) {
    const reduced = sameRateFit(full.x);
    const iterations = full.iterations + reduced.iterations;
    const gain = Number.isFinite(full.fx) ? (reduced.fx - full.fx) * c.total : Number.NEGATIVE_INFINITY;
    if (Number.isFinite(reduced.fx) && gain <= SHARED_LR_MARGIN) return sameRate(reduced, iterations);
    if (reduced.timedOut) return beta({ ...full, converged: false, timedOut: true }, iterations);
  }
  // From the cold start: on a ridge Nelder–Mead stops where round-off lets it, which depends on the start.
  const nm = nelderMeadLogParameters(value, [0, 0, 0, 0], limits);
  const best = nm.timedOut && Number.isFinite(full.fx) && !(nm.fx <= full.fx) ? { ...full, timedOut: true } : nm;
  return beta(best, full.iterations + nm.iterations);
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
  // ln((α+T)/(α+t_x)) as log1p: exact for the huge α of a same-rate fit, where a difference of logs is not.
  return Math.log(p.a) - Math.log(p.b + x - 1) + (p.r + x) * Math.log1p((T - tx) / (p.alpha + tx));
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
