import { z } from 'zod';
import { defineReport } from '../report-module.js';
import { goalsChart } from './goals-chart.js';
import { computeGoals } from './goals-report.js';
import { goalsView } from './goals-view.js';

/** The `goals` report module: targets against actuals, pace and projection (analytics.md "goals"). */
export const goalsReport = defineReport({
  name: 'goals',
  title: 'Goals',
  summary: 'targets: actual to date, attainment, linear and seasonal pace, projected end of period, needed per working day',
  optionsSchema: z.object({}),
  phrases: ['goals', 'targets', 'target', 'quota', 'quotas', 'attainment', 'pacing', 'am i on track', 'are we on track'],
  help: { example: 'region:North' },
  // Each target under way fits a daily ETS model (goal-forecast.ts): CPU in Node, so report threads.
  heavy: true,
  chart: goalsChart,
  options: [],
  run: computeGoals,
  // A period without orders yet (a target for next month) is an answer too: the target, 0 done, the pace.
  window: () => null,
  view: goalsView,
});
