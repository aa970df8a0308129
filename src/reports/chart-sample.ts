/** Most points a result carries for a chart: enough to show a distribution, small enough for a snapshot row. */
export const MAX_CHART_POINTS = 2_000;

/**
 * At most `max` items spread evenly over an ordered list, first and last included, so a sample of a
 * sorted list keeps its extremes and its shape; the same list always gives the same sample.
 */
export function evenSample<T>(list: readonly T[], max = MAX_CHART_POINTS): T[] {
  return evenSamplePositions(list.length, max).map((k) => list[k]!);
}

/**
 * The positions {@link evenSample} takes from a list of `n` items: all of them when `n ≤ max`, else
 * round(i·(n − 1)/(max − 1)) for i = 0 … max − 1 (ascending). For callers that hold the list as arrays.
 */
export function evenSamplePositions(n: number, max = MAX_CHART_POINTS): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  if (max <= 1) return max === 1 ? [0] : [];
  return Array.from({ length: max }, (_, i) => Math.round((i * (n - 1)) / (max - 1)));
}
