import type { ChartConfiguration } from 'chart.js';
import { heading, tickFont, valueAxis } from '../../charts/chart-kit.js';
import { colour, MUTED, translucent, TYPE } from '../../charts/theme.js';
import type { ForecastReport } from './forecast-report.js';
import { periodLabel } from './forecast-periods.js';

/**
 * History (line), the model's one-step fitted values (dashed) and the forecast (line) inside its fan:
 * the 95 % band lighter, the 80 % band darker (each band is its upper line filled down to its lower
 * line). Only the last 4 cycles of history are drawn so the fan stays readable. Null without a model.
 */
export function forecastChart(r: ForecastReport & { asOf: string }): ChartConfiguration | null {
  if (!r.model || r.history.length === 0) return null;
  const keep = Math.max(4 * r.seasonLength, 24);
  const history = r.history.slice(-keep);
  const labels = [...history, ...r.forecast].map((p) => periodLabel(p.period, r.grain));
  const pad = (n: number) => new Array<null>(n).fill(null);
  const blue = colour(0);
  const orange = colour(1);
  const last = history[history.length - 1]!;
  // bands and the forecast line start at the last actual so they read as one continuous line
  const band = (key: 'lower80' | 'upper80' | 'lower95' | 'upper95') => [...pad(history.length - 1), last.value, ...r.forecast.map((f) => f[key])];
  return {
    type: 'line',
    data: {
      labels,
      datasets: [
        { label: 'Actual', data: [...history.map((h) => h.value), ...pad(r.forecast.length)], borderColor: blue, backgroundColor: blue, borderWidth: 3, pointRadius: 0 },
        { label: 'Fitted', data: [...history.map((h) => h.fitted), ...pad(r.forecast.length)], borderColor: MUTED, borderDash: [8, 6], borderWidth: 2, pointRadius: 0 },
        { label: '95 % range', data: band('upper95'), borderWidth: 0, pointRadius: 0, fill: '+1', backgroundColor: translucent(orange, 0.18) },
        { label: '', data: band('lower95'), borderWidth: 0, pointRadius: 0, fill: false },
        { label: '80 % range', data: band('upper80'), borderWidth: 0, pointRadius: 0, fill: '+1', backgroundColor: translucent(orange, 0.35) },
        { label: '', data: band('lower80'), borderWidth: 0, pointRadius: 0, fill: false },
        { label: 'Forecast', data: [...pad(history.length - 1), last.value, ...r.forecast.map((f) => f.point)], borderColor: orange, backgroundColor: orange, borderWidth: 3, pointRadius: 0 },
      ],
    },
    options: {
      layout: { padding: { left: 8, right: 16, top: 4, bottom: 4 } },
      plugins: {
        ...heading(`${r.metric === 'revenue' ? 'Revenue' : 'Orders'} forecast · as of ${r.asOf}`, `${r.model.type} · 80 % and 95 % ranges`),
        legend: { position: 'bottom', labels: { font: { size: TYPE.label }, boxWidth: 18, filter: (item: { text: string }) => item.text !== '' } },
        tooltip: { enabled: false },
      },
      scales: {
        x: { grid: { display: false }, ticks: { font: tickFont, maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
        y: { ...valueAxis(), beginAtZero: true },
      },
    },
  } as ChartConfiguration;
}
