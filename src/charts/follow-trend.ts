import type { ChartConfiguration } from 'chart.js';
import { heading, tickFont, valueAxis } from './chart-kit.js';
import { colour, GRID } from './theme.js';

/** One followed metric's trend, oldest period first (null = no value, e.g. a basket without orders). */
export interface FollowTrendSeries {
  label: string;
  values: readonly (number | null)[];
}

/**
 * Every followed metric of a digest in one line chart: each series as an index of its own average over
 * the periods shown (average = 100), so revenue in thousands and orders in tens share one axis and the
 * shape of each is what the eye compares. A series with no positive average is left out (nothing to
 * index); null when nothing is left.
 */
export function followTrendChart(spec: { title: string; subtitle: string; periodLabels: readonly string[]; series: readonly FollowTrendSeries[] }): ChartConfiguration<'line'> | null {
  const datasets = spec.series.flatMap((s, i) => {
    const present = s.values.filter((v): v is number => v !== null);
    const mean = present.length > 0 ? present.reduce((a, b) => a + b, 0) / present.length : 0;
    if (!(mean > 0)) return [];
    const c = colour(i);
    return [{ label: s.label, data: s.values.map((v) => (v === null ? null : Math.round((v / mean) * 1000) / 10)), borderColor: c, backgroundColor: c, borderWidth: 3, pointRadius: 4, spanGaps: true, tension: 0.2 }];
  });
  if (datasets.length === 0) return null;
  return {
    type: 'line',
    data: { labels: [...spec.periodLabels], datasets },
    options: {
      animation: false,
      plugins: { ...heading(spec.title, spec.subtitle), legend: { display: true, position: 'bottom', labels: { font: tickFont } } },
      scales: {
        x: { grid: { display: false }, ticks: { font: tickFont } },
        y: { ...valueAxis('index (average = 100)', (v) => String(Math.round(v))), grid: { color: GRID } },
      },
      layout: { padding: 16 },
    },
  };
}
