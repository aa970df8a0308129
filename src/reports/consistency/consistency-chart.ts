import type { ChartConfiguration } from 'chart.js';
import type { ConsistencyReport } from './consistency-report.js';
import { compact } from '../../charts/chart-kit.js';
import { scatterFitChart, topIndices } from '../../charts/scatter-fit.js';

/**
 * Mean daily sales against their coefficient of variation per salesman (lower = steadier), with a
 * least-squares line; the steadiest and the most erratic are named. Null without a salesman with sales.
 */
export function consistencyChart(r: ConsistencyReport): ChartConfiguration<'scatter'> | null {
  const rows = r.points ?? r.salesmen.flatMap((s) => (s.cv === null ? [] : [{ salesmanId: s.salesmanId, name: s.name, meanDaily: s.meanDaily, cv: s.cv }]));
  if (rows.length === 0) return null;
  const points = rows.map((s) => ({ x: s.meanDaily, y: s.cv, label: s.name || s.salesmanId }));
  // The steadiest, the most erratic and the biggest seller are the ones people ask about.
  const named = [...new Set([...topIndices(points, (p) => -p.y, 1), ...topIndices(points, (p) => p.y, 1), ...topIndices(points, (p) => p.x, 1)])];
  return scatterFitChart({
    title: `Sales consistency · ${r.period.from} – ${r.period.to}`,
    subtitle: `${rows.length} salesmen · ${r.workingDays} working days · lower variation = steadier`,
    points,
    xTitle: 'Mean daily sales',
    yTitle: 'Variation (CV of daily sales)',
    formatY: (v) => v.toFixed(1),
    formatX: compact,
    labelled: named,
  });
}
