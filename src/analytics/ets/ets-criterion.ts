/**
 * The fitting criterion alone — R's n·log(Σeₜ²) + 2·Σlog|ŷₜ| (second term with multiplicative error only)
 * — for the optimiser's inner loop: the same recursion and arithmetic as {@link etsFilter}, but one loop
 * per season type, no fitted/residual/simulation bookkeeping, and Σlog|ŷₜ| taken as the log of a running
 * product (one `Math.log` per ~20 steps instead of one per step).
 *
 * Why a second copy of the recursion: the likelihood is evaluated tens of thousands of times per model
 * choice and was two thirds of its CPU time (profile of bench/ets-speed.ts); the per-step `Math.log` and
 * the per-step tests of what to record cost more than the recursion itself. bench/ets-speed.ts prints the
 * largest difference between the two over every candidate model of its series (expected ~1e-12 relative).
 *
 * Additive and no trend share a loop: no trend is the additive recursion with b = 0 and β = 0, which
 * leaves every value exactly unchanged (q = ℓ + 0·0). Multiplicative trends are left to {@link etsFilter}.
 *
 * @module
 */
import { etsFilter } from './ets-recursion.js';
import type { EtsParams, EtsSpec, EtsState } from './ets-types.js';

/** Below this |x| a divisor counts as zero (R: TOL). */
const TOL = 1e-10;
/** Stand-in for a ratio with a zero divisor (R: HUGEN). */
const HUGE = 1e10;
/** |ŷ| inside this range joins the running product; outside it its log is added directly (no overflow). */
const PRODUCT_MIN = 1e-100;
const PRODUCT_MAX = 1e100;
/** The running product is folded into the log sum when it leaves this range. */
const FOLD_MIN = 1e-150;
const FOLD_MAX = 1e150;

/**
 * R's criterion for `spec` with parameters `p` from initial state `x0` over `y`; +∞ when it is not finite
 * (the optimiser treats that as infeasible). `ring` is a work buffer of at least m values.
 *
 * Agrees with `etsFilter(y, spec, p, x0).lik` up to rounding (the log of a product instead of a sum of logs).
 */
export function etsCriterion(y: Float64Array, spec: EtsSpec, p: EtsParams, x0: EtsState, ring: Float64Array): number {
  if (spec.trend === 'M') return etsFilter(y, spec, p, x0, { ring, likOnly: true }).lik;
  const multError = spec.error === 'M';
  const trended = spec.trend === 'A';
  const phi = trended && spec.damped ? p.phi : trended ? 1 : 0;
  const betaOverAlpha = trended ? p.beta / p.alpha : 0;
  const b0 = trended ? x0.trend : 0;
  let acc: Accumulated;
  if (spec.season === 'N') acc = noSeason(y, multError, p.alpha, betaOverAlpha, phi, x0.level, b0);
  else {
    const m = spec.m;
    for (let k = 0; k < m; k++) ring[k] = x0.season[m - 1 - k] as number;
    acc = spec.season === 'A' ? addSeason(y, multError, p.alpha, betaOverAlpha, phi, p.gamma, x0.level, b0, ring, m) : mulSeason(y, multError, p.alpha, betaOverAlpha, phi, p.gamma, x0.level, b0, ring, m);
  }
  let lik = y.length * Math.log(acc.sse);
  if (multError) lik += 2 * acc.sumLog;
  return Number.isNaN(lik) ? Number.POSITIVE_INFINITY : lik;
}

interface Accumulated {
  sse: number;
  sumLog: number;
}
// one reused result object: these run once per likelihood evaluation
const out: Accumulated = { sse: 0, sumLog: 0 };

function noSeason(y: Float64Array, multError: boolean, alpha: number, betaOverAlpha: number, phi: number, l0: number, b0: number): Accumulated {
  let l = l0;
  let b = b0;
  let sse = 0;
  let sumLog = 0;
  let prod = 1;
  const n = y.length;
  for (let t = 0; t < n; t++) {
    const yt = y[t] as number;
    const phib = phi * b;
    const q = l + phib;
    if (multError) {
      const e = (yt - q) / q;
      sse += e * e;
      const af = Math.abs(q);
      if (af > PRODUCT_MIN && af < PRODUCT_MAX) {
        prod *= af;
        if (prod > FOLD_MAX || prod < FOLD_MIN) {
          sumLog += Math.log(prod);
          prod = 1;
        }
      } else sumLog += Math.log(af);
    } else {
      const e = yt - q;
      sse += e * e;
    }
    const lNew = q + alpha * (yt - q);
    b = phib + betaOverAlpha * (lNew - l - phib);
    l = lNew;
  }
  out.sse = sse;
  out.sumLog = sumLog + Math.log(prod);
  return out;
}

function addSeason(y: Float64Array, multError: boolean, alpha: number, betaOverAlpha: number, phi: number, gamma: number, l0: number, b0: number, ring: Float64Array, m: number): Accumulated {
  let l = l0;
  let b = b0;
  let sse = 0;
  let sumLog = 0;
  let prod = 1;
  let pos = 0;
  const n = y.length;
  for (let t = 0; t < n; t++) {
    const yt = y[t] as number;
    const phib = phi * b;
    const q = l + phib;
    const sOld = ring[pos] as number;
    const f = q + sOld;
    if (multError) {
      const e = (yt - f) / f;
      sse += e * e;
      const af = Math.abs(f);
      if (af > PRODUCT_MIN && af < PRODUCT_MAX) {
        prod *= af;
        if (prod > FOLD_MAX || prod < FOLD_MIN) {
          sumLog += Math.log(prod);
          prod = 1;
        }
      } else sumLog += Math.log(af);
    } else {
      const e = yt - f;
      sse += e * e;
    }
    const lNew = q + alpha * (yt - sOld - q);
    b = phib + betaOverAlpha * (lNew - l - phib);
    ring[pos] = sOld + gamma * (yt - q - sOld);
    pos = pos + 1 === m ? 0 : pos + 1;
    l = lNew;
  }
  out.sse = sse;
  out.sumLog = sumLog + Math.log(prod);
  return out;
}

function mulSeason(y: Float64Array, multError: boolean, alpha: number, betaOverAlpha: number, phi: number, gamma: number, l0: number, b0: number, ring: Float64Array, m: number): Accumulated {
  let l = l0;
  let b = b0;
  let sse = 0;
  let sumLog = 0;
  let prod = 1;
  let pos = 0;
  const n = y.length;
  for (let t = 0; t < n; t++) {
    const yt = y[t] as number;
    const phib = phi * b;
    const q = l + phib;
    const sOld = ring[pos] as number;
    const f = q * sOld;
    if (multError) {
      const e = (yt - f) / f;
      sse += e * e;
      const af = Math.abs(f);
      if (af > PRODUCT_MIN && af < PRODUCT_MAX) {
        prod *= af;
        if (prod > FOLD_MAX || prod < FOLD_MIN) {
          sumLog += Math.log(prod);
          prod = 1;
        }
      } else sumLog += Math.log(af);
    } else {
      const e = yt - f;
      sse += e * e;
    }
    const pp = Math.abs(sOld) < TOL ? HUGE : yt / sOld;
    const lNew = q + alpha * (pp - q);
    b = phib + betaOverAlpha * (lNew - l - phib);
    const tt = Math.abs(q) < TOL ? HUGE : yt / q;
    ring[pos] = sOld + gamma * (tt - sOld);
    pos = pos + 1 === m ? 0 : pos + 1;
    l = lNew;
  }
  out.sse = sse;
  out.sumLog = sumLog + Math.log(prod);
  return out;
}
