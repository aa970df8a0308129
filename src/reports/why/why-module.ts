import { z } from 'zod';
import { defineReport } from '../report-module.js';
import { snapshotFor } from '../snapshot.js';
import { whyChart } from './why-chart.js';
import { whyDrills } from './why-drills.js';
import { DEFAULT_WHY_DAYS, whyPeriods, computeWhy, whyView, periodOption, type WhyReport } from './why-report.js';

/** The `why` report module: definition and JSON shape in analytics.md (shared docs). */
export const whyReport = defineReport({
  name: 'why',
  title: 'Why revenue changed',
  summary: 'revenue change vs the previous period by region, category, salesman, product and RFM segment; price/volume/mix',
  optionsSchema: z.object({ period: z.number().int().optional() }),
  phrases: ['why', 'what changed', 'what happened', 'changes', 'revenue change', 'why did revenue change', 'why did sales drop', 'drivers', 'what moved', 'compare', 'comparison', 'change'],
  help: { example: 'last:30d' },
  homeButton: 2,
  // issue 13: the RFM segments of every customer as of the period start cost hundreds of ms at scale:
  // the refresh step keeps the default view.
  snapshot: { group: 'why' },
  chart: whyChart,
  drills: whyDrills,
  options: [
    {
      key: 'period',
      flag: '--period <days>',
      description: `length of the current period ending on the as-of day (default ${DEFAULT_WHY_DAYS}); or use from:/last:`,
      parse: periodOption,
    },
  ],
  // Both periods: previous start to current end.
  window(ctx) {
    const p = whyPeriods(ctx);
    return { from: p.previousFrom, to: p.to };
  },
  // The stored default view when fresh, else live.
  async run(ctx) {
    return (await snapshotFor<WhyReport>(ctx, 'why')) ?? computeWhy(ctx);
  },
  view: whyView,
});
