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
