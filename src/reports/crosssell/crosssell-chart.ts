import type { ChartConfiguration } from 'chart.js';
import type { CrossSellReport } from './crosssell-report.js';
import type { ReportEnvelope } from '../report-module.js';
import { percent, truncate } from '../../charts/chart-kit.js';
import { horizontalBarsChart } from '../../charts/horizontal-bars.js';

const TOP = 8;

interface Pitch {
  name: string;
  customers: number;
  /** The strongest rule leading to the product among those customers. */
  best: { score: number; confidence: number; becauseNames: string[] };
}

/**
 * What to pitch: the suggested products by how many of the listed customers they are suggested to
 * (each customer's suggestions count once), labelled with the purchase that leads there and the
 * rule's confidence. One salesman's result (a DM) shows that salesman's pitches. Null without suggestions.
 */
export function crosssellChart(r: CrossSellReport & Pick<ReportEnvelope, 'period'>): ChartConfiguration<'bar'> | null {
  const pitches = new Map<string, Pitch>();
  let listed = 0;
  for (const s of r.salesmen) {
    for (const c of s.customers) {
      if (c.suggestions.length) listed++;
      for (const g of c.suggestions) {
        const p = pitches.get(g.productId) ?? { name: g.name || g.productId, customers: 0, best: g };
        p.customers++;
        if (g.score > p.best.score) p.best = g;
        pitches.set(g.productId, p);
      }
    }
  }
  const top = [...pitches.entries()]
    .sort(([ia, a], [ib, b]) => b.customers - a.customers || b.best.score - a.best.score || (ia < ib ? -1 : ia > ib ? 1 : 0))
    .slice(0, TOP)
    .map(([, p]) => p);
  if (top.length === 0) return null;
  const scope = r.salesmen.length === 1 ? `${truncate(r.salesmen[0]!.name, 24)}: ` : '';
  return horizontalBarsChart({
    title: `Next products to offer · as of ${r.period.to}`,
    subtitle: `${scope}${r.customersWithSuggestions} customers with a suggestion${listed < r.customersWithSuggestions ? ` (${listed} listed)` : ''} · ${r.ruleCount} rules`,
    axisTitle: 'Customers to offer it to',
    formatTick: (v) => (Number.isInteger(v) ? String(v) : ''),
    bars: top.map((p) => ({
      label: [truncate(p.name, 30), `after ${truncate(p.best.becauseNames.join(' + '), 24)}`],
      value: p.customers,
      valueLabel: `${p.customers} · ${percent(p.best.confidence)} also buy`,
    })),
  });
}
