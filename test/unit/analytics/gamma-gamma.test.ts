import gammaln from '@stdlib/math-base-special-gammaln';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/demo/rng.js';
import {
  fitGammaGamma,
  gammaGammaExpectedSpend,
  gammaGammaLogLikelihood,
  gammaGammaPopulationMean,
} from '../../../src/analytics/gamma-gamma.js';

describe('gammaGammaLogLikelihood', () => {
  it('matches a hand value and skips non-repeat customers', () => {
    // p = q = v = 1, x = 1, m = 1: ln Γ(2) − ln Γ(1) − ln Γ(1) + 0 + 0 + 0 − 2 ln 2
    expect(gammaGammaLogLikelihood({ p: 1, q: 1, v: 1 }, { frequency: [1], monetary: [1] })).toBeCloseTo(-2 * Math.log(2), 12);
    expect(gammaGammaLogLikelihood({ p: 1, q: 1, v: 1 }, { frequency: [1, 0], monetary: [1, 99] })).toBeCloseTo(-2 * Math.log(2), 12);
    expect(gammaGammaLogLikelihood({ p: 1, q: 1, v: 1 }, { frequency: [], monetary: [] })).toBe(0);
  });

  it('equals the mixture density: ∫ Gamma(m̄; px, rate νx) · Gamma(ν; q, rate v) dν', () => {
    const [p, q, v, x, m] = [2.5, 3.2, 12, 3, 18];
    const lnGammaPdf = (y: number, shape: number, rate: number) =>
      shape * Math.log(rate) + (shape - 1) * Math.log(y) - rate * y - gammaln(shape);
    // trapezoid on u = ln ν (dν = ν du)
    let integral = 0;
    const lo = Math.log(1e-6);
    const hi = Math.log(50);
    const steps = 20000;
    const h = (hi - lo) / steps;
    for (let i = 0; i <= steps; i++) {
      const nu = Math.exp(lo + i * h);
      const f = Math.exp(lnGammaPdf(m, p * x, nu * x) + lnGammaPdf(nu, q, v)) * nu;
      integral += (i === 0 || i === steps ? 0.5 : 1) * f * h;
    }
    expect(gammaGammaLogLikelihood({ p, q, v }, { frequency: [x], monetary: [m] })).toBeCloseTo(Math.log(integral), 6);
  });
});

describe('fitGammaGamma', () => {
  it('is insufficient with fewer than 2 usable repeat customers, counting what it skipped', () => {
    expect(fitGammaGamma({ frequency: [], monetary: [] })).toMatchObject({ status: 'insufficient', customers: 0 });
    expect(fitGammaGamma({ frequency: [0, 0, 2, 1], monetary: [0, 0, 30, -5] })).toEqual({
      status: 'insufficient',
      reason: 'too-few-repeat-customers',
      customers: 1,
      skippedNonRepeat: 2,
      skippedNonPositive: 1,
    });
  });

  it('fits a small sample to a local maximum', () => {
    const data = { frequency: [1, 2, 3, 1, 5, 2, 4, 1, 0], monetary: [20, 35, 18, 50, 22, 27, 40, 15, 0] };
    const fit = fitGammaGamma(data);
    expect(fit.status).toBe('ok');
    if (fit.status !== 'ok') return;
    expect(fit.customers).toBe(8);
    expect(fit.skippedNonRepeat).toBe(1);
    for (const k of ['p', 'q', 'v'] as const) {
      for (const f of [0.97, 1.03]) {
        const ll = gammaGammaLogLikelihood({ ...fit.params, [k]: fit.params[k] * f }, data);
        expect(ll).toBeLessThanOrEqual(fit.logLikelihood + 1e-9);
      }
    }
    expect(Math.abs(fit.frequencyMonetaryCorrelation)).toBeLessThanOrEqual(1);
  });
});

describe('gammaGammaExpectedSpend', () => {
  it('blends the population mean and the customer mean', () => {
    const params = { p: 2, q: 3, v: 10 };
    expect(gammaGammaPopulationMean(params)).toBe(10); // p v / (q − 1)
    expect(gammaGammaExpectedSpend(params, 0, 999)).toBe(10); // x = 0: population mean, m̄ ignored
    expect(gammaGammaExpectedSpend(params, 2, 20)).toBeCloseTo((2 * (10 + 2 * 20)) / (4 + 2), 12);
    // credibility weights: (q−1)/(px+q−1) on the population mean, px/(px+q−1) on m̄
    expect(gammaGammaExpectedSpend(params, 2, 20)).toBeCloseTo((2 / 6) * 10 + (4 / 6) * 20, 12);
  });

  it('is NaN when the population mean does not exist (q ≤ 1, x = 0)', () => {
    expect(gammaGammaPopulationMean({ p: 2, q: 1, v: 10 })).toBeNaN();
    expect(gammaGammaExpectedSpend({ p: 2, q: 0.5, v: 10 }, 0, 0)).toBeNaN();
    expect(gammaGammaExpectedSpend({ p: 2, q: 0.5, v: 10 }, 3, 12)).toBeGreaterThan(0);
  });
});

describe('fitGammaGamma — optimizer', () => {
  // 3,000 customers: spend per purchase ~ Gamma(p = 4, ν) with ν ~ Gamma(q = 5, v = 80) (so means ~ 80).
  const data = (() => {
    const rng = Rng.fromSeed(2013);
    const frequency: number[] = [];
    const monetary: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const x = rng.int(0, 12);
      const nu = rng.gamma(5, 5 / 80); // rate ν with mean q/v
      let total = 0;
      for (let j = 0; j < x; j++) total += rng.gamma(4, 4 / nu);
      frequency.push(x);
      monetary.push(x > 0 ? total / x : 0);
    }
    return { frequency, monetary };
  })();

  it('BFGS agrees with Nelder–Mead and the result does not depend on the input order beyond rounding', () => {
    const auto = fitGammaGamma(data);
    const nm = fitGammaGamma(data, { method: 'nelder-mead' });
    if (auto.status !== 'ok' || nm.status !== 'ok') throw new Error('fit failed');
    expect(auto.method).toBe('bfgs');
    expect(auto.logLikelihood).toBeGreaterThanOrEqual(nm.logLikelihood - 1e-6);
    for (const k of ['p', 'q', 'v'] as const) expect(auto.params[k] / nm.params[k]).toBeCloseTo(1, 4);
    const order = data.frequency.map((_, i) => (i * 1009) % data.frequency.length);
    const shuffled = fitGammaGamma({ frequency: order.map((i) => data.frequency[i]!), monetary: order.map((i) => data.monetary[i]!) });
    if (shuffled.status !== 'ok') throw new Error('fit failed');
    for (const k of ['p', 'q', 'v'] as const) expect(shuffled.params[k] / auto.params[k]).toBeCloseTo(1, 8);
  });
});
