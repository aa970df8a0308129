import { z } from 'zod';
import { consistency } from '../../analytics/consistency.js';
import { defineReport } from '../report-module.js';
import { consistencyChart } from './consistency-chart.js';
import { CONSISTENCY_DEFAULT_DAYS, consistencyWindow, computeConsistency, consistencyView } from './consistency-report.js';

/** The `consistency` report module: definition and JSON shape in analytics.md (shared docs). */
export const consistencyReport = defineReport({
  name: 'consistency',
  title: 'Sales consistency',
  summary: `how evenly each salesman's revenue spreads over working days (default: last ${CONSISTENCY_DEFAULT_DAYS} days)`,
  optionsSchema: z.object({}),
  phrases: ['consistency', 'consistent', 'who is consistent', 'by salesman', 'per salesman', 'by rep', 'per rep', 'revenue by salesman', 'sales by salesman', 'team', 'salesmen', 'steadiness', 'evenness', 'salesman consistency', 'team consistency'],
  help: { example: 'last:12w' },
  chart: consistencyChart,
  options: [],
  run: computeConsistency,
  window: consistencyWindow,
  view: consistencyView,
});
