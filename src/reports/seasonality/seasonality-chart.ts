import type { ChartConfiguration } from 'chart.js';
import type { SeasonalityReport } from './seasonality-report.js';
import { heading, percent, tickFont, valueAxis } from '../../charts/chart-kit.js';
import { colour, MUTED, translucent, TYPE } from '../../charts/theme.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const label = (month: string) => `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(2, 4)}`;

/**
 * Monthly revenue (line) with its trend (dashed) and, on a second axis, each month's seasonal index as a
 * bar floating from 1 (above = a stronger month than typical). Without an index (too little history)
 * the monthly line alone, the reason in the subtitle. Null without a complete month.
 */
export function seasonalityChart(r: SeasonalityReport): ChartConfiguration | null {
  const months = r.months;
  if (months.length === 0) return null;
  const ok = r.status === 'ok' && r.seasonalIndex !== null;
  const blue = colour(0);
  const orange = colour(1);
  const subtitle = ok
    ? `Peak months: ${r.peakMonthNames.length ? r.peakMonthNames.join(', ') : 'none above +5%'} · seasonal strength ${percent(r.strength ?? 0)}`
    : r.status === 'insufficient'
      ? `No seasonal index yet: ${r.monthCount} of ${r.monthsRequired} complete months`
      : 'No seasonal index: a month without revenue';
  const hasTrend = ok && months.some((m) => m.trend !== null);
  // Index axis: 1 in the middle, ticks every `step` (a round share ≥ the largest deviation), so bars use the middle half.
  const spread = ok ? Math.max(...months.map((m) => Math.abs(m.seasonal - 1))) : 0;
  const step = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 3, 5].find((k) => k >= spread) ?? spread;
  return {
    type: 'line',
    data: {
      labels: months.map((m) => label(m.month)),
      datasets: [
        {
          type: 'line',
          label: 'Revenue',
          data: months.map((m) => m.value),
          borderColor: blue,
          backgroundColor: blue,
          borderWidth: 3,
          pointRadius: months.length > 36 ? 0 : 3,
          yAxisID: 'y',
          order: 1,
        },
        ...(hasTrend
          ? [
              {
                type: 'line' as const,
                label: 'Trend',
                data: months.map((m) => m.trend),
                borderColor: MUTED,
                backgroundColor: MUTED,
                borderDash: [8, 6],
                borderWidth: 2,
                pointRadius: 0,
                yAxisID: 'y',
                order: 2,
              },
            ]
          : []),
        ...(ok
          ? [
              {
                type: 'bar' as const,
                label: 'Seasonal index',
                data: months.map((m) => [1, m.seasonal] as [number, number]),
                backgroundColor: months.map((m) => translucent(orange, m.seasonal >= 1 ? 0.55 : 0.3)),
                borderWidth: 0,
                yAxisID: 'index',
                order: 3,
              },
            ]
          : []),
      ],
    },
    options: {
      layout: { padding: { left: 8, right: 16, top: 4, bottom: 4 } },
      plugins: {
        ...heading(`Monthly revenue${ok ? " and seasonality" : ""} · as of ${r.asOf}`, subtitle),
        legend: { display: ok, position: 'bottom', labels: { font: { size: TYPE.label }, boxWidth: 18 } },
        tooltip: { enabled: false },
      },
      scales: {
        x: { grid: { display: false }, ticks: { font: tickFont, maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
        y: { ...valueAxis(), beginAtZero: true, position: 'left' },
        ...(ok
          ? {
              index: {
                position: 'right' as const,
                min: 1 - 2 * step,
                max: 1 + 2 * step,
                grid: { display: false },
                border: { display: false },
                title: { display: true, text: 'Month vs a typical month', font: { size: TYPE.label }, color: orange },
                ticks: {
                  font: tickFont,
                  color: orange,
                  stepSize: step,
                  callback: (v: number | string) => (Math.abs(Number(v) - 1) < 1e-9 ? '±0%' : `${Number(v) > 1 ? '+' : '−'}${percent(Math.abs(Number(v) - 1))}`),
                },
              },
            }
          : {}),
      },
    },
  } as ChartConfiguration;
}
