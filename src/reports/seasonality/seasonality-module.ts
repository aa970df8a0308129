import { z } from 'zod';
import { defineReport } from '../report-module.js';
import { seasonalityChart } from './seasonality-chart.js';
import { computeSeasonality, seasonalityView } from './seasonality-report.js';

/** The `seasonality` report module: definition and JSON shape in analytics.md (shared docs). */
export const seasonalityReport = defineReport({
  name: 'seasonality',
  title: 'Seasonality',
  summary: 'seasonal index per calendar month (multiplicative decomposition of monthly revenue; needs 24 months)',
  optionsSchema: z.object({}),
  phrases: ['seasonality', 'seasonal', 'season', 'seasons', 'seasonal pattern', 'by month', 'monthly pattern', 'best months', 'busiest months'],
  help: { example: 'last:2y' },
  chart: seasonalityChart,
  options: [],
  run: computeSeasonality,
  view: seasonalityView,
});
