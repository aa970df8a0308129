import type { ChartConfiguration } from 'chart.js';
import { heading, referenceLine, tickFont, truncate, valueAxis } from '../../charts/chart-kit.js';
import { colour, MUTED, translucent } from '../../charts/theme.js';
import type { ReportEnvelope } from '../report-module.js';
import type { GoalsReport } from './goals-report.js';
import { goalName } from './goals-view.js';

/** Most targets one chart shows (the best ranked). */
const MAX_BARS = 12;

const pct = (v: number, target: number): number => (target > 0 ? (v / target) * 100 : 0);

/**
 * Bullet chart, one row per target, everything in % of its target (targets mix money and counts): a
 * pale band for the projected end-of-period range, the actual as a solid bar inside it, a tick for the
 * seasonal pace, and a dashed line at 100 % (the target). Null without targets.
 */
export function goalsChart(r: GoalsReport & ReportEnvelope): ChartConfiguration<'bar'> | null {
  const rows = r.targets.filter((t) => t.target > 0).slice(0, MAX_BARS);
  if (rows.length === 0) return null;
  const blue = colour(0);
  const orange = colour(1);
  return {
    type: 'bar',
    data: {
      labels: rows.map((t) => truncate(goalName(t), 40)),
      datasets: [
        {
          label: 'Actual',
          data: rows.map((t) => pct(t.actual, t.target)),
          backgroundColor: translucent(blue, 0.9),
          barPercentage: 0.45,
          categoryPercentage: 0.9,
          grouped: false,
          order: 1,
        },
        {
          label: 'Projected range',
          // Floating bars [lower, upper]; a point projection gets a thin band around it so it shows.
          data: rows.map((t) => {
            if (!t.projected) return null as unknown as [number, number];
            const lo = pct(t.projected.lower, t.target);
            const hi = pct(t.projected.upper, t.target);
            return hi - lo < 1 ? [lo - 0.5, hi + 0.5] : [lo, hi];
          }),
          backgroundColor: translucent(MUTED, 0.35),
          barPercentage: 0.9,
          categoryPercentage: 0.9,
          grouped: false,
          order: 2,
        },
        {
          label: 'Seasonal pace',
          data: rows.map((t) => {
            const p = pct(t.seasonalPace, t.target);
            return [p - 0.6, p + 0.6] as [number, number];
          }),
          backgroundColor: orange,
          barPercentage: 0.9,
          categoryPercentage: 0.9,
          grouped: false,
          order: 0,
        },
      ],
    },
    options: {
      indexAxis: 'y',
      layout: { padding: { left: 8, right: 24, top: 4, bottom: 8 } },
      plugins: {
        ...heading(`Goals · as of ${r.asOf}`, '% of target: bar = actual, band = projected end, orange = seasonal pace, dashed = target'),
        legend: { display: false },
        tooltip: { enabled: false },
      },
      scales: {
        x: { ...valueAxis('% of target', (v) => `${Math.round(v)}%`), beginAtZero: true, suggestedMax: 120 },
        y: { grid: { display: false }, border: { display: false }, ticks: { font: tickFont, autoSkip: false } },
      },
    },
    plugins: [referenceLine<'bar'>('x', 100, 'target')],
  };
}
