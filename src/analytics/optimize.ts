/**
 * Minimisers for the model fits (BG/NBD, Gamma-Gamma): BFGS with an analytic gradient, which needs tens
 * of likelihood evaluations, and Nelder–Mead, derivative-free, hundreds of evaluations, kept as the
 * fallback for likelihoods whose optimum lies at infinity ({@link minimizeLogParameters}).
 *
 * Why not the `fmin` package (npm) for Nelder–Mead: it ships no TypeScript types (strict TS would need an ambient
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
   * Stall check: every this many iterations (default 200 × dimension) the best value is compared with
   * the one at the previous check; a run that improved by no more than `stallTolerance` (relative to
   * 1 + |f|) over the whole stretch stops, not converged. Likelihoods whose optimum lies at infinity
   * (e.g. BG/NBD's a, b when customers do not differ) otherwise crawl along a flat ridge until
   * maxIterations: each step improves by a little more than `fatol`, so a per-step test never fires.
   */
  stallIterations?: number;
  /** Relative improvement over `stallIterations` iterations below which a run has stalled (default 1e-10). */
  stallTolerance?: number;
  /** Restarts from the best point with a fresh simplex until the value stops improving (default 5); a stalled run is not restarted. */
  maxRestarts?: number;
  /** `performance.now()` instant after which the search stops and returns its best point, not converged. */
  deadline?: number;
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
  /** Why the search ended: tolerances met, stall check, iteration limit or deadline. */
  stop: 'converged' | 'stalled' | 'iterations' | 'deadline';
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
  const stallTolerance = options.stallTolerance ?? 1e-10;
  const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
  let evaluations = 0;
  const evalf = (x: Float64Array): number => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };

  let best: Vertex = { x: Float64Array.from(x0), f: Number.NaN };
  best.f = evalf(best.x);
  if (n === 0) return { x: [], fx: best.f, iterations: 0, evaluations, converged: true, stop: 'converged' };

  let iterations = 0;
  let stop: NelderMeadResult['stop'] = 'iterations';
  const limits = { fatol, xatol, stallIterations, stallTolerance, deadline };
  for (let restart = 0; restart <= maxRestarts; restart++) {
    const run = simplexRun(evalf, best, step, limits, maxIterations - iterations);
    iterations += run.iterations;
    stop = run.stop;
    const improved = best.f - run.best.f;
    if (run.best.f <= best.f) best = run.best;
    // A stalled run sits on a ridge: a fresh simplex would crawl along it for another stretch.
    if (stop === 'stalled' || stop === 'deadline') break;
    if (!(improved > fatol) && restart > 0) break;
    if (iterations >= maxIterations) {
      stop = 'iterations';
      break;
    }
  }
  return { x: Array.from(best.x), fx: best.f, iterations, evaluations, converged: stop === 'converged', stop };
}

interface SimplexLimits {
  fatol: number;
  xatol: number;
  stallIterations: number;
  stallTolerance: number;
  deadline: number;
}

function simplexRun(
  evalf: (x: Float64Array) => number,
  start: Vertex,
  step: number,
  limits: SimplexLimits,
  maxIterations: number,
): { best: Vertex; iterations: number; stop: NelderMeadResult['stop'] } {
  const { fatol, xatol, stallIterations, stallTolerance, deadline } = limits;
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
  let stop: NelderMeadResult['stop'] = 'iterations';
  let mark = { it: 0, f: Infinity };
  for (; it < maxIterations; it++) {
    simplex.sort((p, q) => p.f - q.f);
    const b = simplex[0] as Vertex;
    if (it - mark.it >= stallIterations) {
      // flat ridge: the whole stretch since the last check gained nothing worth the time
      if (!(mark.f - b.f > stallTolerance * (1 + Math.abs(b.f)))) {
        stop = 'stalled';
        break;
      }
      mark = { it, f: b.f };
    } else if (it === 0) {
      mark = { it, f: b.f };
    }
    if ((it & 15) === 0 && performance.now() > deadline) {
      stop = 'deadline';
      break;
    }
    let fspread = 0;
    let xspread = 0;
    for (let i = 1; i <= n; i++) {
      const v = simplex[i] as Vertex;
      fspread = Math.max(fspread, Math.abs(v.f - b.f));
      for (let j = 0; j < n; j++) xspread = Math.max(xspread, Math.abs((v.x[j] as number) - (b.x[j] as number)));
    }
    if (fspread <= fatol && xspread <= xatol) {
      stop = 'converged';
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
  return { best: simplex[0] as Vertex, iterations: it, stop };
}

/**
 * Objective with its gradient: returns f(x) and writes ∇f(x) into `grad` (same length as `x`). May return
 * NaN/±∞ for infeasible points (e.g. outside bounds); the line search then steps back.
 */
export type ValueAndGradient = (x: Float64Array, grad: Float64Array) => number;

/** Options of {@link bfgs}. */
export interface BfgsOptions {
  /** Converged when max |∂f/∂xⱼ| ≤ gtol (default 1e-9). */
  gtol?: number;
  /**
   * Also converged when no step lowers f any more (its decrease is lost in round-off) and the gradient is
   * within this (default 1e-7): a sum over many terms is only so exact, and so is its gradient.
   */
  floorTol?: number;
  /** Maximum iterations (default 200 × dimension). */
  maxIterations?: number;
  /** Largest first trial step of a line search, in ∞-norm of x (default 5): keeps the first steps sane. */
  maxStep?: number;
  /**
   * Starting inverse-Hessian estimate (n×n, row-major), e.g. the `inverseHessian` of a run on a similar
   * objective; default the identity, rescaled after the first step.
   */
  initialInverseHessian?: ArrayLike<number>;
  /** `performance.now()` instant after which the search stops and returns its best point, not converged. */
  deadline?: number;
  /**
   * Stall check, as Nelder–Mead's: every this many iterations (default 20 × dimension) the value is
   * compared with the one at the previous check, and a gain of no more than `stallTolerance` (default
   * 1e-12, relative to 1 + |f|) ends the search (converged only if the gradient is within `floorTol`):
   * on a flat ridge to infinity the steps keep finding a sliver of decrease and the gradient never
   * falls under `gtol`.
   */
  stallIterations?: number;
  stallTolerance?: number;
  /** Ends the search, not converged, as soon as it holds for the current point (e.g. a parameter running off). */
  stopWhen?: (x: Float64Array) => boolean;
}

/** Result of {@link bfgs}. */
export interface BfgsResult {
  /** Best point found. */
  x: number[];
  /** Objective value at `x`. */
  fx: number;
  /** Gradient at `x`. */
  gradient: number[];
  /** max |∂f/∂xⱼ| at `x`. */
  gradientNorm: number;
  iterations: number;
  /** Objective (with gradient) evaluations. */
  evaluations: number;
  /** True when the gradient tolerance was met. */
  converged: boolean;
  /** Final inverse-Hessian estimate (n×n, row-major). */
  inverseHessian: number[];
  /** Why the search ended (`no-descent`: the line search found no lower point). */
  stop: 'converged' | 'no-descent' | 'stalled' | 'iterations' | 'deadline' | 'stopWhen';
}

const C1 = 1e-4; // sufficient decrease (Armijo)
const C2 = 0.9; // curvature (strong Wolfe), the usual value for quasi-Newton methods

/**
 * Minimise a smooth `f` over ℝⁿ by BFGS (Nocedal & Wright 2006, Alg. 6.1) with a strong-Wolfe line search
 * (Alg. 3.5/3.6, cubic interpolation safeguarded by bisection). Uses the analytic gradient, so a smooth
 * likelihood converges in tens of evaluations where Nelder–Mead needs hundreds.
 *
 * The inverse-Hessian estimate starts as the identity scaled by sᵀy/yᵀy after the first step; an update
 * with sᵀy ≤ 0 is skipped, and a search direction that is not downhill resets the estimate.
 * Stops when max |∂f/∂xⱼ| ≤ `gtol` (converged), when a line search finds no lower point (converged if
 * the gradient is within `floorTol`: the round-off floor of f; otherwise not), or at `maxIterations`.
 *
 * Edge cases: a non-finite f(x0) returns at once, not converged; a zero-dimensional x0 returns converged.
 *
 * @param fg objective and gradient
 * @param x0 starting point
 */
export function bfgs(fg: ValueAndGradient, x0: ArrayLike<number>, options: BfgsOptions = {}): BfgsResult {
  const n = x0.length;
  const gtol = options.gtol ?? 1e-9;
  const floorTol = options.floorTol ?? 1e-7;
  const maxIterations = options.maxIterations ?? 200 * Math.max(n, 1);
  const maxStep = options.maxStep ?? 5;
  const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
  const stallIterations = options.stallIterations ?? 20 * Math.max(n, 1);
  const stallTolerance = options.stallTolerance ?? 1e-12;
  let evaluations = 0;
  const evalfg = (x: Float64Array, g: Float64Array): number => {
    evaluations++;
    const v = fg(x, g);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  let x: Float64Array = Float64Array.from(x0);
  let g: Float64Array = new Float64Array(n);
  let f = evalfg(x, g);
  const done = (iterations: number, converged: boolean, stop?: BfgsResult['stop']): BfgsResult => ({
    x: Array.from(x),
    fx: f,
    gradient: Array.from(g),
    gradientNorm: normInf(g),
    iterations,
    evaluations,
    converged,
    inverseHessian: Array.from(H),
    stop: stop ?? (converged ? 'converged' : 'no-descent'),
  });
  const H = new Float64Array(n * n);
  const identity = (scale: number): void => {
    H.fill(0);
    for (let i = 0; i < n; i++) H[i * n + i] = scale;
  };
  identity(1);
  let fresh = true; // H is a (scaled) identity: the next update also rescales it
  if (options.initialInverseHessian && options.initialInverseHessian.length === n * n) {
    const H0 = Float64Array.from(options.initialInverseHessian);
    if (H0.every(Number.isFinite)) {
      H.set(H0);
      fresh = false;
    }
  }
  if (!Number.isFinite(f)) return done(0, false);
  if (n === 0) return done(0, true);

  const p = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const Hy = new Float64Array(n);
  let it = 0;
  let mark = { it: 0, f };
  for (; it < maxIterations; it++) {
    if (normInf(g) <= gtol) return done(it, true);
    if (performance.now() > deadline) return done(it, false, 'deadline');
    if (options.stopWhen?.(x)) return done(it, false, 'stopWhen');
    if (it - mark.it >= stallIterations) {
      if (!(mark.f - f > stallTolerance * (1 + Math.abs(f)))) return done(it, normInf(g) <= floorTol, 'stalled');
      mark = { it, f };
    }
    let slope = 0;
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < n; j++) v -= (H[i * n + j] as number) * (g[j] as number);
      p[i] = v;
      slope += v * (g[i] as number);
    }
    if (!(slope < 0)) {
      identity(1);
      fresh = true;
      slope = 0;
      for (let i = 0; i < n; i++) {
        p[i] = -(g[i] as number);
        slope -= (g[i] as number) * (g[i] as number);
      }
    }
    const first = Math.min(1, maxStep / normInf(p));
    const ls = lineSearch(evalfg, x, f, g, p, slope, first);
    if (!ls) {
      if (fresh) return done(it, normInf(g) <= floorTol); // not even a gradient step goes down
      identity(1); // a stale curvature estimate can point badly; retry once along −∇f
      fresh = true;
      it--;
      continue;
    }
    for (let i = 0; i < n; i++) {
      s[i] = (ls.x[i] as number) - (x[i] as number);
      y[i] = (ls.g[i] as number) - (g[i] as number);
    }
    x = ls.x;
    g = ls.g;
    f = ls.f;
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      sy += (s[i] as number) * (y[i] as number);
      yy += (y[i] as number) * (y[i] as number);
    }
    if (!(sy > 1e-300 && yy > 0)) continue; // no usable curvature information: keep H
    if (fresh) {
      identity(sy / yy);
      fresh = false;
    }
    // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1/sᵀy, written as H − ρ(s (Hy)ᵀ + (Hy) sᵀ) + (ρ² yᵀHy + ρ) s sᵀ
    const rho = 1 / sy;
    let yHy = 0;
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < n; j++) v += (H[i * n + j] as number) * (y[j] as number);
      Hy[i] = v;
      yHy += v * (y[i] as number);
    }
    const c = rho * rho * yHy + rho;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        H[i * n + j] =
          (H[i * n + j] as number) -
          rho * ((s[i] as number) * (Hy[j] as number) + (Hy[i] as number) * (s[j] as number)) +
          c * (s[i] as number) * (s[j] as number);
      }
    }
  }
  return done(it, normInf(g) <= gtol, 'iterations');
}

function normInf(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i] as number));
  return m;
}

interface LinePoint {
  t: number;
  x: Float64Array;
  g: Float64Array;
  f: number;
  /** Directional derivative ∇f(x)·p. */
  d: number;
}

/**
 * Strong-Wolfe line search along p from x (Nocedal & Wright Alg. 3.5 with zoom, Alg. 3.6), with Hager &
 * Zhang's approximate Wolfe test (2005): near the optimum, f's decrease drowns in its round-off (a sum
 * over a million terms, with large terms cancelling) while the slope is still exact enough to steer, so
 * a point whose value is within round-off of f(x) (1e-12 relative) is accepted on the curvature
 * condition alone, and brackets are then decided by the slope's sign. Returns the accepted point, or
 * null when none was found.
 */
function lineSearch(
  evalfg: (x: Float64Array, g: Float64Array) => number,
  x: Float64Array,
  f0: number,
  g0: Float64Array,
  p: Float64Array,
  d0: number,
  t1: number,
): { x: Float64Array; g: Float64Array; f: number } | null {
  const n = x.length;
  const flatBand = 1e-12 * Math.abs(f0);
  const at = (t: number): LinePoint => {
    const xt = new Float64Array(n);
    for (let i = 0; i < n; i++) xt[i] = (x[i] as number) + t * (p[i] as number);
    const gt = new Float64Array(n);
    const f = evalfg(xt, gt);
    let d = 0;
    for (let i = 0; i < n; i++) d += (gt[i] as number) * (p[i] as number);
    return { t, x: xt, g: gt, f, d: Number.isFinite(f) ? d : Number.NaN };
  };
  const sufficient = (q: LinePoint): boolean => q.f <= f0 + C1 * q.t * d0;
  const flat = (q: LinePoint): boolean => Math.abs(q.f - f0) <= flatBand;
  const curvature = (q: LinePoint): boolean => Math.abs(q.d) <= -C2 * d0;
  const acceptable = (q: LinePoint): boolean => curvature(q) && (sufficient(q) || flat(q));
  /** True when q is past a minimum along p seen from lo (so q bounds the search from above). */
  const overshoots = (q: LinePoint, lo: LinePoint): boolean =>
    !Number.isFinite(q.f) || (flat(q) ? q.d > 0 : !sufficient(q) || q.f >= lo.f);
  const zoom = (lo: LinePoint, hi: LinePoint): LinePoint | null => {
    for (let j = 0; j < 30; j++) {
      if (!(Math.abs(hi.t - lo.t) > 1e-14 * Math.max(1, Math.abs(lo.t)))) break;
      const q = at(interpolate(lo, hi));
      if (acceptable(q)) return q;
      if (overshoots(q, lo)) {
        hi = q;
      } else {
        if (q.d * (hi.t - lo.t) >= 0) hi = lo;
        lo = q;
      }
    }
    return lo.t > 0 && (sufficient(lo) || flat(lo)) ? lo : null; // progress without the curvature condition
  };
  const start: LinePoint = { t: 0, x, g: g0, f: f0, d: d0 };
  let prev = start;
  let t = t1;
  let found: LinePoint | null = null;
  for (let i = 0; i < 30; i++) {
    const q = at(t);
    if (acceptable(q)) {
      found = q;
      break;
    }
    if (overshoots(q, prev) || (i > 0 && !flat(q) && q.f >= prev.f)) {
      found = zoom(prev, q);
      break;
    }
    if (q.d >= 0) {
      found = zoom(q, prev);
      break;
    }
    prev = q;
    t *= 2;
  }
  if (!found || !(found.f < f0 || flat(found))) return null;
  return { x: found.x, g: found.g, f: found.f };
}

/**
 * Trial step inside the bracket: the minimiser of the cubic through both ends' values and slopes when it
 * is finite and well inside, else bisection (an end outside the domain has f = ∞ and no slope).
 */
function interpolate(lo: LinePoint, hi: LinePoint): number {
  const a = Math.min(lo.t, hi.t);
  const b = Math.max(lo.t, hi.t);
  const mid = 0.5 * (lo.t + hi.t);
  if (!Number.isFinite(lo.f) || !Number.isFinite(hi.f) || !Number.isFinite(lo.d) || !Number.isFinite(hi.d)) return mid;
  const d1 = lo.d + hi.d - (3 * (lo.f - hi.f)) / (lo.t - hi.t);
  const disc = d1 * d1 - lo.d * hi.d;
  if (!(disc >= 0)) return mid;
  const d2 = Math.sign(hi.t - lo.t) * Math.sqrt(disc);
  const t = hi.t - (hi.t - lo.t) * ((hi.d + d2 - d1) / (hi.d - lo.d + 2 * d2));
  const margin = 0.1 * (b - a);
  return Number.isFinite(t) && t > a + margin && t < b - margin ? t : mid;
}

/** Work limits shared by every stage of a fit. */
export interface FitLimits {
  /** Iterations of each optimiser run (default: the optimiser's own, 200 × n for BFGS, 5000 × n for Nelder–Mead). */
  maxIterations?: number;
  /** `performance.now()` instant after which every stage returns its best point, not converged. */
  deadline?: number;
  /** Nelder–Mead's stall window (default its own, 200 × n); see {@link NelderMeadOptions}. */
  fallbackStallIterations?: number;
}

/** Options of {@link minimizeLogParameters}. */
export interface LogParameterOptions extends FitLimits {
  /** `auto`: BFGS, Nelder–Mead as the fallback; `nelder-mead`: Nelder–Mead only. */
  method: 'auto' | 'nelder-mead';
  /** Indices of shape parameters, whose size tells an interior optimum from a ridge to infinity. */
  shapes: readonly number[];
  /** Log-parameters outside ±bound are infeasible (default 30). */
  bound?: number;
  /** BFGS's answer stands when every shape's log is within ±interior (default 9.1, i.e. [1.1e-4, 8.9e3]). */
  interior?: number;
  /**
   * BFGS gives up as soon as a shape's log leaves ±abandon (e.g. 11.5, i.e. 1e5; default: never): its
   * answer could not stand, and on a ridge to infinity it would otherwise creep on for hundreds of
   * iterations of ever smaller gains.
   */
  abandon?: number;
  /**
   * Objective for the Nelder–Mead fallback, built only when needed (default `value`). On a flat ridge
   * Nelder–Mead stops where round-off lets it, so a fit that must not depend on the input order passes
   * the same objective over its data in a canonical order.
   */
  fallbackValue?: () => (logParams: Float64Array) => number;
  /**
   * Where Nelder–Mead starts (default `start`). On a flat ridge it stops where round-off lets it, which
   * depends on where it started, so a fit warm-started from earlier parameters passes its cold start
   * here: the fallback's answer is then the same whatever the warm start.
   */
  fallbackStart?: readonly number[];
  /**
   * The same objective on a subsample, built only for `auto`: BFGS on it first gives a starting point and
   * a curvature estimate, so BFGS on the full data then needs a few iterations instead of tens.
   */
  coarse?: () => ValueAndGradient | null;
}

/** Result of {@link minimizeLogParameters} and its stages. */
export interface LogParameterResult {
  x: number[];
  fx: number;
  /** Iterations of every run that led to the point. */
  iterations: number;
  converged: boolean;
  method: 'bfgs' | 'nelder-mead';
  /** BFGS only: converged with every shape within ±interior (its answer stands). */
  interior: boolean;
  /** True when the deadline ended a stage. */
  timedOut: boolean;
}

/**
 * First stage of {@link minimizeLogParameters}: BFGS (warm-started from a BFGS run on `coarse` when
 * given), and whether its answer is an interior optimum.
 */
export function bfgsLogParameters(valueAndGradient: ValueAndGradient, start: readonly number[], options: Omit<LogParameterOptions, 'method' | 'fallbackValue'>): LogParameterResult {
  const bound = options.bound ?? 30;
  const interior = options.interior ?? 9.1;
  const feasible = (lp: Float64Array): boolean => lp.every((v) => Math.abs(v) <= bound);
  const abandon = options.abandon;
  const limits = {
    ...(options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : {}),
    ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
    ...(abandon !== undefined ? { stopWhen: (lp: Float64Array) => options.shapes.some((j) => Math.abs(lp[j] as number) > abandon) } : {}),
  };
  let from: readonly number[] = start;
  let inverseHessian: number[] | undefined;
  let warmIterations = 0;
  const coarse = options.coarse?.();
  if (coarse) {
    const warm = bfgs((lp, g) => (feasible(lp) ? coarse(lp, g) : Number.POSITIVE_INFINITY), start, { gtol: 1e-7, ...limits });
    if (Number.isFinite(warm.fx)) {
      from = warm.x;
      inverseHessian = warm.inverseHessian;
      warmIterations = warm.iterations;
    }
  }
  const res = bfgs((lp, g) => (feasible(lp) ? valueAndGradient(lp, g) : Number.POSITIVE_INFINITY), from, {
    gtol: 1e-9,
    ...limits,
    ...(inverseHessian ? { initialInverseHessian: inverseHessian } : {}),
  });
  const inside = res.converged && Number.isFinite(res.fx) && options.shapes.every((j) => Math.abs(res.x[j] as number) <= interior);
  return {
    x: res.x,
    fx: res.fx,
    iterations: warmIterations + res.iterations,
    converged: res.converged,
    method: 'bfgs',
    interior: inside,
    timedOut: res.stop === 'deadline',
  };
}

/**
 * Fallback stage of {@link minimizeLogParameters}: Nelder–Mead from the start (step 1, fatol 1e-12,
 * xatol 1e-9, with its stall rule), bounded by the limits.
 */
export function nelderMeadLogParameters(value: (logParams: Float64Array) => number, start: readonly number[], options: FitLimits & { bound?: number } = {}): LogParameterResult {
  const bound = options.bound ?? 30;
  const feasible = (lp: Float64Array): boolean => lp.every((v) => Math.abs(v) <= bound);
  const nm = nelderMead((lp) => (feasible(lp) ? value(lp) : Number.POSITIVE_INFINITY), start, {
    step: 1,
    fatol: 1e-12,
    xatol: 1e-9,
    ...(options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : {}),
    ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
    ...(options.fallbackStallIterations !== undefined ? { stallIterations: options.fallbackStallIterations } : {}),
  });
  return { x: nm.x, fx: nm.fx, iterations: nm.iterations, converged: nm.converged, method: 'nelder-mead', interior: false, timedOut: nm.stop === 'deadline' };
}

/**
 * Minimises a model's mean negative log-likelihood over log-parameters (so every parameter stays > 0):
 * BFGS with the analytic gradient first (warm-started from a BFGS run on `coarse`, a subsample, when
 * given); if it does not converge, or converges with a shape parameter
 * beyond ±`interior` in log — an optimum at infinity (a mixing distribution collapsing to a point),
 * where the likelihood is a flat ridge and a gradient method stops wherever the slope falls under its
 * tolerance — Nelder–Mead from the start decides (step 1, fatol 1e-12, xatol 1e-9, with its stall rule),
 * exactly as the fits did before BFGS. Scale parameters (α, v) are not judged: their size is a unit.
 * Every run is bounded by `maxIterations` and `deadline`; a run the deadline ends returns its best
 * point, not converged (if BFGS timed out, Nelder–Mead is not started).
 *
 * @param value mean NLL at log-parameters
 * @param valueAndGradient mean NLL and its gradient in the log-parameters
 * @param start starting log-parameters
 * @returns the point, its value, iterations (of every run that led to it) and the method that decided
 */
export function minimizeLogParameters(
  value: (logParams: Float64Array) => number,
  valueAndGradient: ValueAndGradient,
  start: readonly number[],
  options: LogParameterOptions,
): LogParameterResult {
  let first: LogParameterResult | undefined;
  if (options.method === 'auto') {
    first = bfgsLogParameters(valueAndGradient, start, options);
    if (first.interior || first.timedOut) return first;
  }
  const f = options.fallbackValue ? options.fallbackValue() : value;
  const nm = nelderMeadLogParameters(f, options.fallbackStart ?? start, options);
  // A fallback cut short by the deadline may stop above BFGS's point: keep the better one.
  if (nm.timedOut && first && Number.isFinite(first.fx) && !(nm.fx <= first.fx)) return { ...first, timedOut: true };
  return nm;
}
