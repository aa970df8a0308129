/**
 * Draws customer histories from the BG/NBD model (as `lifetimes`' `beta_geometric_nbd_model`), with
 * purchases merged per calendar day as the reports count them: for checking a fit against known
 * parameters and for timing fits on a population of a chosen shape. Randomness comes from the caller
 * (a uniform source in [0, 1)), so a seeded generator gives the same customers every time.
 *
 * @module
 */

/** Uniform random numbers in [0, 1). */
export type Uniform = () => number;

/** Standard normal by Box–Muller (one value per two uniforms; the second is dropped). */
function normal(random: Uniform): number {
  const u = 1 - random(); // (0, 1]
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * Gamma(shape, scale 1) by Marsaglia & Tsang (2000); shapes below 1 by the boost
 * Gamma(k) = Gamma(k+1) · U^{1/k}.
 */
export function gammaVariate(random: Uniform, shape: number): number {
  if (!(shape > 0)) throw new RangeError(`gammaVariate: shape must be > 0, got ${shape}`);
  if (shape < 1) return gammaVariate(random, shape + 1) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number;
    let v: number;
    do {
      z = normal(random);
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Beta(a, b) as G_a / (G_a + G_b). */
export function betaVariate(random: Uniform, a: number, b: number): number {
  const x = gammaVariate(random, a);
  return x / (x + gammaVariate(random, b));
}

/** Population of {@link simulateBgNbdCustomers}. */
export interface SimulationSpec {
  customers: number;
  /** Purchase rate λ per day ~ Gamma(r, rate α) (α in days). */
  r: number;
  alpha: number;
  /**
   * Drop-out chance after each repeat purchase: a number (one chance shared by everyone, the
   * degenerate BG/NBD) or Beta(a, b) parameters drawn per customer.
   */
  dropout: number | { a: number; b: number };
  /** First purchases uniform over [0, days); observation ends at day `days`. */
  days: number;
  /** Mean spend per purchase day ~ Gamma(p, ν) with ν ~ Gamma(q, rate v) (Gamma-Gamma); default none. */
  spend?: { p: number; q: number; v: number };
}

/** Per-customer columns in the model's inputs: x, t_x and T in `unit` days, m̄ (0 without spend). */
export interface SimulatedCustomers {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  monetary: Float64Array;
}

/**
 * Customers drawn from BG/NBD: each has a rate λ and a drop-out chance p; after the first purchase (at a
 * whole day) purchases follow a Poisson process until the customer drops out (chance p after each repeat
 * purchase) or observation ends. Purchases are counted per calendar day (several on one day are one
 * purchase day, as the reports count them), so x, t_x and T are whole days divided by `unitDays`.
 */
export function simulateBgNbdCustomers(spec: SimulationSpec, random: Uniform, unitDays = 7): SimulatedCustomers {
  const n = spec.customers;
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const monetary = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const first = Math.floor(random() * spec.days);
    const age = spec.days - first;
    const lambda = gammaVariate(random, spec.r) / spec.alpha;
    const p = typeof spec.dropout === 'number' ? spec.dropout : betaVariate(random, spec.dropout.a, spec.dropout.b);
    let t = 0;
    let lastDay = 0;
    let repeats = 0;
    for (;;) {
      t += -Math.log(1 - random()) / lambda;
      const day = Math.floor(t);
      if (day >= age) break;
      if (day === lastDay) continue; // same calendar day: one purchase day
      repeats++;
      lastDay = day;
      if (random() < p) break;
    }
    x[i] = repeats;
    tx[i] = lastDay / unitDays;
    T[i] = age / unitDays;
    if (spec.spend && repeats > 0) {
      const nu = gammaVariate(random, spec.spend.q) / spec.spend.v;
      let sum = 0;
      for (let k = 0; k < repeats; k++) sum += gammaVariate(random, spec.spend.p) / nu;
      monetary[i] = sum / repeats;
    }
  }
  return { x, tx, T, monetary };
}
