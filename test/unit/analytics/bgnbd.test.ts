import betaln from '@stdlib/math-base-special-betaln';
import gammaln from '@stdlib/math-base-special-gammaln';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/demo/rng.js';
import {
  bgnbdConditionalExpectedPurchases,
  bgnbdExpectedPurchases,
  bgnbdLogLikelihood,
  bgnbdPAlive,
  bgnbdPurchaseBracket,
  fitBgNbd,
  logHyp2f1,
  type BgNbdParams,
} from '../../../src/analytics/bgnbd.js';

const ONES: BgNbdParams = { r: 1, alpha: 1, a: 1, b: 1 };

/** FHL 2005 eq. 6, written directly (independent of the A1..A4 form). */
function paperLikelihood(p: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const common = Math.exp(gammaln(r + x) - gammaln(r) + r * Math.log(alpha));
  const l1 = Math.exp(betaln(a, b + x) - betaln(a, b)) * common / Math.pow(alpha + T, r + x);
  const l2 = x > 0 ? (Math.exp(betaln(a + 1, b + x - 1) - betaln(a, b)) * common) / Math.pow(alpha + tx, r + x) : 0;
  return Math.log(l1 + l2);
}

describe('bgnbdLogLikelihood', () => {
  it('matches hand-computed values with r = α = a = b = 1', () => {
    // x = 0, T = 1: ln(1/2)
    expect(bgnbdLogLikelihood(ONES, { x: [0], tx: [0], T: [1] })).toBeCloseTo(-Math.log(2), 12);
    // x = 1, t_x = 1, T = 2: ln B(1,2)/B(1,1) + ln(1/9 + 1/4) = −ln 2 + ln(13/36)
    expect(bgnbdLogLikelihood(ONES, { x: [1], tx: [1], T: [2] })).toBeCloseTo(-Math.log(2) + Math.log(13 / 36), 12);
  });

  it('agrees with the paper\'s closed form (eq. 6) and is additive over customers', () => {
    const p: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const rows: Array<[number, number, number]> = [
      [0, 0, 38.86],
      [2, 30.43, 38.86],
      [1, 1.71, 38.86],
      [14, 35, 36],
    ];
    let sum = 0;
    for (const [x, tx, T] of rows) {
      const ll = bgnbdLogLikelihood(p, { x: [x], tx: [tx], T: [T] });
      expect(ll).toBeCloseTo(paperLikelihood(p, x, tx, T), 10);
      sum += ll;
    }
    const all = bgnbdLogLikelihood(p, { x: rows.map((r) => r[0]), tx: rows.map((r) => r[1]), T: rows.map((r) => r[2]) });
    expect(all).toBeCloseTo(sum, 10);
  });

  it('treats weights like repeated customers and ignores t_x when x = 0', () => {
    const p: BgNbdParams = { r: 0.5, alpha: 3, a: 1.2, b: 2 };
    const repeated = bgnbdLogLikelihood(p, { x: [1, 1, 1, 0], tx: [3, 3, 3, 0], T: [10, 10, 10, 10] });
    const weighted = bgnbdLogLikelihood(p, { x: [1, 0], tx: [3, 5], T: [10, 10], weights: [3, 1] });
    expect(weighted).toBeCloseTo(repeated, 12);
    expect(bgnbdLogLikelihood(p, { x: [], tx: [], T: [] })).toBe(0);
  });

  it('rejects invalid rows', () => {
    expect(() => bgnbdLogLikelihood(ONES, { x: [1.5], tx: [1], T: [2] })).toThrow(RangeError);
    expect(() => bgnbdLogLikelihood(ONES, { x: [1], tx: [3], T: [2] })).toThrow(RangeError);
    expect(() => bgnbdLogLikelihood(ONES, { x: [1, 2], tx: [1], T: [2] })).toThrow(RangeError);
  });
});

describe('fitBgNbd', () => {
  it('returns a clear result for empty input and when nobody repeated', () => {
    expect(fitBgNbd({ x: new Float64Array(0), tx: new Float64Array(0), T: new Float64Array(0) })).toEqual({
      status: 'insufficient',
      reason: 'no-customers',
      customers: 0,
    });
    expect(fitBgNbd({ x: [0, 0, 0], tx: [0, 0, 0], T: [5, 10, 20] })).toEqual({
      status: 'insufficient',
      reason: 'no-repeat-purchases',
      customers: 3,
    });
  });

  it('still returns finite parameters for a single repeat customer', () => {
    const fit = fitBgNbd({ x: [3], tx: [20], T: [30] });
    expect(fit.status).toBe('ok');
    if (fit.status !== 'ok') return;
    for (const v of Object.values(fit.params)) expect(Number.isFinite(v) && v > 0).toBe(true);
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
  });

  it('reaches a maximum: the log-likelihood does not improve at nearby parameters', () => {
    const data = {
      x: [0, 0, 1, 2, 0, 5, 1, 3, 0, 0, 7, 2],
      tx: [0, 0, 4, 10, 0, 30, 20, 25, 0, 0, 33, 8],
      T: [40, 35, 38, 40, 30, 39, 36, 34, 40, 31, 38, 37],
    };
    const fit = fitBgNbd(data);
    expect(fit.status).toBe('ok');
    if (fit.status !== 'ok') return;
    expect(fit.uniqueTriples).toBe(11); // 12 customers, (0, 0, 40) twice
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      for (const f of [0.98, 1.02]) {
        const p = { ...fit.params, [k]: fit.params[k] * f };
        expect(bgnbdLogLikelihood(p, data)).toBeLessThanOrEqual(fit.logLikelihood + 1e-9);
      }
    }
  });
});

describe('P(alive) and expected purchases', () => {
  it('P(alive) is 1 with no repeat purchase and matches a hand value', () => {
    expect(bgnbdPAlive(ONES, 0, 0, 50)).toBe(1);
    // 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^{r+x}) = 1 / (1 + (3/2)²)
    expect(bgnbdPAlive(ONES, 1, 1, 2)).toBeCloseTo(1 / 3.25, 12);
    // no overflow for a long-lost heavy buyer
    const pa = bgnbdPAlive({ r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, 400, 1, 1000);
    expect(pa).toBeGreaterThanOrEqual(0);
    expect(pa).toBeLessThan(1e-100);
  });

  it('conditional expectation ≈ P(alive)·(r+x)/(α+T)·t for small t', () => {
    const p: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    for (const [x, tx, T] of [
      [2, 30.43, 38.86],
      [0, 0, 20],
      [10, 50, 60],
    ] as const) {
      const t = 1e-4;
      const expected = (bgnbdPAlive(p, x, tx, T) * (p.r + x) * t) / (p.alpha + T);
      expect(bgnbdConditionalExpectedPurchases(p, t, x, tx, T) / expected).toBeCloseTo(1, 3);
    }
  });

  it('is 0 for t ≤ 0, increasing in t, and equals E[X(t)] for a brand-new customer', () => {
    const p: BgNbdParams = { r: 0.5, alpha: 6, a: 1.5, b: 3 };
    expect(bgnbdConditionalExpectedPurchases(p, 0, 1, 1, 2)).toBe(0);
    expect(bgnbdExpectedPurchases(p, -1)).toBe(0);
    let prev = 0;
    for (const t of [1, 5, 20, 52, 200]) {
      const e = bgnbdConditionalExpectedPurchases(p, t, 3, 20, 30);
      expect(e).toBeGreaterThan(prev);
      prev = e;
    }
    expect(bgnbdConditionalExpectedPurchases(p, 39, 0, 0, 0)).toBeCloseTo(bgnbdExpectedPurchases(p, 39), 12);
    // a < 1 branch is finite and positive too
    expect(bgnbdExpectedPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39)).toBeGreaterThan(0);
  });
});

describe('logHyp2f1', () => {
  it('matches closed forms', () => {
    for (const z of [0.01, 0.3, 0.5, 0.9, 0.99]) {
      expect(Math.exp(logHyp2f1(1, 1, 2, z))).toBeCloseTo(-Math.log(1 - z) / z, 10);
      expect(logHyp2f1(2.7, 3.1, 3.1, z)).toBeCloseTo(-2.7 * Math.log(1 - z), 10);
    }
    expect(logHyp2f1(3, 4, 5, 0)).toBe(0);
  });

  it('satisfies Euler\'s transformation and handles huge values without overflow', () => {
    const [a, b, c, z] = [0.8, 2.5, 6.3, 0.7];
    const lhs = logHyp2f1(a, b, c, z);
    const rhs = (c - a - b) * Math.log(1 - z) + logHyp2f1(c - a, c - b, c, z);
    expect(lhs).toBeCloseTo(rhs, 10);
    const big = logHyp2f1(250, 250, 10, 0.95); // ~1e300+, stdlib returns +∞ here
    expect(Number.isFinite(big)).toBe(true);
    expect(big).toBeGreaterThan(600);
  });

  it('returns NaN outside its domain', () => {
    expect(logHyp2f1(1, 1, 2, 1)).toBeNaN();
    expect(logHyp2f1(1, 1, 2, -0.5)).toBeNaN();
    expect(logHyp2f1(-1, 1, 2, 0.5)).toBeNaN();
    expect(logHyp2f1(1, 1, 0, 0.5)).toBeNaN();
  });
});

describe('fitBgNbd — grouping and optimizer', () => {
  // 1,500 simulated customers: Poisson buying at a gamma-distributed rate, dropping out with a
  // customer-specific chance after each repeat purchase; days on a grid, times in weeks (days / 7).
  const data = (() => {
    const rng = Rng.fromSeed(2005);
    const x: number[] = [];
    const tx: number[] = [];
    const T: number[] = [];
    for (let i = 0; i < 1500; i++) {
      const ageDays = rng.int(60, 420);
      const perDay = rng.gamma(2, 0.3) / 7;
      const dropout = rng.between(0.02, 0.5);
      let day = 0;
      let last = 0;
      let repeats = 0;
      for (;;) {
        day += Math.max(1, Math.round(rng.exponential(1 / perDay)));
        if (day > ageDays) break;
        repeats++;
        last = day;
        if (rng.chance(dropout)) break;
      }
      x.push(repeats);
      tx.push(last / 7);
      T.push(ageDays / 7);
    }
    return { x, tx, T };
  })();

  it('does not depend on the input order, and weights count as repeated customers', () => {
    const fit = fitBgNbd(data);
    const order = data.x.map((_, i) => (i * 211) % data.x.length);
    const shuffled = fitBgNbd({ x: order.map((i) => data.x[i]!), tx: order.map((i) => data.tx[i]!), T: order.map((i) => data.T[i]!) });
    expect(shuffled).toEqual(fit);
    const doubled = fitBgNbd({ ...data, weights: data.x.map(() => 2) });
    if (fit.status !== 'ok' || doubled.status !== 'ok') throw new Error('fit failed');
    expect(doubled.customers).toBe(2 * fit.customers);
    expect(doubled.logLikelihood).toBeCloseTo(2 * fit.logLikelihood, 6);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(doubled.params[k]).toBeCloseTo(fit.params[k], 6);
  });

  it('BFGS reaches the optimum Nelder–Mead finds, in far fewer evaluations', () => {
    const auto = fitBgNbd(data);
    const nm = fitBgNbd(data, { method: 'nelder-mead' });
    if (auto.status !== 'ok' || nm.status !== 'ok') throw new Error('fit failed');
    expect(auto.method).toBe('bfgs');
    expect(nm.method).toBe('nelder-mead');
    expect(auto.iterations).toBeLessThan(nm.iterations / 4);
    expect(auto.logLikelihood).toBeGreaterThanOrEqual(nm.logLikelihood - 1e-6);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(auto.params[k] / nm.params[k]).toBeCloseTo(1, 4);
  });
});

describe('bgnbdPurchaseBracket', () => {
  it('is the t_x-free factor of the conditional expectation', () => {
    const p: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    for (const [x, tx, T] of [
      [2, 30.43, 38.86],
      [0, 0, 20],
      [7, 3, 60],
    ] as const) {
      const bracket = bgnbdPurchaseBracket(p, 39, x, T);
      const odds = x > 0 ? (p.a / (p.b + x - 1)) * ((p.alpha + T) / (p.alpha + tx)) ** (p.r + x) : 0;
      const expected = (((p.a + p.b + x - 1) / (p.a - 1)) * bracket) / (1 + odds);
      expect(bgnbdConditionalExpectedPurchases(p, 39, x, tx, T)).toBeCloseTo(expected, 12);
    }
    expect(bgnbdPurchaseBracket(p, 0, 1, 10)).toBe(0);
  });
});
