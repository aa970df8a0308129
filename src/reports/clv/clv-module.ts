import { z } from 'zod';
import { customerDrills } from '../../views/customer-drills.js';
import { defineReport } from '../report-module.js';
import { snapshotFor } from '../snapshot.js';
import { clvChart } from './clv-chart.js';
import { computeClv, CLV_OPTIONS, clvView, type ClvReport } from './clv-report.js';

/** The `clv` report module: definition and JSON shape in analytics.md (shared docs). */
export const clvReport = defineReport({
  name: 'clv',
  title: 'Customer lifetime value',
  summary: 'BG/NBD + Gamma-Gamma: P(alive), expected purchases and discounted CLV per customer',
  optionsSchema: z.object({ unit: z.enum(['day', 'week']).optional(), horizon: z.number().optional(), months: z.number().int().optional(), discount: z.number().optional() }),
  phrases: ['clv', 'ltv', 'lifetime value', 'customer lifetime value', 'customer value', 'future value', 'predicted value'],
  help: { example: 'months:6' },
  snapshot: { group: 'customer-models' },
  heavy: true,
  chart: clvChart,
  drills: (r) => customerDrills(r.customers),
  options: CLV_OPTIONS,
  async run(ctx) {
    return (await snapshotFor<ClvReport>(ctx, 'clv')) ?? computeClv(ctx);
  },
  view: clvView,
});
