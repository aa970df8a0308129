import { z } from 'zod';
import { defineReport } from '../report-module.js';
import { snapshotFor } from '../snapshot.js';
import { geoChart } from './geo-chart.js';
import { geoDrills } from './geo-drills.js';
import { computeGeo, geoView, type GeoReport } from './geo-report.js';

/** The `geo` report module: definition and JSON shape in analytics.md (shared docs). */
export const geoReport = defineReport({
  name: 'geo',
  title: 'Regional coverage',
  summary: 'revenue vs customer share per region (under-served regions) and revenue per city',
  optionsSchema: z.object({}),
  phrases: ['geo', 'by region', 'per region', 'regions', 'map', 'geography', 'regional', 'where', 'where do we sell', 'revenue by region', 'sales by region', 'cities', 'by city'],
  help: { example: 'last:1y' },
  homeButton: 9,
  // issue 13: the default view joins every customer to their sales (a scan of the customer base that
  // grows with it, slower than a from-scratch engine on the lines): the refresh step keeps it.
  snapshot: { group: 'geo' },
  chart: geoChart,
  drills: geoDrills,
  options: [],
  // The stored default view when fresh, else live.
  async run(ctx) {
    return (await snapshotFor<GeoReport>(ctx, 'geo')) ?? computeGeo(ctx);
  },
  view: geoView,
});
