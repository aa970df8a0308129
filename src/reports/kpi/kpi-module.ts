import { z } from 'zod';
import { kpi } from '../../analytics/kpi.js';
import { defineReport } from '../report-module.js';
import { kpiChart } from './kpi-chart.js';
import { DEFAULT_MIN_UNITS, kpiWindow, computeKpi, kpiView, minUnitsOption } from './kpi-report.js';

/** The `kpi` report module: definition and JSON shape in analytics.md (shared docs). */
export const kpiReport = defineReport({
  name: 'kpi',
  title: 'KPI cards',
  summary: 'revenue run rate, month to date, active salesmen ratio, top product mover, 30-day revenue series',
  optionsSchema: z.object({ minUnits: z.number().optional() }),
  // "revenue" / "sales" → kpi: its cards (run rate, month to date) end on the period's last day, so
  // "revenue last month" is last month's cards; "what changed" / "why" is the comparison (why).
  phrases: ['kpi', 'kpis', 'revenue', 'sales', 'numbers', 'overview', 'dashboard', 'summary', 'run rate', 'how are we doing', 'how is it going', 'total revenue', 'total sales', 'turnover', 'month to date revenue'],
  help: { example: 'this month region:North' },
  homeButton: 1,
  // The month's expected range is an ETS model selection (~50–100 ms of CPU): off the event loop on a server.
  heavy: true,
  chart: kpiChart,
  options: [
    {
      key: 'minUnits',
      flag: '--min-units <n>',
      description: `minimum units in the last 30 days for the top mover (default ${DEFAULT_MIN_UNITS})`,
      parse: minUnitsOption,
    },
  ],
  run: computeKpi,
  window: kpiWindow,
  view: kpiView,
});
