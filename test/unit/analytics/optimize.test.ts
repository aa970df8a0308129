import { describe, expect, it } from 'vitest';
import { bfgs, minimizeLogParameters, nelderMead } from '../../../src/analytics/optimize.js';

/** Rosenbrock's valley, minimum 0 at (1, 1). */
const rosenbrock = (x: Float64Array, g: Float64Array): number => {
  const [a, b] = [x[0]!, x[1]!];
  g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
  g[1] = 200 * (b - a * a);
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
};

describe('bfgs', () => {
  it('finds the minimum of Rosenbrock\'s function from the usual start', () => {
    const res = bfgs(rosenbrock, [-1.2, 1]);
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(1, 6);
    expect(res.x[1]).toBeCloseTo(1, 6);
    expect(res.evaluations).toBeLessThan(200);
    expect(res.inverseHessian).toHaveLength(4);
  });

  it('steps back from infeasible points and uses a warm start', () => {
    // a quadratic bowl at (2, −1) with infinity outside |x| ≤ 3
    const bowl = (x: Float64Array, g: Float64Array): number => {
      if (Math.abs(x[0]!) > 3 || Math.abs(x[1]!) > 3) return Number.POSITIVE_INFINITY;
      g[0] = 2 * (x[0]! - 2);
      g[1] = 20 * (x[1]! + 1);
      return (x[0]! - 2) ** 2 + 10 * (x[1]! + 1) ** 2;
    };
    const cold = bfgs(bowl, [0, 0], { maxStep: 100 });
    expect(cold.converged).toBe(true);
    expect(cold.x[0]).toBeCloseTo(2, 8);
    const warm = bfgs(bowl, [1.9, -0.9], { initialInverseHessian: cold.inverseHessian });
    expect(warm.converged).toBe(true);
    expect(warm.evaluations).toBeLessThanOrEqual(4);
  });

  it('reports a non-finite start as not converged and a zero-dimensional start as converged', () => {
    expect(bfgs(() => Number.NaN, [1]).converged).toBe(false);
    expect(bfgs(() => 3, []).converged).toBe(true);
  });
});

describe('minimizeLogParameters', () => {
  // f(θ) = (θ₀ − 1)² + (θ₁ + 0.5)²: an interior optimum at parameters (e, e^−0.5)
  const value = (lp: Float64Array): number => (lp[0]! - 1) ** 2 + (lp[1]! + 0.5) ** 2;
  const withGradient = (lp: Float64Array, g: Float64Array): number => {
    g[0] = 2 * (lp[0]! - 1);
    g[1] = 2 * (lp[1]! + 0.5);
    return value(lp);
  };

  it('takes BFGS\'s answer at an interior optimum and Nelder–Mead\'s when asked', () => {
    const auto = minimizeLogParameters(value, withGradient, [0, 0], { method: 'auto', shapes: [0, 1] });
    expect(auto.method).toBe('bfgs');
    expect(auto.x[0]).toBeCloseTo(1, 8);
    const nm = minimizeLogParameters(value, withGradient, [0, 0], { method: 'nelder-mead', shapes: [0, 1] });
    expect(nm.method).toBe('nelder-mead');
    expect(nm.x[1]).toBeCloseTo(-0.5, 6);
  });

  it('falls back to Nelder–Mead from the start when a shape runs off to a ridge', () => {
    // decreasing without bound in θ₀ up to the ±30 box: an optimum "at infinity"
    const ridge = (lp: Float64Array): number => Math.exp(-lp[0]!) + (lp[1]! - 1) ** 2;
    const ridgeGradient = (lp: Float64Array, g: Float64Array): number => {
      g[0] = -Math.exp(-lp[0]!);
      g[1] = 2 * (lp[1]! - 1);
      return ridge(lp);
    };
    const res = minimizeLogParameters(ridge, ridgeGradient, [0, 0], { method: 'auto', shapes: [0] });
    expect(res.method).toBe('nelder-mead');
    const direct = nelderMead((lp) => (lp.every((v) => Math.abs(v) <= 30) ? ridge(lp) : Infinity), [0, 0], { step: 1, fatol: 1e-12, xatol: 1e-9 });
    expect(res.x).toEqual(direct.x);
  });
});

describe('bounded searches', () => {
  // optimum at infinity: x0 → ∞ keeps lowering f by ever less
  const ridge = (x: Float64Array): number => (x[1]! - 1) ** 2 + 1 / (1 + Math.abs(x[0]!));
  const ridgeGradient = (x: Float64Array, g: Float64Array): number => {
    const s = 1 + Math.abs(x[0]!);
    g[0] = -Math.sign(x[0]!) / (s * s);
    g[1] = 2 * (x[1]! - 1);
    return ridge(x);
  };

  it('Nelder–Mead ends a crawl along a flat ridge by its stall check, and stops at a deadline', () => {
    const res = nelderMead(ridge, [0, 0]);
    expect(res.stop).toBe('stalled');
    expect(res.converged).toBe(false);
    expect(res.iterations).toBeLessThan(5000 * 2);
    expect(res.x[1]).toBeCloseTo(1, 3);
    const late = nelderMead(ridge, [0, 0], { deadline: performance.now() - 1 });
    expect(late).toMatchObject({ stop: 'deadline', converged: false, iterations: 0 });
    // an interior optimum still converges by the tolerances
    expect(nelderMead((x) => (x[0]! - 2) ** 2 + (x[1]! + 1) ** 2, [0, 0]).stop).toBe('converged');
  });

  it('BFGS stops at a deadline, by stopWhen, and well before its iteration limit on a flat ridge', () => {
    expect(bfgs(ridgeGradient, [1, 0], { deadline: performance.now() - 1 })).toMatchObject({ stop: 'deadline', converged: false });
    const left = bfgs(ridgeGradient, [1, 0], { stopWhen: (x) => x[0]! > 100 });
    expect(left).toMatchObject({ stop: 'stopWhen', converged: false });
    expect(left.x[0]).toBeGreaterThan(100);
    const crawl = bfgs(ridgeGradient, [1, 0], { gtol: 0 });
    expect(crawl.stop).not.toBe('iterations');
    expect(crawl.iterations).toBeLessThan(400);
  });

  it('minimizeLogParameters gives up BFGS once a shape leaves ±abandon and starts the fallback where told', () => {
    const logRidge = (lp: Float64Array): number => Math.exp(-lp[0]!) + (lp[1]! - 1) ** 2;
    const logRidgeGradient = (lp: Float64Array, g: Float64Array): number => {
      g[0] = -Math.exp(-lp[0]!);
      g[1] = 2 * (lp[1]! - 1);
      return logRidge(lp);
    };
    const res = minimizeLogParameters(logRidge, logRidgeGradient, [3, 3], { method: 'auto', shapes: [0], abandon: 11.5, fallbackStart: [0, 0] });
    const cold = minimizeLogParameters(logRidge, logRidgeGradient, [0, 0], { method: 'nelder-mead', shapes: [0] });
    expect(res.method).toBe('nelder-mead');
    expect(res.x).toEqual(cold.x); // the fallback's answer does not depend on the warm start
  });
});
