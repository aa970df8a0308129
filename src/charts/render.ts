import type { ChartConfiguration } from 'chart.js';
import { ChartJSNodeCanvas } from 'chartjs-node-canvas';
import { CHART_SIZE, FONT_FAMILY, INK } from './theme.js';

const canvases = new Map<string, ChartJSNodeCanvas>();

function canvasFor(width: number, height: number): ChartJSNodeCanvas {
  const key = `${width}x${height}`;
  let c = canvases.get(key);
  if (!c) {
    c = new ChartJSNodeCanvas({
      width,
      height,
      backgroundColour: '#ffffff',
      chartCallback: (ChartJS) => {
        ChartJS.defaults.font.family = FONT_FAMILY;
        ChartJS.defaults.font.size = 15;
        ChartJS.defaults.color = INK;
        ChartJS.defaults.animation = false;
        ChartJS.defaults.responsive = false;
      },
    });
    canvases.set(key, c);
  }
  return c;
}

/** Renders a Chart.js configuration to a PNG; the canvas for each size is built once and reused. */
export async function renderPng(config: ChartConfiguration, size: { width: number; height: number } = CHART_SIZE): Promise<Buffer> {
  return canvasFor(size.width, size.height).renderToBuffer(config as never, 'image/png');
}
