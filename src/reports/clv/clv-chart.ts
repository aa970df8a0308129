import type { ChartConfiguration } from 'chart.js';
import type { ClvReport } from './clv-report.js';
import { compact, heading, percent, tickFont, valueAxis } from '../../charts/chart-kit.js';
import { colour, MUTED, translucent, TYPE } from '../../charts/theme.js';

const BINS = 10;

/** The round bin width (1, 2, 2.5 or 5 × a power of ten) whose bin count over `span` is nearest `bins`. */
function niceStep(span: number, bins: number): number {
  const p = 10 ** Math.floor(Math.log10(span / bins));
  const steps = [1, 2, 2.5, 5, 10].map((m) => m * p);
  return steps.reduce((best, s) => (Math.abs(span / s - bins) < Math.abs(span / best - bins) ? s : best));
}

/**
 * Histogram of 12-month CLV per customer as shares of customers (the result carries an even sample of
 * the sorted values). The long tail above the 95th percentile is one last bar, so the body stays
 * readable. Null without CLV values (no spend model).
 */
export function clvChart(r: ClvReport): ChartConfiguration<'bar'> | null {
  const values = r.clvSample ?? [];
  const n = values.length;
  if (n === 0) return null;
  const lo = Math.min(0, values[0]!);
  const p95 = values[Math.min(n - 1, Math.floor(0.95 * (n - 1)))]!;
  const top = values[n - 1]!;
  const span = Math.max(p95 - lo, 1e-9);
  const step = p95 > lo ? niceStep(span, BINS) : 1;
  const start = Math.floor(lo / step) * step;
  const edges: number[] = [];
  for (let e = start; e <= p95 && edges.length < 40; e += step) edges.push(e);
  const tail = top >= edges[edges.length - 1]! + step;
  const counts = new Array<number>(edges.length + (tail ? 1 : 0)).fill(0);
  for (const v of values) {
    const i = Math.floor((v - start) / step);
    counts[Math.min(Math.max(i, 0), counts.length - 1)]!++;
  }
  const labels = edges.map((e) => `${compact(e)}–${compact(e + step)}`);
  if (tail) labels.push(`≥ ${compact(edges[edges.length - 1]! + step)}`);
  const blue = colour(0);
  const colours = counts.map((_, i) => (tail && i === counts.length - 1 ? MUTED : blue));
  const mean = r.totalClv !== null && r.customerCount > 0 ? r.totalClv / r.customerCount : null;
  return {
    type: 'bar',
    data: {
      labels,
      datasets: [
        {
          label: 'Customers',
          data: counts.map((c) => c / n),
          backgroundColor: colours.map((c) => translucent(c, 0.8)),
          borderColor: colours,
          borderWidth: 1,
          barPercentage: 1,
          categoryPercentage: 0.95,
        },
      ],
    },
    options: {
      layout: { padding: { left: 8, right: 16, top: 4, bottom: 4 } },
      plugins: {
        ...heading(
          `${r.settings.months}-month CLV per customer · as of ${r.asOf}`,
          `${r.customerCount.toLocaleString('en-US')} customers · total ${r.totalClv === null ? '—' : compact(r.totalClv)}${mean === null ? '' : ` · mean ${compact(mean)}`}`,
        ),
        legend: { display: false },
        tooltip: { enabled: false },
      },
      scales: {
        x: {
          grid: { display: false },
          ticks: { font: tickFont, maxRotation: 0, autoSkip: true, maxTicksLimit: 6 },
          title: { display: true, text: `Expected value over the next ${r.settings.months} months (discounted)`, font: { size: TYPE.label } },
        },
        y: { ...valueAxis('Share of customers', (v) => percent(v)), beginAtZero: true },
      },
    },
  };
}
