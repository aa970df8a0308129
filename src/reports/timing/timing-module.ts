import { z } from 'zod';
import { timing } from '../../analytics/timing.js';
import { defineReport } from '../report-module.js';
import { snapshotFor } from '../snapshot.js';
import { timingChart } from './timing-chart.js';
import { computeTiming, timingView, type TimingReport } from './timing-report.js';

/** The `timing` report module: definition and JSON shape in analytics.md (shared docs). */
export const timingReport = defineReport({
  name: 'timing',
  title: 'Sales timing',
  summary: 'revenue and orders by weekday × hour in the business time zone, with the peak',
  optionsSchema: z.object({}),
  phrases: ['timing', 'when do they buy', 'when do customers buy', 'when', 'best time', 'best time to call', 'peak hours', 'busiest time', 'busiest hours', 'by hour', 'by weekday'],
  help: { example: 'last:90d' },
  homeButton: 8,
  chart: timingChart,
  options: [],
  // hourly_sales keeps the hour, so every view but region / customer / category filters reads the rollup
  // (a few hundred thousand rows at most) and needs no snapshot; a stored one would still be used.
  async run(ctx) {
    return (await snapshotFor<TimingReport>(ctx, 'timing')) ?? computeTiming(ctx);
  },
  view: timingView,
});
