import { z } from 'zod';
import { defineReport } from '../report-module.js';
import { snapshotFor } from '../snapshot.js';
import { rfmChart } from './rfm-chart.js';
import { rfmDrills } from './rfm-drills.js';
import { listOption, computeRfm, rfmView, type RfmReport } from './rfm-report.js';

/** The `rfm` report module: definition and JSON shape in analytics.md (shared docs). */
export const rfmReport = defineReport({
  name: 'rfm',
  title: 'RFM segments',
  summary: 'recency, frequency and monetary scores (1–5) and the 10 customer segments',
  optionsSchema: z.object({ list: z.enum(['segments', 'customers']).optional() }),
  // "top customers" → rfm: its list is every customer by monetary value (revenue in the window) desc;
  // clv ranks by predicted future value, which is not what "top" means to most people.
  phrases: ['rfm', 'top customers', 'best customers', 'biggest customers', 'customers', 'customer segments', 'segments', 'who buys most', 'top clients', 'clients', 'customer list'],
  // "top customers" is rfm's list of customers by revenue, not its segment table.
  phraseOptions: Object.fromEntries(
    ['top customers', 'best customers', 'biggest customers', 'who buys most', 'top clients', 'customer list', 'customers', 'clients'].map((p) => [p, ['list:customers']]),
  ),
  help: { example: 'last:365d region:North' },
  homeButton: 3,
  snapshot: { group: 'rfm' },
  chart: rfmChart,
  drills: rfmDrills,
  options: [
    {
      key: 'list',
      flag: '--list <what>',
      description: 'segments (default) or customers: the customers by revenue with their scores and segment',
      parse: listOption,
    },
  ],
  async run(ctx) {
    // The list choice changes the view only; a request that names it is not the default view, so it
    // is computed live (the snapshot keeps the default request's top rows only).
    const r = (await snapshotFor<RfmReport>(ctx, 'rfm')) ?? (await computeRfm(ctx));
    return ctx.options.list === 'customers' ? { ...r, list: 'customers' as const } : r;
  },
  view: rfmView,
});
