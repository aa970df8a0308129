import type { ChartConfiguration, Plugin } from 'chart.js';
import { barLabels, compact, heading, tickFont, valueAxis } from './chart-kit.js';
import { colour, translucent, TYPE } from './theme.js';

export interface HorizontalBar {
  /** One line, or several (drawn on separate lines). */
  label: string | string[];
  value: number;
  /** Written after the bar's end. */
  valueLabel: string;
  colour?: string;
}

export interface HorizontalBarsSpec {
  title: string;
  subtitle?: string;
  bars: readonly HorizontalBar[];
  /** Title of the value axis. */
  axisTitle?: string;
  formatTick?: (v: number) => string;
  /** Colour and label of a legend when bar colours mean something. */
  legend?: { label: string; colour: string }[];
  plugins?: Plugin<'bar'>[];
}

/**
 * Ranked horizontal bars, largest at the top, each with its figure written beside it: the shape most
 * report lists (customers at risk, rules, suggestions) read best in at preview size.
 */
export function horizontalBarsChart(spec: HorizontalBarsSpec): ChartConfiguration<'bar'> {
  const base = colour(0);
  const colours = spec.bars.map((b) => b.colour ?? base);
  const legend = spec.legend ?? [];
  return {
    type: 'bar',
    data: {
      labels: spec.bars.map((b) => b.label),
      datasets: [
        {
          label: spec.axisTitle ?? '',
          data: spec.bars.map((b) => b.value),
          backgroundColor: colours.map((c) => translucent(c, 0.85)),
          borderColor: colours,
          borderWidth: 1,
          barPercentage: 0.8,
          categoryPercentage: 0.9,
        },
      ],
    },
    options: {
      indexAxis: 'y',
      layout: { padding: { left: 8, right: 24, top: 4, bottom: 8 } },
      plugins: {
        ...heading(spec.title, spec.subtitle),
        legend: {
          display: legend.length > 0,
          position: 'bottom',
          labels: {
            font: { size: TYPE.label },
            boxWidth: 18,
            generateLabels: () => legend.map((l) => ({ text: l.label, fillStyle: l.colour, strokeStyle: l.colour, lineWidth: 0, hidden: false })),
          },
        },
        tooltip: { enabled: false },
      },
      scales: {
        x: {
          ...valueAxis(spec.axisTitle, spec.formatTick ?? compact),
          beginAtZero: true,
          // Room past the longest bar for its label.
          grace: '25%',
        },
        y: { grid: { display: false }, border: { display: false }, ticks: { font: tickFont, autoSkip: false } },
      },
    },
    plugins: [
      barLabels<'bar'>((i) => spec.bars[i]?.valueLabel ?? '', { horizontal: true, falling: (i) => (spec.bars[i]?.value ?? 0) < 0 }),
      ...(spec.plugins ?? []),
    ],
  };
}
