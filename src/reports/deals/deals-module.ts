import { z } from 'zod';
import { defineReport } from '../report-module.js';
import { dealsChart } from './deals-chart.js';
import { computeDeals, dealsView } from './deals-report.js';

/** The `deals` report module: definition and JSON shape in analytics.md (shared docs). */
export const dealsReport = defineReport({
  name: 'deals',
  title: 'Deals at risk',
  summary: 'open deals stalled past their stage’s 90th percentile, quiet 14+ days or past their close date, and wins without an order in 30 days',
  optionsSchema: z.object({}),
  phrases: ['deals', 'deal risk', 'deals at risk', 'at risk deals', 'stalled deals', 'risky deals', 'overdue deals', 'slipping deals'],
  help: { example: 'salesman:S1' },
  chart: dealsChart,
  options: [],
  run: computeDeals,
  // Leads and activities, not orders: a day without orders can still hold deals at risk.
  window: () => null,
  view: dealsView,
});
