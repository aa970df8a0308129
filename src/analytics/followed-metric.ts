/**
 * The figures of one followed metric for a digest: its value in the current period, the change against
 * the previous period, its trend over the last periods and the members that drove the change.
 *
 * Metrics, per period (one run of business days), from summed revenue R, distinct orders O and distinct
 * buying customers C:
 * - revenue = R (currency units); orders = O; active customers = C (customers with an order in it);
 * - average basket = R ÷ O (currency units per order), null when O = 0.
 * change = value − previous value; ratio = change ÷ previous, null when the previous value is 0 or null.
 *
 * Drivers (the `why` attribution, {@link revenueDrivers}, applied to any metric): for revenue, orders and
 * active customers a member's contribution is its own current − previous value (members of region and
 * customer partition the metric, so their contributions add up to the change; an order or a customer
 * with lines of two categories or products counts for each). The average basket is a ratio, so a member
 * contributes its rate effect: (its basket now − its basket before) × its share of the current orders,
 * for members with orders in both periods (the mix effect of members gained or lost is not attributed).
 * A dimension with fewer than two members says nothing the total does not (`region:Iberia` has one
 * region) and is left out.
 *
 * @module
 */
import { compareDrivers, revenueDrivers, type Driver } from './revenue-drivers.js';

export type FollowedMetric = 'revenue' | 'orders' | 'active-customers' | 'avg-basket';

/** Sums of one period. */
export interface PeriodTotals {
  revenue: number;
  orders: number;
  customers: number;
}

/** One member of a dimension in both periods. */
export interface MemberTotals {
  dimension: string;
  member: string;
  name: string;
  previous: PeriodTotals;
  current: PeriodTotals;
}

/** A member's part in the change; `previous` / `current` are the member's own metric values. */
export interface MetricDriver {
  dimension: string;
  member: string;
  name: string;
  previous: number;
  current: number;
  /** Contribution to the metric's change (same unit as the metric). */
  contribution: number;
}

export interface FollowedMetricFigures {
  value: number | null;
  previous: number | null;
  change: number | null;
  changeRatio: number | null;
  /** The metric in each of the last periods, oldest first; the last one is `value`. */
  trend: (number | null)[];
  /** Largest positive contributions first. */
  drivers: MetricDriver[];
  /** Largest negative contributions first. */
  detractors: MetricDriver[];
}

/** The metric of one period's sums; null for an average basket without orders. */
export function metricValue(metric: FollowedMetric, t: PeriodTotals): number | null {
  switch (metric) {
    case 'revenue':
      return t.revenue;
    case 'orders':
      return t.orders;
    case 'active-customers':
      return t.customers;
    case 'avg-basket':
      return t.orders > 0 ? t.revenue / t.orders : null;
  }
}

function contributions(metric: FollowedMetric, members: readonly MemberTotals[]): Driver[] {
  if (metric !== 'avg-basket') {
    return revenueDrivers(
      members[0]?.dimension ?? '',
      members.map((m) => ({ member: m.member, previous: metricValue(metric, m.previous) ?? 0, current: metricValue(metric, m.current) ?? 0 })),
    ).drivers;
  }
  const orders = members.reduce((s, m) => s + m.current.orders, 0);
  const out: Driver[] = [];
  for (const m of members) {
    const before = metricValue(metric, m.previous);
    const now = metricValue(metric, m.current);
    if (before === null || now === null || orders === 0) continue;
    out.push({ dimension: m.dimension, member: m.member, previous: before, current: now, delta: ((now - before) * m.current.orders) / orders, share: null });
  }
  return out.sort(compareDrivers);
}

/**
 * The figures of `metric` from the sums of the last `periods` periods (`buckets[k]` = period k, oldest
 * first; a missing period had no sale) and the members' sums of the last two periods. `top` drivers
 * and detractors at most. Contributions smaller than half a unit (a cent for money) are not reported.
 */
export function followedMetricFigures(
  metric: FollowedMetric,
  buckets: ReadonlyMap<number, PeriodTotals>,
  periods: number,
  members: readonly MemberTotals[],
  top = 3,
): FollowedMetricFigures {
  const zero: PeriodTotals = { revenue: 0, orders: 0, customers: 0 };
  const trend = Array.from({ length: periods }, (_, k) => metricValue(metric, buckets.get(k) ?? zero));
  const value = trend[periods - 1] ?? null;
  const previous = periods >= 2 ? (trend[periods - 2] ?? null) : null;
  const change = value !== null && previous !== null ? value - previous : null;
  const changeRatio = change !== null && previous !== null && previous !== 0 ? change / previous : null;

  const byDimension = new Map<string, MemberTotals[]>();
  for (const m of members) byDimension.set(m.dimension, [...(byDimension.get(m.dimension) ?? []), m]);
  const names = new Map(members.map((m) => [`${m.dimension}\u0000${m.member}`, m.name]));
  const all: Driver[] = [];
  for (const list of byDimension.values()) {
    if (list.length < 2) continue;
    all.push(...contributions(metric, list));
  }
  all.sort(compareDrivers);
  const min = metric === 'revenue' || metric === 'avg-basket' ? 0.005 : 0.5;
  const toDriver = (d: Driver): MetricDriver => ({
    dimension: d.dimension,
    member: d.member,
    name: names.get(`${d.dimension}\u0000${d.member}`) ?? d.member,
    previous: d.previous,
    current: d.current,
    contribution: d.delta,
  });
  return {
    value,
    previous,
    change,
    changeRatio,
    trend,
    drivers: all.filter((d) => d.delta >= min).slice(0, top).map(toDriver),
    detractors: all.filter((d) => d.delta <= -min).sort((a, b) => a.delta - b.delta || compareDrivers(a, b)).slice(0, top).map(toDriver),
  };
}
