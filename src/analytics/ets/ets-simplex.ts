/**
 * Allocation-free Nelder–Mead for the ETS fits: the same method, coefficients (reflection 1, expansion 2,
 * contraction ½, shrink ½), stopping rule and restarts as {@link nelderMead} in ../optimize.ts.
 *
 * Why a second copy: an ETS likelihood over 36 monthly values costs less than optimize.ts's per-step
 * bookkeeping (a new array per trial point, a full sort of the simplex each iteration), so with the
 * 15 candidate models the garbage collector and the sort took about two thirds of a monthly fit (CPU
 * profile). Here the simplex lives in one typed array, trial points in three reused buffers, and the
 * order is kept by an insertion sort that is linear on an almost-sorted simplex.
 *
 * @module
 */

/** Options of {@link simplexMinimize}. */
export interface SimplexOptions {
  /** Initial step added to each coordinate to build the starting simplex. */
  step: number;
  /** Stop when max |f(vertex) − f(best)| ≤ fatol … */
  fatol: number;
  /** … and max |vertex − best| (∞-norm) ≤ xatol. */
  xatol: number;
  /** Iterations over all restarts. */
  maxIterations: number;
  /** Fresh simplices from the best point while they still improve it by more than fatol. */
  maxRestarts: number;
}

/** Result of {@link simplexMinimize}. */
export interface SimplexResult {
  x: number[];
  fx: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
}

/**
 * Minimise `f` from `x0`. Non-finite values count as +∞ (so `f` may reject infeasible points that way).
 * `f` receives views into internal buffers: it must not keep them.
 */
export function simplexMinimize(f: (x: Float64Array) => number, x0: ArrayLike<number>, o: SimplexOptions): SimplexResult {
  const n = x0.length;
  let evaluations = 0;
  const evalf = (x: Float64Array): number => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  const best = Float64Array.from(x0);
  let bestF = evalf(best);
  if (n === 0) return { x: [], fx: bestF, iterations: 0, evaluations, converged: true };
  const verts = new Float64Array((n + 1) * n);
  const rows = Array.from({ length: n + 1 }, (_, i) => verts.subarray(i * n, (i + 1) * n));
  // each vertex divided by n, kept up to date as vertices change: the centroid then costs n² additions
  // instead of n² divisions (the same quotients, summed in the same order, so the same centroid)
  const scaledVerts = new Float64Array((n + 1) * n);
  const scaled = Array.from({ length: n + 1 }, (_, i) => scaledVerts.subarray(i * n, (i + 1) * n));
  const rescale = (k: number): void => {
    const r = rows[k] as Float64Array;
    const s = scaled[k] as Float64Array;
    for (let j = 0; j < n; j++) s[j] = (r[j] as number) / n;
  };
  const fv = new Float64Array(n + 1);
  const order = new Int32Array(n + 1);
  const centroid = new Float64Array(n);
  const xr = new Float64Array(n);
  const xe = new Float64Array(n);
  const xc = new Float64Array(n);
  const trial = (coef: number, worst: Float64Array, out: Float64Array): Float64Array => {
    for (let j = 0; j < n; j++) out[j] = (centroid[j] as number) + coef * ((centroid[j] as number) - (worst[j] as number));
    return out;
  };
  let iterations = 0;
  let converged = false;
  for (let restart = 0; restart <= o.maxRestarts && iterations < o.maxIterations; restart++) {
    for (let i = 0; i <= n; i++) {
      const r = rows[i] as Float64Array;
      r.set(best);
      if (i > 0) r[i - 1] = (r[i - 1] as number) + o.step;
      fv[i] = i === 0 ? bestF : evalf(r);
      rescale(i);
      order[i] = i;
    }
    converged = false;
    for (; iterations < o.maxIterations; iterations++) {
      // insertion sort of the vertex order by value (one vertex changed since the last pass, usually)
      for (let i = 1; i <= n; i++) {
        const k = order[i] as number;
        const v = fv[k] as number;
        let j = i - 1;
        while (j >= 0 && (fv[order[j] as number] as number) > v) {
          order[j + 1] = order[j] as number;
          j--;
        }
        order[j + 1] = k;
      }
      const b = order[0] as number;
      const bx = rows[b] as Float64Array;
      const fb = fv[b] as number;
      let fspread = 0;
      for (let i = 1; i <= n; i++) fspread = Math.max(fspread, Math.abs((fv[order[i] as number] as number) - fb));
      // the O(n²) simplex-size test only once the values have converged (most iterations stop at the first test)
      if (fspread <= o.fatol && simplexSpread(rows, order, bx, n) <= o.xatol) {
        converged = true;
        break;
      }
      if (!Number.isFinite(fb)) break; // nowhere finite to go
      const w = order[n] as number;
      const wx = rows[w] as Float64Array;
      centroid.fill(0);
      for (let i = 0; i < n; i++) {
        const s = scaled[order[i] as number] as Float64Array;
        for (let j = 0; j < n; j++) centroid[j] = (centroid[j] as number) + (s[j] as number);
      }
      const fr = evalf(trial(1, wx, xr));
      if (fr < fb) {
        const fe = evalf(trial(2, wx, xe));
        if (fe < fr) {
          wx.set(xe);
          fv[w] = fe;
          rescale(w);
        } else {
          wx.set(xr);
          fv[w] = fr;
          rescale(w);
        }
        continue;
      }
      if (fr < (fv[order[n - 1] as number] as number)) {
        wx.set(xr);
        fv[w] = fr;
        rescale(w);
        continue;
      }
      const outside = fr < (fv[w] as number);
      const fc = evalf(trial(outside ? 0.5 : -0.5, wx, xc));
      if (outside ? fc <= fr : fc < (fv[w] as number)) {
        wx.set(xc);
        fv[w] = fc;
        rescale(w);
        continue;
      }
      for (let i = 1; i <= n; i++) {
        const k = order[i] as number;
        const r = rows[k] as Float64Array;
        for (let j = 0; j < n; j++) r[j] = (bx[j] as number) + 0.5 * ((r[j] as number) - (bx[j] as number));
        fv[k] = evalf(r);
        rescale(k);
      }
    }
    let k = 0;
    for (let i = 1; i <= n; i++) if ((fv[i] as number) < (fv[k] as number)) k = i;
    const improved = bestF - (fv[k] as number);
    if ((fv[k] as number) <= bestF) {
      best.set(rows[k] as Float64Array);
      bestF = fv[k] as number;
    }
    if (!(improved > o.fatol) && restart > 0) break;
  }
  return { x: Array.from(best), fx: bestF, iterations, evaluations, converged };
}

/** max |vertex − best| over the simplex (∞-norm). */
function simplexSpread(rows: Float64Array[], order: Int32Array, bx: Float64Array, n: number): number {
  let xspread = 0;
  for (let i = 1; i <= n; i++) {
    const r = rows[order[i] as number] as Float64Array;
    for (let j = 0; j < n; j++) xspread = Math.max(xspread, Math.abs((r[j] as number) - (bx[j] as number)));
  }
  return xspread;
}
