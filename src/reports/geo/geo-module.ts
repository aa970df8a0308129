import { z } from 'zod';
import { defineReport } from '../report-module.js';
import { geoChart } from './geo-chart.js';
import { geoDrills } from './geo-drills.js';
import { computeGeo, geoView } from './geo-report.js';

/** The `geo` report module: definition and JSON shape in analytics.md (shared docs). */
export const geoReport = defineReport({
  name: 'geo',
  title: 'Regional coverage',
  summary: 'revenue vs customer share per region (under-served regions) and revenue per city',
  optionsSchema: z.object({}),
  phrases: ['geo', 'by region', 'per region', 'regions', 'map', 'geography', 'regional', 'where', 'where do we sell', 'revenue by region', 'sales by region', 'cities', 'by city'],
  help: { example: 'last:1y' },
  homeButton: 9,
  chart: geoChart,
  drills: geoDrills,
  options: [],
  run: computeGeo,
  view: geoView,
});
