/**
 * Small derivative-free minimiser for the model fits (BG/NBD, Gamma-Gamma).
 *
 * Why not the installed `fmin` package: it ships no TypeScript types (strict TS would need an ambient
 * declaration outside the analytics folder), it starts the simplex with a 0.001 step on any coordinate
 * equal to 0 (our log-parameters start at 0, i.e. parameter 1, so the first simplex would be tiny), and it
 * stops as soon as the best two vertices agree, which can stop early on flat likelihoods. This is a plain
 * Nelder–Mead (Lagarias et al. 1998 coefficients) with SciPy's stopping rule and automatic restarts.
 *
 * @module
 */

/** Options of {@link nelderMead}. */
export interface NelderMeadOptions {
  /** Initial step added to each coordinate to build the starting simplex (default 1). */
  step?: number;
  /** Stop when max |f(vertex) − f(best)| ≤ fatol … (default 1e-12). */
  fatol?: number;
  /** … and max |vertex − best| (∞-norm) ≤ xatol (default 1e-9). */
  xatol?: number;
  /** Maximum number of iterations over all restarts (default 5000 × dimension). */
  maxIterations?: number;
  /**
   * Stop a run whose best value has improved by less than `fatol` (relative to 1 + |f|) over this many
   * iterations (default 200 × dimension). Likelihoods whose optimum lies at infinity (e.g. BG/NBD's a, b
   * when customers do not differ) otherwise crawl along a flat ridge until maxIterations.
   */
  stallIterations?: number;
  /** Restarts from the best point with a fresh simplex until the value stops improving (default 5). */
  maxRestarts?: number;
}

/** Result of {@link nelderMead}. */
export interface NelderMeadResult {
  /** Best point found. */
  x: number[];
  /** Objective value at `x`. */
  fx: number;
  /** Iterations used (all restarts). */
  iterations: number;
  /** Objective evaluations used. */
  evaluations: number;
  /** True when the last run met the tolerances before the iteration limit. */
  converged: boolean;
}

interface Vertex {
  x: Float64Array;
  f: number;
}

/**
 * Minimise `f` over ℝⁿ by the Nelder–Mead downhill simplex (reflection 1, expansion 2, contraction ½,
 * shrink ½). Non-finite objective values are treated as +∞, so the objective may return NaN/∞ for
 * infeasible points. The simplex is restarted at the best point (fresh simplex of size `step`) until a
 * restart no longer improves the value by more than `fatol`, which guards against premature collapse.
 *
 * Edge cases: a zero-dimensional `x0` returns at once with f(x0).
 *
 * @param f objective to minimise
 * @param x0 starting point
 * @returns best point, value, work counters and convergence flag
 */
export function nelderMead(
  f: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const n = x0.length;
  const step = options.step ?? 1;
  const fatol = options.fatol ?? 1e-12;
  const xatol = options.xatol ?? 1e-9;
  const maxIterations = options.maxIterations ?? 5000 * Math.max(n, 1);
  const stallIterations = options.stallIterations ?? 200 * Math.max(n, 1);
  const maxRestarts = options.maxRestarts ?? 5;
  let evaluations = 0;
  const evalf = (x: Float64Array): number => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };

  let best: Vertex = { x: Float64Array.from(x0), f: Number.NaN };
  best.f = evalf(best.x);
  if (n === 0) return { x: [], fx: best.f, iterations: 0, evaluations, converged: true };

  let iterations = 0;
  let converged = false;
  for (let restart = 0; restart <= maxRestarts; restart++) {
    const run = simplexRun(evalf, best, step, fatol, xatol, maxIterations - iterations, stallIterations);
    iterations += run.iterations;
    converged = run.converged;
    const improved = best.f - run.best.f;
    best = run.best;
    if (!(improved > fatol) && restart > 0) break;
    if (iterations >= maxIterations) break;
  }
  return { x: Array.from(best.x), fx: best.f, iterations, evaluations, converged };
}

function simplexRun(
  evalf: (x: Float64Array) => number,
  start: Vertex,
  step: number,
  fatol: number,
  xatol: number,
  maxIterations: number,
  stallIterations: number,
): { best: Vertex; iterations: number; converged: boolean } {
  const n = start.x.length;
  const simplex: Vertex[] = [{ x: Float64Array.from(start.x), f: start.f }];
  for (let i = 0; i < n; i++) {
    const x = Float64Array.from(start.x);
    x[i] = (x[i] as number) + step;
    simplex.push({ x, f: evalf(x) });
  }
  const centroid = new Float64Array(n);
  const point = (coef: number, worst: Float64Array): Float64Array => {
    // centroid + coef·(centroid − worst)
    const out = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const c = centroid[j] as number;
      out[j] = c + coef * (c - (worst[j] as number));
    }
    return out;
  };

  let it = 0;
  let converged = false;
  let mark = { it: 0, f: Infinity };
  for (; it < maxIterations; it++) {
    simplex.sort((p, q) => p.f - q.f);
    const b = simplex[0] as Vertex;
    if (mark.f - b.f > fatol * (1 + Math.abs(b.f))) mark = { it, f: b.f };
    else if (it - mark.it >= stallIterations) break; // flat ridge: no progress worth the time
    let fspread = 0;
    let xspread = 0;
    for (let i = 1; i <= n; i++) {
      const v = simplex[i] as Vertex;
      fspread = Math.max(fspread, Math.abs(v.f - b.f));
      for (let j = 0; j < n; j++) xspread = Math.max(xspread, Math.abs((v.x[j] as number) - (b.x[j] as number)));
    }
    if (fspread <= fatol && xspread <= xatol) {
      converged = true;
      break;
    }
    if (!Number.isFinite(b.f) && it > 0) break; // nowhere finite to go

    centroid.fill(0);
    for (let i = 0; i < n; i++) {
      const v = (simplex[i] as Vertex).x;
      for (let j = 0; j < n; j++) centroid[j] = (centroid[j] as number) + (v[j] as number) / n;
    }
    const worst = simplex[n] as Vertex;
    const second = simplex[n - 1] as Vertex;
    const xr = point(1, worst.x);
    const fr = evalf(xr);
    if (fr < b.f) {
      const xe = point(2, worst.x);
      const fe = evalf(xe);
      simplex[n] = fe < fr ? { x: xe, f: fe } : { x: xr, f: fr };
      continue;
    }
    if (fr < second.f) {
      simplex[n] = { x: xr, f: fr };
      continue;
    }
    // contraction: outside if the reflected point beats the worst, inside otherwise
    const outside = fr < worst.f;
    const xc = point(outside ? 0.5 : -0.5, worst.x);
    const fc = evalf(xc);
    if (outside ? fc <= fr : fc < worst.f) {
      simplex[n] = { x: xc, f: fc };
      continue;
    }
    // shrink towards the best vertex
    for (let i = 1; i <= n; i++) {
      const v = simplex[i] as Vertex;
      const x = new Float64Array(n);
      for (let j = 0; j < n; j++) x[j] = (b.x[j] as number) + 0.5 * ((v.x[j] as number) - (b.x[j] as number));
      simplex[i] = { x, f: evalf(x) };
    }
  }
  simplex.sort((p, q) => p.f - q.f);
  return { best: simplex[0] as Vertex, iterations: it, converged };
}
