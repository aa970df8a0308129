import type { ChartConfiguration } from 'chart.js';
import { RFM_SEGMENTS } from '../../analytics/rfm.js';
import type { RfmReport } from './rfm-report.js';
import { compact, heading, percent, tickFont, valueAxis } from '../../charts/chart-kit.js';
import { horizontalBarsChart } from '../../charts/horizontal-bars.js';
import { SEGMENT_COLOURS, translucent, TYPE } from '../../charts/theme.js';

/**
 * Recency (days since the last order) against revenue per customer, one colour per segment; revenue on
 * a log axis because a few big accounts would flatten everyone else. Customers with no positive net
 * revenue cannot sit on that axis and are counted in the subtitle. Null without a customer with revenue.
 */
export function rfmScatterChart(r: RfmReport): ChartConfiguration<'scatter'> | null {
  const points = r.points ?? [];
  const positive = points.filter((p) => p.monetary > 0);
  if (positive.length === 0) return null;
  const hidden = points.length - positive.length;
  const sampled = points.length < r.customerCount ? ` · ${points.length.toLocaleString('en-US')} shown` : '';
  const segments = RFM_SEGMENTS.filter((s) => positive.some((p) => p.segment === s));
  const radius = positive.length > 800 ? 2.5 : positive.length > 200 ? 4 : 6;
  return {
    type: 'scatter',
    data: {
      datasets: segments.map((s) => ({
        label: s,
        data: positive.filter((p) => p.segment === s).map((p) => ({ x: p.recencyDays, y: p.monetary })),
        backgroundColor: translucent(SEGMENT_COLOURS[s], 0.7),
        borderColor: SEGMENT_COLOURS[s],
        borderWidth: 1,
        pointRadius: radius,
      })),
    },
    options: {
      layout: { padding: { left: 8, right: 16, top: 4, bottom: 4 } },
      plugins: {
        ...heading(
          `RFM: recency vs revenue · as of ${r.asOf}`,
          `${r.customerCount.toLocaleString('en-US')} customers in ${r.segments.length} segments${sampled}${hidden ? ` · ${hidden} without revenue not shown` : ''}`,
        ),
        legend: { position: 'right', labels: { font: { size: 14 }, boxWidth: 12, usePointStyle: true, pointStyle: 'circle', padding: 8 } },
        tooltip: { enabled: false },
      },
      scales: {
        x: { ...valueAxis('Days since last order', (v) => String(v)), beginAtZero: true },
        y: {
          type: 'logarithmic',
          grid: { color: '#e8e8e8' },
          border: { display: false },
          title: { display: true, text: 'Revenue (log scale)', font: { size: TYPE.label } },
          ticks: {
            font: tickFont,
            // A log axis ticks at 1, 2, 5 … of every decade; a preview has room for the round decades only.
            callback: (v) => (Math.log10(Number(v)) % 1 === 0 ? compact(Number(v)) : ''),
          },
        },
      },
    },
  };
}

/** Revenue per segment (bars in the segment colours) with the customer count beside each; null when empty. */
export function rfmSegmentsChart(r: RfmReport): ChartConfiguration<'bar'> | null {
  if (r.segments.length === 0) return null;
  const total = r.segments.reduce((s, x) => s + x.revenue, 0);
  return horizontalBarsChart({
    title: `Revenue by RFM segment · as of ${r.asOf}`,
    subtitle: `${r.customerCount.toLocaleString('en-US')} customers · ${compact(total)} revenue`,
    axisTitle: 'Revenue',
    bars: r.segments.map((s) => ({
      label: s.segment,
      value: s.revenue,
      valueLabel: `${compact(s.revenue)}${total > 0 ? ` (${percent(s.revenue / total)})` : ''} · ${s.customers} cust.`,
      colour: SEGMENT_COLOURS[s.segment],
    })),
  });
}

/** The RFM picture for one Slack image: the scatter, or the segment bars when there are no points. */
export function rfmChart(r: RfmReport): ChartConfiguration | null {
  return (rfmScatterChart(r) as ChartConfiguration | null) ?? (rfmSegmentsChart(r) as ChartConfiguration | null);
}
