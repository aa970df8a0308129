/**
 * Parameter constraints of R `forecast::ets` with its default `bounds = "both"`: the "usual" bounds
 * (each smoothing weight in (0, 1) in the error-correction form) and the "admissible" region (the model
 * forecasts with a discounting effect of old observations: the roots of its characteristic polynomial
 * lie inside the unit circle; Hyndman et al. 2008, ch. 10).
 *
 * @module
 */
import type { EtsParams, EtsSpec } from './ets-types.js';

/** R's default usual bounds: 1e-4 ≤ α ≤ 0.9999, 1e-4 ≤ β ≤ α, 1e-4 ≤ γ ≤ 1 − α, 0.8 ≤ φ ≤ 0.98. */
export const USUAL_BOUNDS = {
  lower: { alpha: 1e-4, beta: 1e-4, gamma: 1e-4, phi: 0.8 },
  upper: { alpha: 0.9999, beta: 0.9999, gamma: 0.9999, phi: 0.98 },
} as const;

/** True when the parameters the model uses satisfy the usual bounds and lie in the admissible region. */
export function parametersAllowed(spec: EtsSpec, p: EtsParams): boolean {
  const { lower, upper } = USUAL_BOUNDS;
  if (p.alpha < lower.alpha || p.alpha > upper.alpha) return false;
  const hasTrend = spec.trend !== 'N';
  const hasSeason = spec.season !== 'N';
  if (hasTrend && (p.beta < lower.beta || p.beta > p.alpha || p.beta > upper.beta)) return false;
  if (hasTrend && spec.damped && (p.phi < lower.phi || p.phi > upper.phi)) return false;
  if (hasSeason && (p.gamma < lower.gamma || p.gamma > 1 - p.alpha || p.gamma > upper.gamma)) return false;
  return admissible(p.alpha, hasTrend ? p.beta : undefined, hasSeason ? p.gamma : undefined, hasTrend && spec.damped ? p.phi : 1, hasSeason ? spec.m : 1);
}

/**
 * R's `admissible()`: closed-form conditions for the non-seasonal models; for seasonal ones three easy
 * conditions, then all roots of
 *   P(z) = φ(1−α−γ) + (α+β−αφ+γ−1)z + Σₖ₌₂^{m−1}(α+β−αφ)zᵏ + (α+β−φ)zᵐ + z^{m+1}
 * must have modulus ≤ 1 (R allows 1 + 1e-10). R finds the roots with `polyroot`; this uses the
 * Schur–Cohn test on P((1 + 1e-7)·z) instead — no root finding, O(m²), exact in the same sense — so a
 * root on the unit circle (ETS(A,N,A) always has z = 1) passes, as in R. The margin is 1e-7 rather than
 * R's 1e-10 so that rounding in the recursion cannot misclassify such a root.
 */
let bufA = new Float64Array(26);
let bufB = new Float64Array(26);

/** The scratch buffers, at least `size` long; returns the first (where the coefficients go). */
function grow(size: number): Float64Array {
  if (bufA.length < size) {
    bufA = new Float64Array(size);
    bufB = new Float64Array(size);
  }
  return bufA;
}

export function admissible(alpha: number, beta: number | undefined, gamma: number | undefined, phi: number, m: number): boolean {
  if (phi < 0 || phi > 1 + 1e-8) return false;
  if (gamma === undefined) {
    if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi) return false;
    if (beta !== undefined && (beta < alpha * (phi - 1) || beta > (1 + phi) * (2 - alpha))) return false;
    return true;
  }
  if (m <= 1) return true;
  const b = beta ?? 0;
  if (gamma < Math.max(1 - 1 / phi - alpha, 0) || gamma > 1 + 1 / phi - alpha) return false;
  if (alpha < 1 - 1 / phi - (gamma * (1 - m + phi + phi * m)) / (2 * phi * m)) return false;
  if (b < -(1 - phi) * (gamma / m + alpha)) return false;
  // written straight into the reused buffer: this runs once per likelihood evaluation, thousands of times per fit
  const coef = grow(m + 2);
  coef[0] = phi * (1 - alpha - gamma);
  coef[1] = alpha + b - alpha * phi + gamma - 1;
  for (let k = 2; k <= m - 1; k++) coef[k] = alpha + b - alpha * phi;
  coef[m] = alpha + b - phi;
  coef[m + 1] = 1;
  return schurCohn(m + 1, 1 + 1e-7);
}

/**
 * Schur–Cohn: all roots of Σ cₖzᵏ (real coefficients, increasing powers) have |z| < r. With q(z) = p(rz),
 * q is stable iff |q₀| < |q_d| and (q_d·q(z) − q₀·q*(z))/z is stable, q* being q with its coefficients reversed.
 */
export function rootsWithinRadius(coef: ArrayLike<number>, r: number): boolean {
  const a = grow(coef.length);
  for (let k = 0; k < coef.length; k++) a[k] = coef[k] as number;
  return schurCohn(coef.length - 1, r);
}

/** {@link rootsWithinRadius} on the degree-`degree` polynomial whose coefficients are in `bufA`. */
function schurCohn(degree: number, r: number): boolean {
  let a = bufA;
  let next = bufB;
  let d = degree;
  let rk = 1;
  for (let k = 0; k <= d; k++, rk *= r) a[k] = (a[k] as number) * rk;
  while (d > 0 && a[d] === 0) d--;
  while (d > 0) {
    const a0 = a[0] as number;
    const ad = a[d] as number;
    if (!(Math.abs(a0) < Math.abs(ad))) return false;
    for (let k = 1; k <= d; k++) next[k - 1] = ad * (a[k] as number) - a0 * (a[d - k] as number);
    d--;
    // rescale to keep the numbers away from under/overflow over many steps — only when they drift that
    // far: the test is scale-free, and m + 1 divisions per round were a tenth of a monthly fit's CPU time
    const scale = Math.abs(next[d] as number);
    if (scale > 1e100 || (scale < 1e-100 && scale > 0)) for (let k = 0; k <= d; k++) next[k] = (next[k] as number) / scale;
    const t = a;
    a = next;
    next = t;
  }
  return true;
}
