import { geoDrills } from './geo-drills.js';
import { defineReport } from '../report-module.js';
import { geoChart } from './geo-chart.js';
import { computeGeo, geoView, type GeoReport } from './geo-report.js';
import { z } from 'zod';

/** The geo report: see docs/analytics.md. */
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
