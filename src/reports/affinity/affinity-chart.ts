import type { ChartConfiguration } from 'chart.js';
import type { AffinityReport } from './affinity-report.js';
import type { ReportEnvelope } from '../report-module.js';
import { percent, periodText, truncate } from '../../charts/chart-kit.js';
import { horizontalBarsChart } from '../../charts/horizontal-bars.js';

const TOP = 8;

/**
 * Top rules by lift as "A ⇒ B" bars. A rule and its mirror (B ⇒ A) share the lift, so only the first
 * of the pair (the report's order: higher confidence) is drawn; null without rules.
 */
export function affinityChart(r: AffinityReport & Pick<ReportEnvelope, 'period'>): ChartConfiguration<'bar'> | null {
  const seen = new Set<string>();
  const rules = r.rules.filter((rule) => {
    const key = [...rule.antecedent, ...rule.consequent].sort().join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const top = rules.slice(0, TOP);
  if (top.length === 0) return null;
  const names = (xs: string[]) => xs.map((x) => truncate(x, xs.length > 1 ? 14 : 28)).join(' + ');
  return horizontalBarsChart({
    title: `Products bought together · ${periodText(r.period)}`,
    subtitle: `${r.ruleCount} rules from ${r.transactions.toLocaleString('en-US')} orders · top ${top.length} pairs by lift`,
    axisTitle: 'Lift (× more likely than by chance)',
    formatTick: (v) => `${v}×`,
    bars: top.map((rule) => ({
      label: [names(rule.antecedentNames), `⇒ ${names(rule.consequentNames)}`],
      value: rule.lift,
      valueLabel: `${rule.lift.toFixed(1)}× · ${percent(rule.confidence)}`,
    })),
  });
}
