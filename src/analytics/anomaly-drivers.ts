/**
 * The drivers of an anomaly: the `why` attribution ({@link followedMetricFigures}) of the gap between the
 * actual and the EXPECTED value, not the previous period.
 *
 * The model gives an expected total only, not expected members, so the expected member values come from
 * the comparison period (the week before the checked day or week): each member's figure there is scaled
 * by k = expected ÷ comparison total, i.e. members are expected at their recent share of the expected
 * total. Scaled: revenue (metric revenue), orders (orders), customers (active customers), revenue at
 * fixed orders (average basket, so each member's basket × k). Member contributions then add up to
 * actual − expected for revenue, orders and customers in the partitioning dimensions (region, customer).
 *
 * Edge cases: a comparison total of 0 (nothing sold the week before) gives no drivers (there is no mix to
 * scale); members absent from the comparison period contribute their whole actual value.
 *
 * @module
 */
import { followedMetricFigures, metricValue, type FollowedMetric, type MemberTotals, type MetricDriver, type PeriodTotals } from './followed-metric.js';

export interface AnomalyDrivers {
  /** Largest contributions to actual − expected, in the alert's direction first. */
  drivers: MetricDriver[];
}

/** Drivers of `actual` vs `expected` (see module notes); `top` at most. */
export function anomalyDrivers(metric: FollowedMetric, comparison: PeriodTotals, current: PeriodTotals, members: readonly MemberTotals[], expected: number, top = 3): AnomalyDrivers {
  const base = metricValue(metric, comparison);
  if (base === null || base === 0) return { drivers: [] };
  const k = expected / base;
  const scale = (t: PeriodTotals): PeriodTotals =>
    metric === 'orders' ? { ...t, orders: t.orders * k } : metric === 'active-customers' ? { ...t, customers: t.customers * k } : { ...t, revenue: t.revenue * k };
  const scaled = members.map((m) => ({ ...m, previous: scale(m.previous) }));
  const figures = followedMetricFigures(metric, new Map([[0, scale(comparison)], [1, current]]), 2, scaled, top);
  const below = (metricValue(metric, current) ?? 0) < expected;
  return { drivers: below ? figures.detractors : figures.drivers };
}
