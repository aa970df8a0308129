import type { ChartConfiguration } from 'chart.js';
import type { AbcReport } from './abc-report.js';
import { compact, heading, percent, tickFont, valueAxis } from '../../charts/chart-kit.js';
import { CLASS_COLOURS, INK, translucent, TYPE } from '../../charts/theme.js';

/** Bars drawn at most; the cumulative line still reads the report's true cumulative share. */
const MAX_BARS = 300;

/**
 * Pareto chart: revenue per product (descending, coloured by ABC class) with the cumulative share of
 * revenue on a second axis. Products are numbered by rank; names would not fit at preview size.
 * Null when no product is listed.
 */
export function abcChart(r: AbcReport): ChartConfiguration | null {
  const products = r.products.slice(0, MAX_BARS);
  if (products.length === 0) return null;
  // Every class with products gets a legend entry, listed or not: the legend carries the whole split.
  const classes = (['A', 'B', 'C'] as const).filter((c) => r.summary[c] > 0 || products.some((p) => p.class === c));
  const shown = products.length < r.productCount ? `top ${products.length} of ${r.productCount} products` : `${r.productCount} products`;
  return {
    type: 'bar',
    data: {
      labels: products.map((_, i) => String(i + 1)),
      datasets: [
        {
          type: 'line',
          label: 'Cumulative %',
          data: products.map((p) => p.cumulativeShare),
          borderColor: INK,
          backgroundColor: INK,
          borderWidth: 2.5,
          pointRadius: products.length > 25 ? 0 : 3,
          tension: 0,
          yAxisID: 'share',
          order: 0,
        },
        ...classes.map((c) => ({
          type: 'bar' as const,
          label: `${c}: ${r.summary[c]} products, ${r.totalRevenue ? percent(r.revenueByClass[c] / r.totalRevenue) : '—'}`,
          // One dataset per class (for the legend); the other classes' slots stay empty.
          data: products.map((p) => (p.class === c ? p.revenue : null)),
          backgroundColor: translucent(CLASS_COLOURS[c], 0.85),
          borderColor: CLASS_COLOURS[c],
          borderWidth: 1,
          grouped: false,
          barPercentage: 0.9,
          categoryPercentage: 1,
          yAxisID: 'y',
          order: 1,
        })),
      ],
    },
    options: {
      layout: { padding: { left: 8, right: 8, top: 4, bottom: 4 } },
      plugins: {
        ...heading(`ABC: revenue by product · ${r.period.from} – ${r.period.to}`, `${compact(r.totalRevenue)} revenue · ${shown}, by rank`),
        legend: { position: 'bottom', labels: { font: { size: TYPE.label }, boxWidth: 18 } },
        tooltip: { enabled: false },
      },
      scales: {
        x: {
          grid: { display: false },
          ticks: { font: tickFont, maxRotation: 0, autoSkip: true, maxTicksLimit: 10 },
          title: { display: true, text: 'Product rank', font: { size: TYPE.label } },
        },
        y: { ...valueAxis('Revenue'), beginAtZero: true, position: 'left' },
        share: {
          position: 'right',
          min: 0,
          max: 1,
          grid: { display: false },
          border: { display: false },
          ticks: { font: tickFont, stepSize: 0.2, callback: (v: number | string) => percent(Number(v)) },
        },
      },
    },
  } as ChartConfiguration;
}
