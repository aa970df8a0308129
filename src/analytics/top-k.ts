/**
 * Top-k selection over a score column, for lists capped at k rows out of a million.
 *
 * @module
 */

/**
 * Rows that can be among the first `k` when rows are ranked by `score` descending, whatever breaks ties
 * among equal scores: every row whose score is at least the k-th largest, so ties at the cut are all
 * kept (the caller sorts these few with its full comparator and cuts to k). Rows whose score is NaN
 * take no part. k ≤ 0 or k ≥ the number of scored rows returns every scored row.
 *
 * Linear time (Hoare's quickselect on a copy of the scores, median-of-three pivots), so only the
 * candidates — about k — need names fetched and objects built.
 */
export function topCandidates(score: Float64Array, k: number): Int32Array {
  let scored = 0;
  for (let i = 0; i < score.length; i++) if (!Number.isNaN(score[i] as number)) scored++;
  const all = (): Int32Array => {
    const out = new Int32Array(scored);
    let j = 0;
    for (let i = 0; i < score.length; i++) if (!Number.isNaN(score[i] as number)) out[j++] = i;
    return out;
  };
  if (k <= 0 || k >= scored) return all();
  const values = new Float64Array(scored);
  let j = 0;
  for (let i = 0; i < score.length; i++) if (!Number.isNaN(score[i] as number)) values[j++] = score[i] as number;
  const cut = kthLargest(values, k);
  let count = 0;
  for (let i = 0; i < score.length; i++) if ((score[i] as number) >= cut) count++;
  const out = new Int32Array(count);
  j = 0;
  for (let i = 0; i < score.length; i++) if ((score[i] as number) >= cut) out[j++] = i;
  return out;
}

/** The k-th largest value (1-based) of `values`, which it reorders. 1 ≤ k ≤ values.length. */
function kthLargest(values: Float64Array, k: number): number {
  const target = values.length - k; // index in ascending order
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    // median of three as pivot
    const a = values[lo] as number;
    const b = values[mid] as number;
    const c = values[hi] as number;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return values[target] as number;
  }
  return values[target] as number;
}
