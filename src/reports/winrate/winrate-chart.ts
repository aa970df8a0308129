import type { ChartConfiguration } from 'chart.js';
import type { FunnelReport } from '../funnel/funnel-report.js';
import { percent, referenceLine, truncate } from '../../charts/chart-kit.js';
import { horizontalBarsChart } from '../../charts/horizontal-bars.js';

const TOP = 12;

/**
 * Win rate per salesman (leads closed in the window, the report's order: most won first) with the
 * team's rate as a dashed line; null when nobody closed a lead.
 */
export function winrateChart(r: FunnelReport): ChartConfiguration<'bar'> | null {
  const top = r.bySalesman.filter((s) => s.winRate !== null).slice(0, TOP);
  if (top.length === 0) return null;
  return horizontalBarsChart({
    title: `Win rate by salesman · ${r.window.from} – ${r.window.to}`,
    subtitle: `Team: ${r.winRate === null ? '—' : percent(r.winRate)} (${r.won} won, ${r.lostClosed} lost)`,
    axisTitle: r.winRate === null ? 'Won ÷ closed' : 'Won ÷ closed · dashed line: team',
    formatTick: (v) => percent(v),
    bars: top.map((s) => ({
      label: truncate(s.name || s.salesmanId || '(unassigned)', 22),
      value: s.winRate!,
      valueLabel: `${percent(s.winRate!)} (${s.won}/${s.won + s.lost})`,
    })),
    plugins: r.winRate === null ? [] : [referenceLine<'bar'>('x', r.winRate)],
  });
}
