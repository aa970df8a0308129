import type { ChartConfiguration } from 'chart.js';
import type { SankeyDataPoint, SankeyScriptableContext } from 'chartjs-chart-sankey';
import type { FunnelReport } from './funnel-report.js';
import { heading, percent } from '../../charts/chart-kit.js';
import { colour, DOWN, INK, MUTED, UP } from '../../charts/theme.js';

type Node = 'lead' | 'opportunity' | 'other' | 'won' | 'lost' | 'open';

const NODE_COLOURS: Record<Node, string> = { lead: colour(0), opportunity: colour(5), other: MUTED, won: UP, lost: DOWN, open: MUTED };
const NAMES: Record<Node, string> = { lead: 'Leads', opportunity: 'Opportunities', other: 'No opportunity', won: 'Won', lost: 'Lost', open: 'Open' };

/**
 * The lead cohort as a Sankey in three columns: leads → opportunity or not → won / lost / still open.
 * Null without leads.
 */
export function funnelChart(r: FunnelReport): ChartConfiguration<'sankey'> | null {
  const [lead, opportunity] = r.stages.map((s) => s.count);
  if (!lead) return null;
  const opp = opportunity ?? 0;
  const wonAll = r.stages[2]?.count ?? 0;
  // A result without the split (stored before it existed) counts every loss and open lead before the opportunity stage.
  const o = r.opportunityOutcomes ?? { won: wonAll, lost: 0, open: Math.max(0, opp - wonAll) };
  const other = { lost: r.lost.count - o.lost, open: r.open - o.open };
  const flows: SankeyDataPoint[] = [
    { from: 'lead', to: 'opportunity', flow: opp },
    { from: 'lead', to: 'other', flow: lead - opp },
    { from: 'opportunity', to: 'won', flow: o.won },
    { from: 'opportunity', to: 'open', flow: o.open },
    { from: 'opportunity', to: 'lost', flow: o.lost },
    { from: 'other', to: 'open', flow: other.open },
    { from: 'other', to: 'lost', flow: other.lost },
  ].filter((f) => f.flow > 0);
  const totals: Record<Node, number> = { lead, opportunity: opp, other: lead - opp, won: o.won, lost: r.lost.count, open: r.open };
  const labels = Object.fromEntries((Object.keys(NAMES) as Node[]).map((n) => [n, `${NAMES[n]} ${totals[n].toLocaleString('en-US')}`]));
  const nodeColour = (key: string) => NODE_COLOURS[key as Node] ?? MUTED;
  const conv = r.stages[1]?.conversion;
  const win = r.stages[2]?.conversion;
  return {
    type: 'sankey',
    data: {
      datasets: [
        {
          label: 'Leads',
          data: flows,
          labels,
          column: { lead: 0, opportunity: 1, other: 1, won: 2, open: 2, lost: 2 },
          priority: { lead: 0, opportunity: 0, other: 1, won: 0, open: 1, lost: 2 },
          colorFrom: (c: SankeyScriptableContext) => nodeColour(c.raw.from),
          colorTo: (c: SankeyScriptableContext) => nodeColour(c.raw.to),
          colorMode: 'gradient',
          alpha: 0.45,
          size: 'max',
          nodeWidth: 16,
          nodePadding: 28,
          color: INK,
          font: { size: 18, weight: 'bold' },
          parsing: { from: 'from', to: 'to', flow: 'flow' },
        },
      ],
    },
    options: {
      layout: { padding: { left: 12, right: 12, top: 4, bottom: 12 } },
      plugins: {
        ...heading(
          `Lead funnel · leads created ${r.window.from} – ${r.window.to}`,
          `Lead → opportunity ${conv == null ? '—' : percent(conv)} · opportunity → won ${win == null ? '—' : percent(win)}`,
        ),
        legend: { display: false },
        tooltip: { enabled: false },
      },
    },
  };
}
