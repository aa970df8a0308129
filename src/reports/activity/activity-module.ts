import { z } from 'zod';
import { defineReport } from '../report-module.js';
import { activityChart } from './activity-chart.js';
import { ACTIVITY_DEFAULT_WEEKS, computeActivity, activityView } from './activity-report.js';

/** The `activity` report module: definition and JSON shape in analytics.md (shared docs). */
export const activityReport = defineReport({
  name: 'activity',
  title: 'Activities vs revenue',
  summary: `visits and calls per salesman against revenue, correlated per salesman-week (default: last ${ACTIVITY_DEFAULT_WEEKS} weeks)`,
  optionsSchema: z.object({}),
  phrases: ['activity', 'activities', 'visits', 'call activity', 'activity log', 'effort', 'visits and calls'],
  help: { example: 'last:30d' },
  chart: activityChart,
  options: [],
  run: computeActivity,
  // Activities count as much as sales here: a window without orders is still an answer.
  window: () => null,
  view: activityView,
});
