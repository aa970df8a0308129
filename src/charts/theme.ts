import type { RfmSegment } from '../analytics/rfm.js';

/**
 * One palette for every chart so a segment, class or region keeps its colour across reports.
 * Colours are colour-blind-safe (Okabe–Ito) and readable at Slack's preview size.
 */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'] as const;

export const CHART_SIZE = { width: 1000, height: 560 } as const;

export const FONT_FAMILY = 'DejaVu Sans, Helvetica, Arial, sans-serif';

export const INK = '#1d1c1d';
export const GRID = '#e8e8e8';

export function colour(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

/** The same colour with alpha, for fills under lines. */
export function translucent(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** Report charts are read as Slack previews (~360 px wide), so they are drawn small with big type. */
export const REPORT_CHART_SIZE = { width: 800, height: 500 } as const;

/** Type sizes of report charts, in px at {@link REPORT_CHART_SIZE}. */
export const TYPE = { title: 26, subtitle: 17, tick: 16, label: 15 } as const;

/** Grey for totals, "other" and anything that should not draw the eye. */
export const MUTED = '#8c8c8c';
/** Rises and falls (waterfalls, deltas): bluish green and vermillion from the palette. */
export const UP = PALETTE[2];
export const DOWN = PALETTE[3];

/** ABC classes: A is the palette's first colour in every chart. */
export const CLASS_COLOURS: Record<'A' | 'B' | 'C', string> = { A: PALETTE[0], B: PALETTE[1], C: MUTED };

/**
 * RFM segments: good customers in greens and blues, slipping ones in oranges and reds, dormant in
 * greys, so a segment reads the same in the scatter and in the bars.
 */
export const SEGMENT_COLOURS: Record<RfmSegment, string> = {
  Champions: '#009E73',
  'Loyal Customers': '#0072B2',
  'Potential Loyalists': '#56B4E9',
  'New Customers': '#CC79A7',
  Promising: '#B8A200',
  'Need Attention': '#E69F00',
  'About to Sleep': '#A6761D',
  "Can't Lose Them": '#882255',
  'At Risk': '#D55E00',
  Hibernating: '#8c8c8c',
};
