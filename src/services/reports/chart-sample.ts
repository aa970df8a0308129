/** Most points a result carries for a chart: enough to show a distribution, small enough for a snapshot row. */
export const MAX_CHART_POINTS = 2_000;

/**
 * At most `max` items spread evenly over an ordered list, first and last included, so a sample of a
 * sorted list keeps its extremes and its shape; the same list always gives the same sample.
 */
export function evenSample<T>(list: readonly T[], max = MAX_CHART_POINTS): T[] {
  const n = list.length;
  if (n <= max) return [...list];
  if (max <= 1) return max === 1 ? [list[0]!] : [];
  return Array.from({ length: max }, (_, i) => list[Math.round((i * (n - 1)) / (max - 1))]!);
}
