import { z } from 'zod';
import { defineReport } from '../report-module.js';
import { snapshotFor } from '../snapshot.js';
import { affinityChart } from './affinity-chart.js';
import { computeAffinity, affinityView, MINING_OPTIONS, type AffinityReport } from './affinity-report.js';

/** The `affinity` report module: definition and JSON shape in analytics.md (shared docs). */
export const affinityReport = defineReport({
  name: 'affinity',
  title: 'Product affinity',
  summary: 'association rules between products bought in the same order (support, confidence, lift)',
  optionsSchema: z.object({ minSupport: z.number().optional(), minConfidence: z.number().optional(), maxLen: z.number().int().optional() }),
  phrases: ['affinity', 'bundles', 'bundle', 'bought together', 'frequently bought together', 'basket', 'baskets', 'market basket', 'product pairs', 'pairs', 'association rules'],
  help: { example: 'min-support:0.02 last:1y' },
  snapshot: { group: 'affinity' },
  heavy: true,
  chart: affinityChart,
  options: MINING_OPTIONS,
  async run(ctx) {
    return (await snapshotFor<AffinityReport>(ctx, 'affinity')) ?? computeAffinity(ctx);
  },
  view: affinityView,
});
