import type { ChartType, Plugin, TitleOptions } from 'chart.js';
import { FONT_FAMILY, GRID, INK, MUTED, TYPE } from './theme.js';

const compactFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 });

/**
 * 1234567 → "1.23M": axis ticks and bar labels have room for three digits at preview size. Negative
 * values keep Intl's hyphen-minus ("-1.2K"), the one minus sign of every view (see lib/format.ts).
 */
export function compact(v: number): string {
  return compactFormat.format(v);
}

/** Like {@link compact} with an explicit sign, for changes. */
export function signedCompact(v: number): string {
  return v > 0 ? `+${compact(v)}` : compact(v);
}

export function percent(share: number, digits = 0): string {
  return `${(share * 100).toFixed(digits)}%`;
}

/** Long product and customer names would squeeze the plot; the table beside the chart has them in full. */
export function truncate(text: string, max = 24): string {
  const t = text.trim();
  return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`;
}

/** "2025-04-01 – 2025-06-30", or "up to 2025-06-30" when the window has no start. */
export function periodText(period: { from?: string | undefined; to: string }): string {
  return period.from ? `${period.from} – ${period.to}` : `up to ${period.to}`;
}

/** Title (what and when) and an optional subtitle (the key figure), sized for previews. */
export function heading(title: string, subtitle?: string): { title: Partial<TitleOptions>; subtitle: Partial<TitleOptions> } {
  return {
    title: { display: true, text: title, color: INK, font: { size: TYPE.title, weight: 'bold' }, padding: { top: 4, bottom: subtitle ? 4 : 14 } },
    subtitle: { display: subtitle !== undefined, text: subtitle ?? '', color: '#555555', font: { size: TYPE.subtitle }, padding: { top: 0, bottom: 14 } },
  };
}

/** Tick font for every axis. */
export const tickFont = { size: TYPE.tick } as const;

/** A value axis: light grid, compact money ticks, optional title. */
export function valueAxis(title?: string, format: (v: number) => string = compact) {
  return {
    grid: { color: GRID },
    border: { display: false },
    ticks: { font: tickFont, maxTicksLimit: 6, callback: (v: number | string) => format(Number(v)) },
    title: { display: title !== undefined, text: title ?? '', font: { size: TYPE.label } },
  };
}

/** Least-squares line y = a + b·x; null with fewer than two points or no spread in x. */
export function leastSquares(points: readonly { x: number; y: number }[]): { intercept: number; slope: number } | null {
  const n = points.length;
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (const p of points) {
    mx += p.x / n;
    my += p.y / n;
  }
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.x - mx) ** 2;
    sxy += (p.x - mx) * (p.y - my);
  }
  if (!(sxx > 0) || !Number.isFinite(sxy)) return null;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/**
 * Writes a label beside every bar of the first dataset: after the end of horizontal bars, above
 * vertical ones, or on the far side when `falling(i)` says the bar stands for a decrease.
 */
export function barLabels<T extends ChartType>(
  text: (index: number) => string,
  opts: { horizontal: boolean; datasetIndex?: number; falling?: (index: number) => boolean },
): Plugin<T> {
  return {
    id: 'barLabels',
    afterDatasetsDraw(chart) {
      const meta = chart.getDatasetMeta(opts.datasetIndex ?? 0);
      const { ctx } = chart;
      ctx.save();
      ctx.font = `${TYPE.label}px ${FONT_FAMILY}`;
      ctx.fillStyle = INK;
      meta.data.forEach((bar, i) => {
        const label = text(i);
        if (!label) return;
        const { x, y, base } = bar.getProps(['x', 'y', 'base'], true) as { x: number; y: number; base: number };
        const fall = opts.falling?.(i) ?? false;
        if (opts.horizontal) {
          ctx.textBaseline = 'middle';
          const end = fall ? Math.min(x, base) : Math.max(x, base);
          const width = ctx.measureText(label).width;
          // No room past the bar's end (the longest bar): write it inside the bar, in white.
          const inside = fall ? end - 6 - width < 0 : end + 6 + width > chart.width;
          ctx.textAlign = fall !== inside ? 'right' : 'left';
          ctx.fillStyle = inside ? '#ffffff' : INK;
          ctx.fillText(label, end + (fall !== inside ? -6 : 6), y);
        } else {
          ctx.textAlign = 'center';
          ctx.textBaseline = fall ? 'top' : 'bottom';
          ctx.fillText(label, x, fall ? Math.max(y, base) + 4 : Math.min(y, base) - 4);
        }
      });
      ctx.restore();
    },
  };
}

/** A dashed line across the plot at a value of one axis, with an optional short label (targets, averages). */
export function referenceLine<T extends ChartType>(axis: 'x' | 'y', value: number, label = '', colour = MUTED): Plugin<T> {
  return {
    id: `referenceLine-${axis}`,
    afterDatasetsDraw(chart) {
      const scale = chart.scales[axis];
      if (!scale || !Number.isFinite(value)) return;
      const p = scale.getPixelForValue(value);
      const { left, right, top, bottom } = chart.chartArea;
      const { ctx } = chart;
      ctx.save();
      ctx.strokeStyle = colour;
      ctx.fillStyle = colour;
      ctx.lineWidth = 2;
      ctx.setLineDash([6, 5]);
      ctx.beginPath();
      if (axis === 'x') {
        ctx.moveTo(p, top);
        ctx.lineTo(p, bottom);
      } else {
        ctx.moveTo(left, p);
        ctx.lineTo(right, p);
      }
      ctx.stroke();
      if (!label) return ctx.restore();
      ctx.font = `${TYPE.label}px ${FONT_FAMILY}`;
      ctx.textBaseline = 'bottom';
      ctx.textAlign = axis === 'x' ? 'center' : 'right';
      if (axis === 'x') ctx.fillText(label, Math.min(Math.max(p, left + 40), right - 40), top - 2);
      else ctx.fillText(label, right, p - 3);
      ctx.restore();
    },
  };
}

/** Splits a label into at most `lines` lines of about `width` characters at spaces (the last one truncated). */
export function wrap(text: string, width: number, lines = 2): string[] {
  const out: string[] = [];
  let line = '';
  const words = text.trim().split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (line && `${line} ${w}`.length > width) {
      if (out.length === lines - 1) {
        out.push(truncate(`${line} ${words.slice(i).join(' ')}`, width));
        return out;
      }
      out.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(truncate(line, width));
  return out;
}
