import type { ChartConfiguration } from 'chart.js';
import { ChartJSNodeCanvas } from 'chartjs-node-canvas';
import { createRequire } from 'node:module';
import { CHART_SIZE, FONT_FAMILY, INK } from './theme.js';

const require = createRequire(import.meta.url);

/**
 * chartjs-node-canvas gives every canvas its own CommonJS copy of Chart.js and drops it from the
 * require cache afterwards; a plugin's controllers must extend that very copy, or Chart.js files them
 * as plain plugins. So the plugins are required afresh (CommonJS builds) while that copy is still cached.
 */
function freshRequire<T>(id: string): T {
  const path = require.resolve(id);
  const cached = require.cache[path];
  delete require.cache[path];
  try {
    return require(path) as T;
  } finally {
    if (cached) require.cache[path] = cached;
    else delete require.cache[path];
  }
}

type Registrable = Parameters<typeof import('chart.js').Chart.register>[number];

/** The extra chart types report charts use: matrix (heatmap), sankey (funnel) and the geo map types. */
function registerPlugins(ChartJS: { register(...items: Registrable[]): void }): void {
  const matrix = freshRequire<Record<'MatrixController' | 'MatrixElement', Registrable>>('chartjs-chart-matrix');
  const sankey = freshRequire<Record<'SankeyController' | 'Flow', Registrable>>('chartjs-chart-sankey');
  const geo = freshRequire<Record<'BubbleMapController' | 'ChoroplethController' | 'GeoFeature' | 'ProjectionScale' | 'ColorScale' | 'SizeScale', Registrable>>(
    'chartjs-chart-geo',
  );
  ChartJS.register(
    matrix.MatrixController,
    matrix.MatrixElement,
    sankey.SankeyController,
    sankey.Flow,
    geo.BubbleMapController,
    geo.ChoroplethController,
    geo.GeoFeature,
    geo.ProjectionScale,
    geo.ColorScale,
    geo.SizeScale,
  );
}

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
        registerPlugins(ChartJS);
      },
    });
    canvases.set(key, c);
  }
  return c;
}

/**
 * Renders a Chart.js configuration to a PNG; the canvas for each size is built once and reused. The PNG
 * is encoded synchronously on the calling thread: `sales-bot serve` renders on its chart thread, and the
 * asynchronous encoder would hand the work to libuv's shared pool, where it competes with the event
 * loop's own I/O (measured: a fifth of serve's CPU under 50 concurrent commands ran there).
 */
export async function renderPng(config: ChartConfiguration, size: { width: number; height: number } = CHART_SIZE): Promise<Buffer> {
  return canvasFor(size.width, size.height).renderToBufferSync(config as never, 'image/png');
}
