import type { FollowCadence, MetricName } from '../lib/metric-names.js';
import type { ReportScope } from '../reports/report-module.js';

/** The band a metric's value was expected in for the period (same unit as the metric). */
export interface ExpectedRange {
  lower: number;
  upper: number;
}

/** What the expectation of one followed metric depends on. */
export interface ExpectedRangeInput {
  metric: MetricName;
  cadence: FollowCadence;
  /** Resolved member filters (`key → value` text) and the owner's scope: the series the forecast fits. */
  filters: Record<string, string>;
  scope: ReportScope;
  /** Last business day of the current period (YYYY-MM-DD). */
  asOf: string;
  /** The metric in the periods before the current one and the current one, oldest first. */
  history: readonly (number | null)[];
}

/**
 * The expected range of a followed metric's value for its current period, or undefined when there is
 * none. The ETS forecast (issue 15, part 1) fills this from a model fitted on the history up to the
 * period before; until that engine is part of the build there is no expectation, and the digest shows
 * the value, change and trend without an "expected a–b" line.
 */
export async function expectedRange(input: ExpectedRangeInput): Promise<ExpectedRange | undefined> {
  void input;
  return undefined;
}
