import type { ChartConfiguration, Plugin } from 'chart.js';
import { compact, heading, leastSquares, truncate, valueAxis } from './chart-kit.js';
import { colour, FONT_FAMILY, INK, MUTED, translucent, TYPE } from './theme.js';

export interface ScatterFitSpec {
  title: string;
  subtitle?: string;
  points: readonly { x: number; y: number; label: string }[];
  xTitle: string;
  yTitle: string;
  formatX?: (v: number) => string;
  formatY?: (v: number) => string;
  /** Points whose names are written beside them (the rest stay dots). */
  labelled?: readonly number[];
}

/** Writes the names of the chosen points beside them, right or left, skipping a name that would overlap another. */
function pointNames(spec: ScatterFitSpec): Plugin<'scatter'> {
  return {
    id: 'pointNames',
    afterDatasetsDraw(chart) {
      const meta = chart.getDatasetMeta(0);
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.font = `${TYPE.label}px ${FONT_FAMILY}`;
      ctx.fillStyle = INK;
      ctx.textBaseline = 'middle';
      // Names keep clear of the dots and of each other.
      const taken = meta.data.map((el) => {
        const { x, y } = el.getProps(['x', 'y'], true) as { x: number; y: number };
        return { l: x - 6, r: x + 6, t: y - 6, b: y + 6 };
      });
      const free = (l: number, r: number, t: number, b: number) =>
        l >= chartArea.left && r <= chart.width - 4 && !taken.some((k) => l < k.r && r > k.l && t < k.b && b > k.t);
      for (const i of spec.labelled ?? []) {
        const el = meta.data[i];
        const name = spec.points[i]?.label;
        if (!el || !name) continue;
        const { x, y } = el.getProps(['x', 'y'], true) as { x: number; y: number };
        const text = truncate(name, 16);
        const w = ctx.measureText(text).width;
        const h = TYPE.label / 2 + 2;
        const centred = Math.max(chartArea.left, Math.min(x - w / 2, chart.width - 4 - w));
        // Right, left, above, below: the first place that is free.
        const spot = [
          { l: x + 9, cy: y },
          { l: x - 9 - w, cy: y },
          { l: centred, cy: y - 2 * h },
          { l: centred, cy: y + 2 * h },
        ].find((c) => free(c.l, c.l + w, c.cy - h, c.cy + h) && c.cy - h >= chartArea.top - 12);
        if (!spot) continue;
        taken.push({ l: spot.l, r: spot.l + w, t: spot.cy - h, b: spot.cy + h });
        ctx.textAlign = 'left';
        ctx.fillText(text, spot.l, spot.cy);
      }
      ctx.restore();
    },
  };
}

/**
 * One dot per item with the least-squares line over them (drawn across the observed x range), for
 * "does more X go with more Y" charts. The line is left out with fewer than two points or no spread.
 */
export function scatterFitChart(spec: ScatterFitSpec): ChartConfiguration<'scatter'> {
  const blue = colour(0);
  const pts = spec.points.map((p) => ({ x: p.x, y: p.y }));
  const fit = leastSquares(pts);
  const xs = pts.map((p) => p.x);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return {
    type: 'scatter',
    data: {
      datasets: [
        {
          label: 'Salesmen',
          data: pts,
          backgroundColor: translucent(blue, 0.65),
          borderColor: blue,
          borderWidth: 1,
          pointRadius: pts.length > 200 ? 3 : 7,
          order: 1,
        },
        ...(fit
          ? [
              {
                type: 'line' as const,
                label: 'Least-squares fit',
                data: [lo, hi].map((x) => ({ x, y: fit.intercept + fit.slope * x })),
                borderColor: MUTED,
                borderDash: [8, 6],
                borderWidth: 2.5,
                pointRadius: 0,
                order: 0,
              },
            ]
          : []),
      ],
    },
    options: {
      layout: { padding: { left: 8, right: 20, top: 4, bottom: 4 } },
      plugins: {
        ...heading(spec.title, spec.subtitle),
        legend: { display: false },
        tooltip: { enabled: false },
      },
      scales: {
        // Counts and money are usually ≥ 0: start those axes at 0 rather than at a padded negative tick.
        x: { ...valueAxis(spec.xTitle, spec.formatX ?? compact), grace: '5%', ...(pts.every((p) => p.x >= 0) ? { min: 0 } : {}) },
        y: { ...valueAxis(spec.yTitle, spec.formatY ?? compact), grace: '5%', ...(pts.every((p) => p.y >= 0) ? { min: 0 } : {}) },
      },
    },
    plugins: [pointNames(spec)],
  } as ChartConfiguration<'scatter'>;
}

/** Indices of the `n` largest values of `key` (ties by position), for choosing which points to name. */
export function topIndices<T>(items: readonly T[], key: (t: T) => number, n: number): number[] {
  return items
    .map((t, i) => ({ i, v: key(t) }))
    .sort((a, b) => b.v - a.v || a.i - b.i)
    .slice(0, n)
    .map((x) => x.i);
}
