import type { ChartConfiguration } from 'chart.js';
import type { KpiReport } from './kpi-report.js';
import { compact, heading, percent } from '../../charts/chart-kit.js';
import { colour, translucent, TYPE } from '../../charts/theme.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const dayLabel = (day: string) => `${MONTHS[Number(day.slice(5, 7)) - 1]} ${Number(day.slice(8, 10))}`;

/**
 * Sparkline of daily revenue over the last 30 days: a filled line with the last day marked, no grid,
 * a few dates and the run rate in the subtitle. Null when the result has no series.
 */
export function kpiChart(r: KpiReport): ChartConfiguration<'line'> | null {
  const days = r.dailyRevenue ?? [];
  if (days.length === 0) return null;
  const blue = colour(0);
  const last = days.length - 1;
  const active = r.activeSalesmenRatio === null ? '' : ` · ${percent(r.activeSalesmenRatio)} of salesmen active`;
  return {
    type: 'line',
    data: {
      labels: days.map((d) => dayLabel(d.day)),
      datasets: [
        {
          label: 'Revenue',
          data: days.map((d) => d.revenue),
          borderColor: blue,
          backgroundColor: translucent(blue, 0.15),
          fill: 'origin',
          borderWidth: 3,
          tension: 0.25,
          // Monotone curves never dip below a zero day.
          cubicInterpolationMode: 'monotone',
          pointRadius: days.map((_, i) => (i === last ? 6 : 0)),
          pointBackgroundColor: blue,
        },
      ],
    },
    options: {
      layout: { padding: { left: 12, right: 24, top: 4, bottom: 8 } },
      plugins: {
        ...heading(`Daily revenue, last 30 days · to ${r.today}`, `Run rate ${compact(r.runRate)} · month to date ${compact(r.monthToDate)}${active}`),
        legend: { display: false },
        tooltip: { enabled: false },
      },
      scales: {
        x: { grid: { display: false }, border: { display: false }, ticks: { font: { size: TYPE.tick }, maxRotation: 0, autoSkip: true, maxTicksLimit: 5 } },
        y: {
          beginAtZero: true,
          grid: { display: false },
          border: { display: false },
          ticks: { font: { size: TYPE.tick }, maxTicksLimit: 3, callback: (v) => compact(Number(v)) },
        },
      },
    },
  };
}
