/**
 * Co-occurrence counts of baskets as sorted runs: every pair (a, b), a ≤ b, of a basket's items is one
 * key a · 2^21 + b (exact in a double: items are below 2^21), and a run is the distinct keys ascending
 * with their counts. Sorting a period's keys once and merging runs (periods into longer ones, regions
 * into all regions) costs a fraction of adding every pair to hash tables, then sorting their cells
 * again for each: for baskets of 25 items among 50,000 products nearly every pair is new to its table.
 * Hand-written: no package in the project sorts or merges typed arrays.
 *
 * @module
 */

/** Items are below 2^21; a pair's key is a · SHIFT + b. */
export const PAIR_SHIFT = 2 ** 21;

/** Distinct pair keys ascending (a · 2^21 + b, a ≤ b; a = b is the item's own count) and their counts, and the baskets counted. */
export interface PairRun {
  keys: Float64Array;
  counts: Int32Array;
  baskets: number;
}

/** Collects the pairs of baskets, then sorts them into a run (see {@link PairCollector.toRun}). */
export class PairCollector {
  /** Baskets added. */
  baskets = 0;
  private keys = new Float64Array(1 << 12);
  private n = 0;

  /**
   * Adds one basket whose items are distinct and ascending (e.g. `array_agg(distinct …)`): each item's
   * own key (a, a) and one key per pair. Items must be integers in [0, 2^21).
   */
  addDistinctSorted(items: ArrayLike<number>): void {
    this.baskets++;
    const m = items.length;
    const need = this.n + (m * (m + 1)) / 2;
    if (need > this.keys.length) {
      const grown = new Float64Array(Math.max(this.keys.length * 2, need));
      grown.set(this.keys.subarray(0, this.n));
      this.keys = grown;
    }
    const keys = this.keys;
    let n = this.n;
    for (let i = 0; i < m; i++) {
      const a = items[i]!;
      if (!(a >= 0 && a < PAIR_SHIFT && Number.isInteger(a))) throw new RangeError(`item ${a} is out of range`);
      const base = a * PAIR_SHIFT;
      for (let j = i; j < m; j++) keys[n++] = base + items[j]!;
    }
    this.n = n;
  }

  /** The pairs added as a run (keys sorted natively, equal keys counted). */
  toRun(): PairRun {
    const sorted = this.keys.subarray(0, this.n).sort();
    let distinct = 0;
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
    const keys = new Float64Array(distinct);
    const counts = new Int32Array(distinct);
    let k = -1;
    for (let i = 0; i < sorted.length; i++) {
      if (i === 0 || sorted[i] !== sorted[i - 1]) keys[++k] = sorted[i]!;
      counts[k]!++;
    }
    return { keys, counts, baskets: this.baskets };
  }
}

/** Two runs as one: keys of both, counts of a key in both added. */
function mergeTwo(x: PairRun, y: PairRun): PairRun {
  const xk = x.keys;
  const yk = y.keys;
  const keys = new Float64Array(xk.length + yk.length);
  const counts = new Int32Array(xk.length + yk.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < xk.length && j < yk.length) {
    const a = xk[i]!;
    const b = yk[j]!;
    if (a < b) {
      keys[n] = a;
      counts[n++] = x.counts[i++]!;
    } else if (b < a) {
      keys[n] = b;
      counts[n++] = y.counts[j++]!;
    } else {
      keys[n] = a;
      counts[n++] = x.counts[i++]! + y.counts[j++]!;
    }
  }
  while (i < xk.length) {
    keys[n] = xk[i]!;
    counts[n++] = x.counts[i++]!;
  }
  while (j < yk.length) {
    keys[n] = yk[j]!;
    counts[n++] = y.counts[j++]!;
  }
  // Views, not copies: copying every merged run again cost as much as the merge (regions' pairs rarely coincide).
  return { keys: keys.subarray(0, n), counts: counts.subarray(0, n), baskets: x.baskets + y.baskets };
}

/** The sum of runs (pairwise merges, so each key is copied about log2(runs) times); an empty run for none. */
export function mergeRuns(runs: readonly PairRun[]): PairRun {
  if (runs.length === 0) return { keys: new Float64Array(0), counts: new Int32Array(0), baskets: 0 };
  let level = [...runs];
  while (level.length > 1) {
    const next: PairRun[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? mergeTwo(level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}

/**
 * A run from cells listed in key order (a ascending, then b ascending, a ≤ b), e.g. rollup rows read
 * back: `a` per cell, `b` and `counts` parallel.
 */
export function runOfCells(a: ArrayLike<number>, b: ArrayLike<number>, counts: ArrayLike<number>, baskets: number): PairRun {
  const keys = new Float64Array(a.length);
  for (let k = 0; k < a.length; k++) {
    keys[k] = a[k]! * PAIR_SHIFT + b[k]!;
    if (k > 0 && !(keys[k]! > keys[k - 1]!)) throw new RangeError('cells are not in ascending key order');
  }
  return { keys, counts: Int32Array.from(counts), baskets };
}
