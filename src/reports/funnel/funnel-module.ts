import { z } from 'zod';
import { funnel } from '../../analytics/funnel.js';
import { defineReport } from '../report-module.js';
import { funnelChart } from './funnel-chart.js';
import { DEFAULT_FUNNEL_DAYS, computeFunnel, days, funnelView } from './funnel-report.js';

/** The `funnel` report module: definition and JSON shape in analytics.md (shared docs). */
export const funnelReport = defineReport({
  name: 'funnel',
  title: 'Sales funnel',
  summary: `lead → opportunity → won of leads created in the window (default last ${DEFAULT_FUNNEL_DAYS} days), lost reasons, win rates`,
  optionsSchema: z.object({}),
  phrases: ['funnel', 'pipeline', 'leads', 'opportunities', 'lead funnel', 'sales pipeline', 'conversion'],
  help: { example: 'last:90d' },
  chart: funnelChart,
  options: [],
  run: computeFunnel,
  // Leads, not orders: a window without orders can still hold a funnel.
  window: () => null,
  view: funnelView,
});
