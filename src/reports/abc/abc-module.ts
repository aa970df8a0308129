import { z } from 'zod';
import { defineReport } from '../report-module.js';
import { snapshotFor } from '../snapshot.js';
import { abcChart } from './abc-chart.js';
import { abcDrills } from './abc-drills.js';
import { computeAbc, abcView, type AbcReport } from './abc-report.js';

/** The `abc` report module: definition and JSON shape in analytics.md (shared docs). */
export const abcReport = defineReport({
  name: 'abc',
  title: 'ABC/XYZ products',
  summary: 'products by revenue Pareto class (A/B/C) and weekly demand variability (X/Y/Z)',
  optionsSchema: z.object({}),
  // "best sellers" / "top products" → abc: products by revenue Pareto class.
  phrases: ['abc', 'by product', 'per product', 'revenue by product', 'sales by product', 'best sellers', 'bestsellers', 'best-sellers', 'top products', 'best products', 'top sellers', 'top items', 'products', 'pareto', 'product classes'],
  help: { example: 'last:6m' },
  homeButton: 6,
  // issue 13: every product's weekly units over all history is the report's heaviest read at scale
  // (hundreds of ms on 1M lines): the refresh step keeps the default view.
  snapshot: { group: 'abc' },
  chart: abcChart,
  drills: abcDrills,
  options: [],
  // The stored default view when fresh, else live (product_week without member filters).
  async run(ctx) {
    return (await snapshotFor<AbcReport>(ctx, 'abc')) ?? computeAbc(ctx);
  },
  view: abcView,
});
