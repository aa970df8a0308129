import type { ChartConfiguration } from 'chart.js';
import type { ChurnCustomer, ChurnReport } from './churn-report.js';
import { compact, truncate } from '../../charts/chart-kit.js';
import { horizontalBarsChart } from '../../charts/horizontal-bars.js';
import { DOWN, PALETTE } from '../../charts/theme.js';

/** Bars shown: more would not be readable in a preview. */
const TOP = 10;

/**
 * Value at risk of the top at-risk customers (as ranked by the report), coloured by the rule that
 * flagged them; null when nobody is at risk.
 */
export function churnChart(r: ChurnReport): ChartConfiguration<'bar'> | null {
  const top = r.customers.slice(0, TOP);
  if (top.length === 0) return null;
  const rhythm = DOWN;
  const model = PALETTE[4];
  const colourOf = (c: ChurnCustomer) => (c.rule === 'own-rhythm' ? rhythm : model);
  const legend = [
    { label: 'Overdue by own rhythm', colour: rhythm },
    { label: 'Likely lost (P(alive) < 50%)', colour: model },
  ];
  return horizontalBarsChart({
    title: `Revenue at risk · as of ${r.asOf}`,
    subtitle: `${r.atRiskCount} customers at risk · ${compact(r.totalValueAtRisk)} a year · top ${top.length}`,
    axisTitle: 'Yearly revenue at risk',
    bars: top.map((c) => ({
      label: truncate(c.name || c.customerId, 26),
      value: c.valueAtRisk,
      valueLabel: `${compact(c.valueAtRisk)} · idle ${c.daysSinceLastOrder} d`,
      colour: colourOf(c),
    })),
    legend: legend.filter((l) => top.some((c) => colourOf(c) === l.colour)),
  });
}
