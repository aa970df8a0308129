import { z } from 'zod';
import { computeFunnel, DEFAULT_FUNNEL_DAYS } from '../funnel/funnel-report.js';
import { defineReport } from '../report-module.js';
import { cycleChart } from './cycle-chart.js';
import { cycleView } from './cycle-view.js';

/** Same result as `funnel` (one contract, its `byMonth`); the view is the pipeline month by month. */
export const cycleReport = defineReport({
  name: 'cycle',
  title: 'Pipeline by month',
  summary: `conversion and median days per stage by month (default last ${DEFAULT_FUNNEL_DAYS} days): a slower pipeline shows before revenue does`,
  optionsSchema: z.object({}),
  phrases: ['cycle', 'sales cycle', 'cycle time', 'pipeline trend', 'funnel trend', 'conversion trend', 'pipeline by month', 'days per stage', 'stage duration', 'pipeline speed', 'velocity'],
  help: { example: 'last:12m' },
  chart: cycleChart,
  options: [],
  run: computeFunnel,
  // Leads, not orders: a window without orders can still hold a pipeline.
  window: () => null,
  view: cycleView,
});
