/**
 * The anomaly check of one slice (overall, a region, a category, a salesman, a salesman's region …):
 * its four metrics, each against the ETS model of its own history ({@link checkAnomaly}). A slice is plain
 * data (numbers and strings), so it crosses to a worker thread by structured clone and its fits, the CPU
 * work of an anomaly run, burn that thread's core (see ReportThreads.anomalyFits).
 *
 * Metrics per period, from summed revenue R, distinct orders O and distinct customers C: revenue = R
 * (currency units), orders = O, active customers = C, average basket = R ÷ O (0 when O = 0). A period
 * of the calendar without a row counts 0 for all three.
 *
 * Edge cases: fewer than two periods, no check; the checks themselves skip short, sparse and constant
 * histories (see anomaly-check.ts).
 *
 * @module
 */
import { METRICS, type MetricName } from '../lib/metric-names.js';
import { checkAnomaly, type AnomalyFinding, type AnomalyGrain, type AnomalyPoint } from './anomaly-check.js';

/** One slice's series: totals per period, aligned with `periods` (oldest first; the last is checked). */
export interface SliceSeries {
  /** Names the slice for the caller (returned as given). */
  key: string;
  grain: AnomalyGrain;
  /** Working days per week (daily grain's season). */
  seasonLength: number;
  periods: string[];
  revenue: number[];
  orders: number[];
  customers: number[];
}

/** A metric of the slice outside its expected range. */
export interface SliceFinding {
  key: string;
  metric: MetricName;
  finding: AnomalyFinding;
}

function valueAt(s: SliceSeries, metric: MetricName, i: number): number {
  if (metric === 'revenue') return s.revenue[i]!;
  if (metric === 'orders') return s.orders[i]!;
  if (metric === 'active-customers') return s.customers[i]!;
  return s.orders[i]! > 0 ? s.revenue[i]! / s.orders[i]! : 0;
}

/** The findings of one slice, in METRICS order: up to four ETS selections (the costly part, ≈ 0.1–2 s each daily). */
export function checkSlice(s: SliceSeries): SliceFinding[] {
  const n = s.periods.length;
  if (n < 2) return [];
  const out: SliceFinding[] = [];
  for (const metric of METRICS) {
    const history: AnomalyPoint[] = [];
    for (let i = 0; i < n - 1; i++) history.push({ period: s.periods[i]!, value: valueAt(s, metric, i) });
    const finding = checkAnomaly({ metric, history, period: s.periods[n - 1]!, actual: valueAt(s, metric, n - 1) }, { grain: s.grain, seasonLength: s.seasonLength });
    if (finding) out.push({ key: s.key, metric, finding });
  }
  return out;
}
