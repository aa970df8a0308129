import { z } from 'zod';
import { customerDrills } from '../../views/customer-drills.js';
import { MODEL_OPTIONS } from '../clv/clv-report.js';
import { defineReport } from '../report-module.js';
import { snapshotFor } from '../snapshot.js';
import { churnChart } from './churn-chart.js';
import { computeChurn, churnView, type ChurnReport } from './churn-report.js';

/** The `churn` report module: definition and JSON shape in analytics.md (shared docs). */
export const churnReport = defineReport({
  name: 'churn',
  title: 'Churn risk',
  summary: 'customers overdue by their own ordering rhythm or likely lost (BG/NBD), ranked by value at risk',
  optionsSchema: z.object({ unit: z.enum(['day', 'week']).optional() }),
  phrases: ['churn', 'at risk', 'at-risk', 'who is at risk', "who's at risk", 'whos at risk', 'risk', 'customers at risk', 'churning', 'lost customers', 'who stopped buying', 'who stopped ordering', 'overdue', 'overdue customers'],
  help: { example: 'me' },
  homeButton: 4,
  snapshot: { group: 'customer-models' },
  heavy: true,
  chart: churnChart,
  drills: (r) => customerDrills(r.customers),
  options: MODEL_OPTIONS,
  async run(ctx) {
    return (await snapshotFor<ChurnReport>(ctx, 'churn')) ?? computeChurn(ctx);
  },
  view: churnView,
});
