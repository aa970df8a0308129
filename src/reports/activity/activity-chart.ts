import type { ChartConfiguration } from 'chart.js';
import type { ActivityReport } from './activity-report.js';
import { scatterFitChart, topIndices } from '../../charts/scatter-fit.js';

/**
 * Logged activities against revenue per salesman over the window, with a least-squares line; the
 * correlation across salesman-weeks is in the subtitle and the top earners are named. Null without salesmen.
 */
export function activityChart(r: ActivityReport): ChartConfiguration<'scatter'> | null {
  const rows = r.points ?? r.salesmen;
  if (rows.length === 0) return null;
  const points = rows.map((s) => ({ x: s.activities, y: s.revenue, label: s.name || s.salesmanId }));
  const c = r.correlation;
  const corr = c.pearson === null ? 'no correlation measurable' : `correlation r = ${c.pearson.toFixed(2)} over ${c.n} salesman-weeks`;
  return scatterFitChart({
    title: `Activities vs revenue · ${r.period.from} – ${r.period.to}`,
    subtitle: `${rows.length} salesmen · ${corr}`,
    points,
    xTitle: 'Activities (visits, calls, emails, meetings)',
    yTitle: 'Revenue',
    formatX: (v) => String(v),
    labelled: topIndices(points, (p) => p.y, 3),
  });
}
