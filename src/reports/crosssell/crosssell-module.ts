import { z } from 'zod';
import { MINING_OPTIONS } from '../affinity/affinity-report.js';
import { defineReport } from '../report-module.js';
import { snapshotFor } from '../snapshot.js';
import { crosssellChart } from './crosssell-chart.js';
import { crosssellDrills } from './crosssell-drills.js';
import { DEFAULT_PER_CUSTOMER, computeCrossSell, crossSellView, perCustomerOption, type CrossSellReport } from './crosssell-report.js';

/** The `crosssell` report module: definition and JSON shape in analytics.md (shared docs). */
export const crosssellReport = defineReport({
  name: 'crosssell',
  title: 'Cross-sell',
  summary: 'per customer, products their basket rules suggest and they have not bought, grouped by salesman',
  optionsSchema: z.object({ minSupport: z.number().optional(), minConfidence: z.number().optional(), maxLen: z.number().int().optional(), perCustomer: z.number().int().optional() }),
  phrases: ['crosssell', 'cross sell', 'cross-sell', 'cross selling', 'upsell', 'up-sell', 'up sell', 'what to sell', 'what else to sell', 'what to offer', 'next best product', 'suggestions', 'recommendations'],
  help: { example: 'salesman:S001' },
  homeButton: 5,
  snapshot: { group: 'crosssell' },
  heavy: true,
  chart: crosssellChart,
  drills: crosssellDrills,
  options: [
    ...MINING_OPTIONS,
    { key: 'perCustomer', flag: '--per-customer <n>', description: `suggestions per customer (default ${DEFAULT_PER_CUSTOMER})`, parse: perCustomerOption },
  ],
  async run(ctx) {
    return (await snapshotFor<CrossSellReport>(ctx, 'crosssell')) ?? computeCrossSell(ctx);
  },
  view: crossSellView,
});
