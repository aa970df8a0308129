import gammaln from '@stdlib/math-base-special-gammaln';
import { describe, expect, it } from 'vitest';
import {
  bgnbdLogLikelihood,
  bgnbdSharedLogLikelihood,
  fitBgNbd,
  SHARED_DROPOUT_CONCENTRATION,
  sharedDropoutParams,
  type BgNbdData,
  type BgNbdParams,
} from '../../../src/analytics/bgnbd.js';
import { simulateBgNbdCustomers } from '../../../src/analytics/bgnbd-simulate.js';
import {
  fitGammaGamma,
  gammaGammaExpectedSpend,
  gammaGammaLogLikelihood,
  gammaGammaSharedLogLikelihood,
  sharedScaleParams,
} from '../../../src/analytics/gamma-gamma.js';
import { seededFloats } from '../../../src/demo/rng.js';

/** The reduced model's likelihood of one customer, written from its closed form (independent of the grouped code). */
function sharedByHand(r: number, alpha: number, p: number, x: number, tx: number, T: number): number {
  const common = gammaln(r + x) - gammaln(r) + r * Math.log(alpha);
  const alive = Math.pow(1 - p, x) / Math.pow(alpha + T, r + x);
  const dead = x > 0 ? (p * Math.pow(1 - p, x - 1)) / Math.pow(alpha + tx, r + x) : 0;
  return common + Math.log(alive + dead);
}

/** Sum of each customer's likelihood evaluated on its own (no grouping at all). */
function oneByOne(f: (row: BgNbdData) => number, data: { x: number[]; tx: number[]; T: number[] }): number {
  let sum = 0;
  for (let i = 0; i < data.x.length; i++) sum += f({ x: [data.x[i]!], tx: [data.tx[i]!], T: [data.T[i]!] });
  return sum;
}

// Customers from the reduced model: one drop-out chance (0.2) for all, rates Gamma(0.6, 60 days), 2 years,
// times in weeks (whole days / 7), as the clv report builds them.
const SHARED = { r: 0.6, alphaDays: 60, p: 0.2 };
const sharedData = simulateBgNbdCustomers(
  { customers: 20_000, r: SHARED.r, alpha: SHARED.alphaDays, dropout: SHARED.p, days: 730, spend: { p: 5, q: 3, v: 200 } },
  seededFloats(1313),
);
// The same population with drop-out chances spread as Beta(0.7, 2.8) (mean 0.2).
const betaData = simulateBgNbdCustomers({ customers: 20_000, r: SHARED.r, alpha: SHARED.alphaDays, dropout: { a: 0.7, b: 2.8 }, days: 730 }, seededFloats(1313));

describe('grouped likelihoods', () => {
  // Small data with many exact duplicates: customers with equal (x, t_x, T) are grouped.
  const rows = (() => {
    const d = simulateBgNbdCustomers({ customers: 300, r: 0.8, alpha: 30, dropout: { a: 1, b: 3 }, days: 200, spend: { p: 4, q: 3, v: 50 } }, seededFloats(7));
    return { x: Array.from(d.x), tx: Array.from(d.tx), T: Array.from(d.T), monetary: Array.from(d.monetary) };
  })();

  it('BG/NBD (Beta and shared drop-out) equals the sum over customers evaluated one by one', () => {
    const params: BgNbdParams = { r: 0.7, alpha: 4, a: 0.9, b: 2.5 };
    expect(bgnbdLogLikelihood(params, rows)).toBeCloseTo(oneByOne((d) => bgnbdLogLikelihood(params, d), rows), 8);
    const shared = { r: 0.7, alpha: 4, p: 0.3 };
    expect(bgnbdSharedLogLikelihood(shared, rows)).toBeCloseTo(oneByOne((d) => bgnbdSharedLogLikelihood(shared, d), rows), 8);
    const triples = new Set(rows.x.map((x, i) => `${x}|${x > 0 ? rows.tx[i] : 0}|${rows.T[i]}`)).size;
    const fit = fitBgNbd(rows);
    expect(fit.status === 'ok' && fit.uniqueTriples).toBe(triples);
    expect(triples).toBeLessThan(rows.x.length); // there was something to group
  });

  it('Gamma-Gamma equals the sum over customers one by one, and counts the distinct (x, x·m̄) pairs', () => {
    const x = [...rows.x, 2, 2, 2];
    const m = [...rows.monetary, 40, 40, 40]; // exact duplicates
    const params = { p: 4, q: 3, v: 50 };
    let sum = 0;
    for (let i = 0; i < x.length; i++) sum += gammaGammaLogLikelihood(params, { frequency: [x[i]!], monetary: [m[i]!] });
    expect(gammaGammaLogLikelihood(params, { frequency: x, monetary: m })).toBeCloseTo(sum, 8);
    const fit = fitGammaGamma({ frequency: x, monetary: m });
    if (fit.status !== 'ok') throw new Error('fit failed');
    const pairs = new Set(x.map((xi, i) => (xi > 0 ? `${xi}|${xi * m[i]!}` : '')).filter(Boolean)).size;
    expect(fit.uniquePairs).toBe(pairs);
    expect(fit.uniquePairs).toBeLessThan(fit.customers);
  });
});

describe('shared drop-out (the Beta collapsed to a point mass)', () => {
  it('has the closed form derived from the model, and is the limit of the full likelihood at huge a, b', () => {
    const r = 0.45;
    const alpha = 12;
    for (const p of [0.03, 0.2, 0.7]) {
      for (const [x, tx, T] of [
        [0, 0, 50],
        [1, 3.5, 50],
        [4, 20, 26.4],
        [12, 100, 104],
      ] as const) {
        const shared = bgnbdSharedLogLikelihood({ r, alpha, p }, { x: [x], tx: [tx], T: [T] });
        expect(shared).toBeCloseTo(sharedByHand(r, alpha, p, x, tx, T), 10);
        for (const S of [1e6, 1e7]) {
          const full = bgnbdLogLikelihood({ r, alpha, a: p * S, b: (1 - p) * S }, { x: [x], tx: [tx], T: [T] });
          expect(Math.abs(full - shared)).toBeLessThan((20 * (x + 1)) / S + 1e-7);
        }
      }
    }
    // What a shared fit reports as a, b is that limit, summed over a whole population.
    const p = { r, alpha, p: 0.2 };
    const full = bgnbdLogLikelihood(sharedDropoutParams(p), sharedData);
    const reduced = bgnbdSharedLogLikelihood(p, sharedData);
    expect(Math.abs(full - reduced)).toBeLessThan(1e-7 * Math.abs(reduced)); // the round-off of ln Γ near 1e8
    expect(sharedDropoutParams(p).a + sharedDropoutParams(p).b).toBeCloseTo(SHARED_DROPOUT_CONCENTRATION, 0);
    expect(bgnbdSharedLogLikelihood({ r, alpha, p: 1 }, sharedData)).toBeNaN();
  });

  it('is detected on data drawn from it: the reduced model, in a bounded number of iterations, near the truth', () => {
    const fit = fitBgNbd(sharedData);
    if (fit.status !== 'ok') throw new Error('fit failed');
    expect(fit.dropout).toBe('shared');
    expect(fit.converged).toBe(true);
    expect(fit.timedOut).toBe(false);
    expect(fit.iterations).toBeLessThan(300);
    expect(Math.abs(fit.sharedDropout! - SHARED.p)).toBeLessThan(0.02);
    expect(fit.params.a / (fit.params.a + fit.params.b)).toBeCloseTo(fit.sharedDropout!, 12);
    expect(Math.abs(fit.params.r / SHARED.r - 1)).toBeLessThan(0.1);
    // mean rate r/α per week: the truth is 0.6 / (60 / 7)
    expect(Math.abs(fit.params.r / fit.params.alpha / (SHARED.r / (SHARED.alphaDays / 7)) - 1)).toBeLessThan(0.1);
    // The Beta model's likelihood climbs towards the reduced one along the ridge a + b → ∞, a/(a+b) = p.
    const { r, alpha } = fit.params;
    const p = fit.sharedDropout!;
    const along = [1e1, 1e2, 1e3, 1e4].map((S) => bgnbdLogLikelihood({ r, alpha, a: p * S, b: (1 - p) * S }, sharedData));
    along.forEach((ll, i) => i > 0 && expect(ll).toBeGreaterThan(along[i - 1]!));
    expect(along[3]!).toBeLessThanOrEqual(fit.logLikelihood + 1e-6);
    expect(fit.logLikelihood - along[3]!).toBeLessThan(1);
  });

  it('is not chosen when drop-out chances really differ', () => {
    const fit = fitBgNbd(betaData);
    if (fit.status !== 'ok') throw new Error('fit failed');
    expect(fit.dropout).toBe('beta');
    expect(fit.sharedDropout).toBeUndefined();
    expect(fit.converged).toBe(true);
    const shared = fitBgNbd(betaData, { dropout: 'shared' });
    if (shared.status !== 'ok') throw new Error('fit failed');
    expect(fit.logLikelihood - shared.logLikelihood).toBeGreaterThan(1.35);
    expect(Math.abs(fit.params.a / (fit.params.a + fit.params.b) - 0.2)).toBeLessThan(0.05);
  });
});

describe('bounded fits and warm starts', () => {
  it('stops at the iteration limit or the time budget with the best point found, not converged', () => {
    const capped = fitBgNbd(betaData, { maxIterations: 2 });
    if (capped.status !== 'ok') throw new Error('fit failed');
    expect(capped.converged).toBe(false);
    expect(Number.isFinite(capped.logLikelihood)).toBe(true);
    const timed = fitBgNbd(betaData, { timeBudgetMs: 0 });
    if (timed.status !== 'ok') throw new Error('fit failed');
    expect(timed).toMatchObject({ converged: false, timedOut: true });
    expect(Object.values(timed.params).every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    const gg = fitGammaGamma({ frequency: sharedData.x, monetary: sharedData.monetary }, { timeBudgetMs: 0 });
    expect(gg).toMatchObject({ status: 'ok', converged: false, timedOut: true });
  });

  it('a warm start reaches the same optimum in fewer iterations, whichever model the start came from', () => {
    for (const data of [sharedData, betaData]) {
      const cold = fitBgNbd(data);
      if (cold.status !== 'ok') throw new Error('fit failed');
      const warm = fitBgNbd(data, { initial: cold.params });
      if (warm.status !== 'ok') throw new Error('fit failed');
      expect(warm.dropout).toBe(cold.dropout);
      expect(warm.iterations).toBeLessThan(cold.iterations);
      expect(warm.logLikelihood).toBeCloseTo(cold.logLikelihood, 3);
    }
    // Starting from the other population's fit (a shared start on Beta data and back) still finds the right model.
    const sharedFit = fitBgNbd(sharedData);
    const betaFit = fitBgNbd(betaData);
    if (sharedFit.status !== 'ok' || betaFit.status !== 'ok') throw new Error('fit failed');
    const crossed = fitBgNbd(betaData, { initial: sharedFit.params });
    expect(crossed.status === 'ok' && crossed.dropout).toBe('beta');
    expect(crossed.status === 'ok' && crossed.logLikelihood).toBeCloseTo(betaFit.logLikelihood, 3);
    const back = fitBgNbd(sharedData, { initial: betaFit.params });
    expect(back.status === 'ok' && back.dropout).toBe('shared');
    // A start far out in r (a stored fit of customers who all bought at one rate) does not tip the choice.
    const farR = fitBgNbd(betaData, { initial: { ...betaFit.params, r: 1e6, alpha: (1e6 * betaFit.params.alpha) / betaFit.params.r } });
    expect(farR.status === 'ok' && farR.dropout).toBe('beta');
    expect(farR.status === 'ok' && farR.logLikelihood).toBeCloseTo(betaFit.logLikelihood, 3);
    // An unusable start (a corrupt stored fit) is a cold start.
    const corrupt = fitBgNbd(betaData, { initial: { r: Number.NaN, alpha: 1, a: 1, b: 1 } });
    expect(corrupt).toEqual(betaFit);
  });

  it('Gamma-Gamma warm-starts to the same optimum', () => {
    const data = { frequency: sharedData.x, monetary: sharedData.monetary };
    const cold = fitGammaGamma(data);
    if (cold.status !== 'ok') throw new Error('fit failed');
    const warm = fitGammaGamma(data, { initial: cold.params });
    if (warm.status !== 'ok') throw new Error('fit failed');
    expect(warm.iterations).toBeLessThan(cold.iterations);
    expect(warm.logLikelihood).toBeCloseTo(cold.logLikelihood, 4);
    expect(Math.abs(cold.params.p / 5 - 1)).toBeLessThan(0.15);
  });
});

describe('Gamma-Gamma with one shared ν (the Gamma(q, v) collapsed to a point mass)', () => {
  // Spend per transaction Gamma(p = 5, ν = 0.025) for everyone: mean 200. (At a boundary optimum about
  // half of all samples give an interior MLE with a tiny spread instead, e.g. q ≈ 2,500 with seed 2,
  // which is as good; this seed gives the boundary.)
  const oneNu = simulateBgNbdCustomers(
    { customers: 20_000, r: SHARED.r, alpha: SHARED.alphaDays, dropout: SHARED.p, days: 730, spend: { p: 5, q: 1e9, v: 1e9 / 0.025 } },
    seededFloats(1),
  );
  const data = { frequency: oneNu.x, monetary: oneNu.monetary };

  it('has the closed form Gamma(px, νx) and is the limit of the full likelihood at huge q, v', () => {
    for (const [x, m] of [
      [1, 120],
      [3, 250.5],
      [10, 80],
    ] as const) {
      const p = 4;
      const nu = 0.02;
      const byHand = p * x * Math.log(nu * x) + (p * x - 1) * Math.log(m) - nu * x * m - gammaln(p * x);
      const shared = gammaGammaSharedLogLikelihood({ p, nu }, { frequency: [x], monetary: [m] });
      expect(shared).toBeCloseTo(byHand, 10);
      const full = gammaGammaLogLikelihood({ p, q: 1e7, v: 1e7 / nu }, { frequency: [x], monetary: [m] });
      expect(Math.abs(full - shared)).toBeLessThan(1e-4);
    }
  });

  it('is detected on data drawn from it and recovers p and ν; not chosen when ν differs across customers', () => {
    const fit = fitGammaGamma(data);
    if (fit.status !== 'ok') throw new Error('fit failed');
    expect(fit.spendScale).toBe('shared');
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.params.p / 5 - 1)).toBeLessThan(0.05);
    expect(Math.abs(fit.sharedScale! / 0.025 - 1)).toBeLessThan(0.05);
    expect(fit.params).toEqual(sharedScaleParams({ p: fit.params.p, nu: fit.sharedScale! }));
    // expected spend is then the population mean p/ν, whatever the customer's own mean
    expect(gammaGammaExpectedSpend(fit.params, 3, 1000) / (fit.params.p / fit.sharedScale!)).toBeCloseTo(1, 5);
    const spread = fitGammaGamma({ frequency: sharedData.x, monetary: sharedData.monetary });
    expect(spread.status === 'ok' && spread.spendScale).toBe('gamma');
  });
});
