/**
 * Activities vs revenue: per-salesman totals and the correlation across salesman-weeks.
 *
 * @module
 */
import { correlation, type Correlation } from './correlation.js';
import { compareIds, type EntityId } from './ids.js';

/** One row per (salesman, week) of the window, with zeros for weeks without activity or sales. */
export interface SalesmanWeekRow {
  salesmanId: EntityId;
  /** Week start `YYYY-MM-DD` (informational). */
  week: string;
  visits: number;
  calls: number;
  /** Other logged activities (emails, meetings); default 0. */
  other?: number;
  revenue: number;
}

export interface SalesmanActivity {
  salesmanId: EntityId;
  visits: number;
  calls: number;
  activities: number;
  revenue: number;
  /** revenue / activities; null when there were no activities. */
  revenuePerActivity: number | null;
}

export interface ActivityResult {
  /** Revenue desc, then salesmanId asc. */
  salesmen: SalesmanActivity[];
  /** activities (visits + calls + other) vs revenue across salesman-weeks. */
  correlation: Correlation;
}

export function activityVsRevenue(rows: readonly SalesmanWeekRow[]): ActivityResult {
  const by = new Map<EntityId, SalesmanActivity>();
  const acts = new Float64Array(rows.length);
  const rev = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    const a = r.visits + r.calls + (r.other ?? 0);
    acts[i] = a;
    rev[i] = r.revenue;
    let s = by.get(r.salesmanId);
    if (s === undefined) by.set(r.salesmanId, (s = { salesmanId: r.salesmanId, visits: 0, calls: 0, activities: 0, revenue: 0, revenuePerActivity: null }));
    s.visits += r.visits;
    s.calls += r.calls;
    s.activities += a;
    s.revenue += r.revenue;
  });
  const salesmen = [...by.values()];
  for (const s of salesmen) s.revenuePerActivity = s.activities > 0 ? s.revenue / s.activities : null;
  salesmen.sort((a, b) => b.revenue - a.revenue || compareIds(a.salesmanId, b.salesmanId));
  return { salesmen, correlation: correlation(acts, rev) };
}
