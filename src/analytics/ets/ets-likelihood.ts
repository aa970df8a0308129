/**
 * Gaussian log-likelihood and information criteria of a fitted ETS model.
 *
 * R `forecast::ets` minimises lik = n·log(Σeₜ²) + 2·Σlog|ŷₜ| (the second term for multiplicative error
 * only, where eₜ is the relative error) and reports loglik = −lik/2. That is the Gaussian log-likelihood
 * with σ² = Σeₜ²/n concentrated out, minus a constant: the full value is
 *
 *   log L = −lik/2 − (n/2)·(log(2π/n) + 1)
 *
 * (+46.9754 for n = 68). This module reports the full log L, so the AIC/AICc here are R's minus
 * n·(log(2π/n) + 1); model choice by AICc is the same either way since n is the same for every candidate.
 *
 * @module
 */

/** Full Gaussian log-likelihood from R's criterion `lik` for n observations (nats). */
export function logLikelihoodFromCriterion(lik: number, n: number): number {
  return -0.5 * lik - (n / 2) * (Math.log((2 * Math.PI) / n) + 1);
}

/** R's reported `loglik` (without the constant) from the full log-likelihood. */
export function rLogLikelihood(loglik: number, n: number): number {
  return loglik + (n / 2) * (Math.log((2 * Math.PI) / n) + 1);
}

/**
 * AIC, AICc and BIC with k = estimated values + 1 (σ²), R's count:
 * AIC = −2 log L + 2k, AICc = AIC + 2k(k+1)/(n−k−1), BIC = AIC + k(log n − 2).
 * Edge case: n − k − 1 ≤ 0 gives AICc = +∞ (the model cannot be compared).
 */
export function informationCriteria(loglik: number, estimated: number, n: number): { aic: number; aicc: number; bic: number } {
  const k = estimated + 1;
  const aic = -2 * loglik + 2 * k;
  const aicc = n - k - 1 > 0 ? aic + (2 * k * (k + 1)) / (n - k - 1) : Number.POSITIVE_INFINITY;
  const bic = aic + k * (Math.log(n) - 2);
  return { aic, aicc, bic };
}
