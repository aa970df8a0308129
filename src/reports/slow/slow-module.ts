import { z } from 'zod';
import { defineReport } from '../report-module.js';
import { slowChart } from './slow-chart.js';
import { computeSlow, slowView } from './slow-report.js';

/** The `slow` report module: definition and JSON shape in analytics.md (shared docs). */
export const slowReport = defineReport({
  name: 'slow',
  title: 'Slow movers',
  summary: 'active products without a sale in the last 30/60/90 days, with the stock value tied up',
  optionsSchema: z.object({}),
  phrases: ['slow', 'dead stock', 'not selling', 'slow movers', 'slow sellers', 'slow moving', 'stale stock', 'unsold', 'unsold stock', 'not moving', 'what is not selling', "what's not selling"],
  help: { example: 'category:Paper' },
  homeButton: 7,
  chart: slowChart,
  options: [],
  run: computeSlow,
  // No sale in the window is exactly what slow movers list.
  window: () => null,
  view: slowView,
});
