import type { ChartConfiguration } from 'chart.js';
import { compact } from '../../charts/chart-kit.js';
import { horizontalBarsChart } from '../../charts/horizontal-bars.js';
import type { DealRiskReason } from '../../analytics/deal-risk.js';
import { REASON_WORDS, type DealsReport } from './deals-report.js';

/** Amount at risk per reason (a deal with two reasons counts under both); null when no deal is at risk. */
export function dealsChart(r: DealsReport): ChartConfiguration<'bar'> | null {
  const bars = r.byReason.filter((b) => b.deals > 0);
  if (bars.length === 0) return null;
  return horizontalBarsChart({
    title: `Deals at risk · as of ${r.asOf}`,
    subtitle: `${r.atRiskCount} deals · ${compact(r.atRiskAmount)} at risk`,
    axisTitle: 'Amount at risk',
    bars: [...bars]
      .sort((a, b) => b.amount - a.amount)
      .map((b) => ({ label: REASON_WORDS[b.key as DealRiskReason] ?? b.key, value: b.amount, valueLabel: `${compact(b.amount)} · ${b.deals} deals` })),
  });
}
