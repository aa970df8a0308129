import gammaln from '@stdlib/math-base-special-gammaln';
import { describe, expect, it } from 'vitest';
import {
  bgnbdConditionalExpectedPurchases,
  bgnbdExpectedPurchases,
  bgnbdLogLikelihood,
  bgnbdPAlive,
  bgnbdSameRateLogLikelihood,
  fitBgNbd,
  SAME_RATE_CONCENTRATION,
  sameRateParams,
  type BgNbdData,
} from '../../../src/analytics/bgnbd.js';
import { simulateBgNbdCustomers } from '../../../src/analytics/bgnbd-simulate.js';
import { seededFloats } from '../../../src/demo/rng.js';

const lnBeta = (a: number, b: number): number => gammaln(a) + gammaln(b) - gammaln(a + b);

/**
 * The one-rate model's likelihood of one customer, written from its derivation (independent of the grouped
 * code): λ^x [e^{−λT} B(a, b+x) + 1{x>0} e^{−λ t_x} B(a+1, b+x−1)] / B(a, b).
 */
function sameRateByHand(lambda: number, a: number, b: number, x: number, tx: number, T: number): number {
  const alive = Math.exp(-lambda * T + lnBeta(a, b + x) - lnBeta(a, b));
  const dead = x > 0 ? Math.exp(-lambda * tx + lnBeta(a + 1, b + x - 1) - lnBeta(a, b)) : 0;
  return x * Math.log(lambda) + Math.log(alive + dead);
}

/** Sum of each customer's likelihood evaluated on its own (no grouping at all). */
function oneByOne(f: (row: BgNbdData) => number, data: { x: ArrayLike<number>; tx: ArrayLike<number>; T: ArrayLike<number> }): number {
  let sum = 0;
  for (let i = 0; i < data.x.length; i++) sum += f({ x: [data.x[i]!], tx: [data.tx[i]!], T: [data.T[i]!] });
  return sum;
}

// Everyone buys at one rate, 1 per 150 days (Gamma(1e7, 1e7·150 days): coefficient of variation 3e-4);
// drop-out chances Beta(0.8, 4); 3 years; times in weeks, as the clv report builds them.
const RATE_PER_WEEK = 7 / 150;
const DROPOUT = { a: 0.8, b: 4 };
const sameRateData = simulateBgNbdCustomers({ customers: 20_000, r: 1e7, alpha: 1e7 * 150, dropout: DROPOUT, days: 3 * 365 }, seededFloats(1317));
// The same mean rate spread as Gamma(0.9, 135 days).
const gammaData = simulateBgNbdCustomers({ customers: 20_000, r: 0.9, alpha: 0.9 * 150, dropout: DROPOUT, days: 3 * 365 }, seededFloats(1317));

describe('one purchase rate for all (the Gamma collapsed to a point mass)', () => {
  it('has the closed form derived from the model, and is the limit of the full likelihood at huge r, α with r/α = λ', () => {
    const { a, b } = DROPOUT;
    for (const lambda of [0.01, 0.05, 0.4]) {
      for (const [x, tx, T] of [
        [0, 0, 50],
        [1, 3.5, 50],
        [4, 20, 26.4],
        [12, 100, 104],
      ] as const) {
        const reduced = bgnbdSameRateLogLikelihood({ lambda, a, b }, { x: [x], tx: [tx], T: [T] });
        expect(reduced).toBeCloseTo(sameRateByHand(lambda, a, b, x, tx, T), 10);
        for (const r of [1e6, 1e7]) {
          const full = bgnbdLogLikelihood({ r, alpha: r / lambda, a, b }, { x: [x], tx: [tx], T: [T] });
          // ln Γ(r+x) − ln Γ(r) − x ln r ≈ x(x−1)/2r, and λ²T²/r from (r+x) ln(1 + λT/r): O((x + λT)²/r).
          expect(Math.abs(full - reduced)).toBeLessThan((x + 1 + lambda * T) ** 2 / r + 1e-7);
        }
      }
    }
    // Grouped equals one by one; what a same-rate fit reports as r, α is that limit over a population.
    const p = { lambda: RATE_PER_WEEK, ...DROPOUT };
    const reduced = bgnbdSameRateLogLikelihood(p, sameRateData);
    expect(reduced).toBeCloseTo(oneByOne((d) => bgnbdSameRateLogLikelihood(p, d), sameRateData), 6);
    const full = bgnbdLogLikelihood(sameRateParams(p), sameRateData);
    expect(Math.abs(full - reduced)).toBeLessThan(1e-6 * Math.abs(reduced));
    const mapped = sameRateParams(p);
    expect(mapped.r / mapped.alpha).toBeCloseTo(RATE_PER_WEEK, 12);
    expect(Math.max(mapped.r, mapped.alpha)).toBeLessThanOrEqual(SAME_RATE_CONCENTRATION);
    expect(bgnbdSameRateLogLikelihood({ lambda: 0, a: 1, b: 1 }, sameRateData)).toBeNaN();
  });

  it('is detected on data drawn from it: the reduced model, in a bounded number of iterations, near the truth', () => {
    const fit = fitBgNbd(sameRateData);
    if (fit.status !== 'ok') throw new Error('fit failed');
    expect(fit.heterogeneity).toBe('same-rate');
    expect(fit.dropout).toBe('beta');
    expect(fit.converged).toBe(true);
    expect(fit.timedOut).toBe(false);
    expect(fit.iterations).toBeLessThan(300);
    expect(Math.abs(fit.sameRate! / RATE_PER_WEEK - 1)).toBeLessThan(0.1);
    expect(fit.params.r / fit.params.alpha).toBeCloseTo(fit.sameRate!, 12);
    expect(Math.abs(fit.params.a / (fit.params.a + fit.params.b) - DROPOUT.a / (DROPOUT.a + DROPOUT.b))).toBeLessThan(0.05);
    expect(fit.logLikelihood).toBeCloseTo(bgnbdSameRateLogLikelihood({ lambda: fit.sameRate!, a: fit.params.a, b: fit.params.b }, sameRateData), 6);
    // A maximum of the reduced likelihood (its gradient is analytic): every step away from it loses.
    const at = { lambda: fit.sameRate!, a: fit.params.a, b: fit.params.b };
    const best = bgnbdSameRateLogLikelihood(at, sameRateData);
    for (const key of ['lambda', 'a', 'b'] as const) {
      for (const f of [0.999, 1.001]) expect(bgnbdSameRateLogLikelihood({ ...at, [key]: at[key] * f }, sameRateData)).toBeLessThan(best);
    }
    // The Gamma model's likelihood climbs towards the reduced one along the ridge r → ∞, r/α = λ.
    const { a, b } = fit.params;
    const lambda = fit.sameRate!;
    const along = [1e1, 1e2, 1e3, 1e4].map((r) => bgnbdLogLikelihood({ r, alpha: r / lambda, a, b }, sameRateData));
    along.forEach((ll, i) => i > 0 && expect(ll).toBeGreaterThan(along[i - 1]!));
    expect(along[3]!).toBeLessThanOrEqual(fit.logLikelihood + 1e-6);
    expect(fit.logLikelihood - along[3]!).toBeLessThan(1);
    // A warm start from the same-rate fit lands on the same model.
    const warm = fitBgNbd(sameRateData, { initial: fit.params });
    if (warm.status !== 'ok') throw new Error('fit failed');
    expect(warm.heterogeneity).toBe('same-rate');
    expect(warm.sameRate!).toBeCloseTo(lambda, 6);
  });

  it('is not chosen when purchase rates really differ', () => {
    const fit = fitBgNbd(gammaData);
    if (fit.status !== 'ok') throw new Error('fit failed');
    expect(fit.heterogeneity).toBe('gamma');
    expect(fit.sameRate).toBeUndefined();
    expect(fit.converged).toBe(true);
    const reduced = fitBgNbd(gammaData, { heterogeneity: 'same-rate' });
    if (reduced.status !== 'ok') throw new Error('fit failed');
    expect(reduced.heterogeneity).toBe('same-rate');
    expect(fit.logLikelihood - reduced.logLikelihood).toBeGreaterThan(1.35);
    expect(Math.abs(fit.params.r / 0.9 - 1)).toBeLessThan(0.15);
  });

  it('keeps the scoring functions exact with the params it reports', () => {
    const lambda = RATE_PER_WEEK;
    const { a, b } = DROPOUT;
    const params = sameRateParams({ lambda, a, b });
    for (const [x, tx, T] of [
      [0, 0, 50],
      [1, 3.5, 50],
      [4, 100, 150],
      [12, 100, 156],
      [3, 10, 156],
    ] as const) {
      // P(alive) of the point mass: 1 / (1 + a/(b+x−1) · e^{λ(T − t_x)}) for x > 0.
      const exact = x > 0 ? 1 / (1 + (a / (b + x - 1)) * Math.exp(lambda * (T - tx))) : 1;
      // The mapped r is finite (4.7e6 here): its log-odds differ from λ(T − t_x) by O((x + λT)/r) relative.
      expect(Math.abs(bgnbdPAlive(params, x, tx, T) - exact)).toBeLessThan(1e-5 * exact + 1e-12);
      // Expected purchases agree with the Gamma model approaching the point mass (r = 1e6, 1e7).
      for (const t of [1, 26, 52]) {
        const e = bgnbdConditionalExpectedPurchases(params, t, x, tx, T);
        expect(Number.isFinite(e) && e > 0).toBe(true);
        const near = bgnbdConditionalExpectedPurchases({ r: 1e7, alpha: 1e7 / lambda, a, b }, t, x, tx, T);
        expect(Math.abs(e / near - 1)).toBeLessThan(1e-5);
      }
    }
    // A new customer: E[X(t)] = E_p[(1 − e^{−λpt})/p] over Beta(a, b)
    //   = Σ_{k≥1} (−1)^{k+1} (λt)^k / k! · E[p^{k−1}],  E[p^j] = Π_{i<j} (a+i)/(a+b+i).
    for (const t of [4, 52, 104]) {
      let sum = 0;
      let power = 1; // (λt)^k / k!
      let moment = 1; // E[p^{k−1}]
      for (let k = 1; k < 200; k++) {
        power = (power * lambda * t) / k;
        if (k > 1) moment *= (a + k - 2) / (a + b + k - 2);
        sum += (k % 2 === 1 ? 1 : -1) * power * moment;
      }
      expect(Math.abs(bgnbdExpectedPurchases(params, t) / sum - 1)).toBeLessThan(1e-5);
    }
  });
});
