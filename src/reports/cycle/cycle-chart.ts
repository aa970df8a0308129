import type { ChartConfiguration } from 'chart.js';
import { heading, percent, tickFont, valueAxis } from '../../charts/chart-kit.js';
import { colour, GRID, translucent } from '../../charts/theme.js';
import type { FunnelReport } from '../funnel/funnel-report.js';

/**
 * Conversion per stage by month (lines, left axis, %) over median days as opportunity (bars, right
 * axis): a pipeline that slows shows as rising bars and falling lines. Exports that keep only each
 * lead's current stage have no opportunity entry for closed leads; the bars are then the median days
 * from creation to close. Null when no month has a lead that left a stage.
 */
export function cycleChart(r: FunnelReport): ChartConfiguration<'bar' | 'line'> | null {
  const months = r.byMonth ?? [];
  if (!months.some((m) => m.leftLead > 0 || m.won + m.lost > 0)) return null;
  const asOpportunity = months.some((m) => m.medianDaysAsOpportunity !== null);
  const barLabel = asOpportunity ? 'Median days as opportunity' : 'Median days to close';
  return {
    type: 'bar',
    data: {
      labels: months.map((m) => m.month),
      datasets: [
        {
          type: 'line',
          label: 'Lead → opportunity',
          data: months.map((m) => m.leadToOpportunity),
          borderColor: colour(0),
          backgroundColor: colour(0),
          yAxisID: 'y',
          spanGaps: true,
          order: 0,
        },
        {
          type: 'line',
          label: 'Opportunity → won',
          data: months.map((m) => m.opportunityToWon),
          borderColor: colour(2),
          backgroundColor: colour(2),
          yAxisID: 'y',
          spanGaps: true,
          order: 0,
        },
        {
          type: 'bar',
          label: barLabel,
          data: months.map((m) => (asOpportunity ? m.medianDaysAsOpportunity : m.medianDaysToClose)),
          backgroundColor: translucent(colour(1), 0.45),
          yAxisID: 'days',
          order: 1,
        },
      ],
    },
    options: {
      plugins: {
        ...heading(`Pipeline by month · ${r.window.from} – ${r.window.to}`, `Conversion per stage (lines) and ${barLabel.toLowerCase()} (bars)`),
        legend: { display: true, position: 'bottom', labels: { font: tickFont } },
      },
      scales: {
        x: { grid: { display: false }, ticks: { font: tickFont, maxRotation: 0, autoSkip: true } },
        y: { ...valueAxis('Conversion', (v) => percent(v)), min: 0, max: 1, position: 'left' },
        days: { ...valueAxis(asOpportunity ? 'Days as opportunity' : 'Days to close', (v) => `${Math.round(v)} d`), beginAtZero: true, position: 'right', grid: { color: GRID, drawOnChartArea: false } },
      },
      layout: { padding: 16 },
    },
  };
}
