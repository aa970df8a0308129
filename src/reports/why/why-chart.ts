import type { ChartConfiguration } from 'chart.js';
import type { WhyReport } from './why-report.js';
import { barLabels, compact, heading, signedCompact, tickFont, valueAxis, wrap } from '../../charts/chart-kit.js';
import { colour, DOWN, translucent, UP } from '../../charts/theme.js';

/** Members drawn before the rest of the dimension is folded into one "other" step. */
const STEPS = 6;

interface Step {
  label: string;
  delta: number;
}

/**
 * The members of the dimension that explains most (the top driver's), or price / volume / mix when no
 * driver is listed; the steps always add up to the change.
 */
function steps(r: WhyReport): { dimension: string; steps: Step[] } {
  const top = r.drivers[0];
  if (!top) {
    const m = r.priceVolumeMix;
    const pvm = [
      { label: 'Price', delta: m.price },
      { label: 'Volume', delta: m.volume },
      { label: 'Mix', delta: m.mix },
      { label: 'Other', delta: m.other },
    ].filter((s) => Math.abs(s.delta) >= 0.5);
    return { dimension: 'price, volume and mix', steps: pvm.length || r.delta === 0 ? pvm : [{ label: 'Change', delta: r.delta }] };
  }
  const members = r.drivers.filter((d) => d.dimension === top.dimension).slice(0, STEPS);
  const shown = members.map((d) => ({ label: d.name || d.member, delta: d.delta }));
  const rest = r.delta - shown.reduce((s, x) => s + x.delta, 0);
  if (Math.abs(rest) >= 0.5) shown.push({ label: `Other ${top.dimension === 'category' ? 'categories' : `${top.dimension}s`}`, delta: rest });
  return { dimension: top.dimension, steps: shown };
}

/**
 * Waterfall of the revenue change: previous period, one floating bar per contribution (green up, red
 * down), current period. Null when neither period had revenue.
 */
export function whyChart(r: WhyReport): ChartConfiguration<'bar'> | null {
  if (r.previous === 0 && r.current === 0) return null;
  const { dimension, steps: parts } = steps(r);
  const total = colour(0);
  const bars: { label: string; range: [number, number]; colour: string; text: string }[] = [
    { label: 'Previous', range: [0, r.previous], colour: total, text: compact(r.previous) },
  ];
  // Totals hang below zero when revenue was negative; steps fall when they lower the level.
  const falling = (i: number) => {
    const [from, to] = bars[i]?.range ?? [0, 0];
    return to < from;
  };
  let level = r.previous;
  for (const s of parts) {
    bars.push({ label: s.label, range: [level, level + s.delta], colour: s.delta >= 0 ? UP : DOWN, text: signedCompact(s.delta) });
    level += s.delta;
  }
  bars.push({ label: 'Current', range: [0, r.current], colour: total, text: compact(r.current) });
  const p = r.periods;
  const pct = r.previous !== 0 ? ` (${r.delta >= 0 ? '+' : '−'}${Math.abs((r.delta / r.previous) * 100).toFixed(1)}%)` : '';
  return {
    type: 'bar',
    data: {
      labels: bars.map((b) => wrap(b.label, 12)),
      datasets: [
        {
          label: 'Revenue',
          data: bars.map((b) => b.range),
          backgroundColor: bars.map((b) => translucent(b.colour, 0.85)),
          borderColor: bars.map((b) => b.colour),
          borderWidth: 1,
          barPercentage: 0.85,
          categoryPercentage: 0.9,
        },
      ],
    },
    options: {
      layout: { padding: { left: 8, right: 16, top: 4, bottom: 4 } },
      plugins: {
        ...heading(`Why revenue changed, by ${dimension}`, `${p.current.from} – ${p.current.to} vs ${p.previous.from} – ${p.previous.to}: ${signedCompact(r.delta)}${pct}`),
        legend: { display: false },
        tooltip: { enabled: false },
      },
      scales: {
        x: { grid: { display: false }, border: { display: false }, ticks: { font: tickFont, maxRotation: 0, autoSkip: false } },
        y: { ...valueAxis(), grace: '10%' },
      },
    },
    plugins: [barLabels<'bar'>((i) => bars[i]?.text ?? '', { horizontal: false, falling })],
  };
}
