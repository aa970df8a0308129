import type { ChartConfiguration, ScriptableContext } from 'chart.js';
import type { MatrixDataPoint } from 'chartjs-chart-matrix';
import type { ReportEnvelope } from '../report-module.js';
import type { TimingReport } from './timing-report.js';
import { compact, heading, periodText, tickFont } from '../../charts/chart-kit.js';
import { colour, TYPE } from '../../charts/theme.js';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const hh = (h: number) => String(h).padStart(2, '0');

/** Mixes the palette blue into white by `t` in [0, 1]. */
function shade(t: number): string {
  const n = Number.parseInt(colour(0).slice(1), 16);
  const mix = (c: number) => Math.round(255 - (255 - c) * Math.max(0, Math.min(1, t)));
  return `rgb(${mix((n >> 16) & 255)}, ${mix((n >> 8) & 255)}, ${mix(n & 255)})`;
}

/**
 * Weekday × hour heatmap of revenue (darker = more; Monday on top), trimmed to the hours that have sales so the cells
 * stay big. Refund-only cells (negative) are drawn empty. Null when there are no sales.
 */
export function timingChart(r: TimingReport & Pick<ReportEnvelope, 'period'>): ChartConfiguration<'matrix'> | null {
  const busy = (d: number, h: number) => (r.matrix[d]?.[h] ?? 0) !== 0 || (r.orders[d]?.[h] ?? 0) > 0;
  const hours = Array.from({ length: 24 }, (_, h) => h).filter((h) => DAYS.some((_, d) => busy(d, h)));
  if (hours.length === 0) return null;
  const first = hours[0]!;
  const last = hours[hours.length - 1]!;
  const max = Math.max(0, ...r.matrix.flat());
  const cells: (MatrixDataPoint & { v: number })[] = [];
  for (let d = 0; d < 7; d++) {
    for (let h = first; h <= last; h++) cells.push({ x: hh(h), y: DAYS[d]!, v: r.matrix[d]?.[h] ?? 0 });
  }
  const cols = last - first + 1;
  const peak = r.peak ? `Peak: ${DAYS[r.peak.dayOfWeek]} ${hh(r.peak.hour)}:00 · ` : '';
  return {
    type: 'matrix',
    data: {
      datasets: [
        {
          label: 'Revenue',
          data: cells,
          backgroundColor: (ctx: ScriptableContext<'matrix'>) => {
            const v = (ctx.raw as { v?: number } | undefined)?.v ?? 0;
            // Square root: one peak cell would otherwise wash every other hour out to white.
            return max > 0 && v > 0 ? shade(0.08 + 0.92 * Math.sqrt(v / max)) : '#f4f4f4';
          },
          borderColor: '#ffffff',
          borderWidth: 2,
          width: ({ chart }) => (chart.chartArea?.width ?? 0) / cols,
          height: ({ chart }) => (chart.chartArea?.height ?? 0) / 7,
        },
      ],
    },
    options: {
      layout: { padding: { left: 8, right: 16, top: 4, bottom: 4 } },
      plugins: {
        ...heading(`When sales happen (${r.timeZone}) · ${periodText(r.period)}`, `${peak}${compact(r.totalRevenue)} revenue in ${r.totalOrders.toLocaleString('en-US')} orders`),
        legend: { display: false },
        tooltip: { enabled: false },
      },
      scales: {
        x: {
          type: 'category',
          labels: Array.from({ length: cols }, (_, i) => hh(first + i)),
          offset: true,
          grid: { display: false },
          border: { display: false },
          ticks: { font: tickFont, maxRotation: 0, autoSkip: true },
          title: { display: true, text: 'Hour', font: { size: TYPE.label } },
        },
        y: {
          type: 'category',
          labels: DAYS,
          offset: true,
          // The matrix chart reverses y by default, which would put Monday at the bottom.
          reverse: false,
          grid: { display: false },
          border: { display: false },
          ticks: { font: tickFont },
        },
      },
    },
  };
}
