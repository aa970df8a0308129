import { z } from 'zod';
import { defineReport } from '../report-module.js';
import { forecastChart } from './forecast-chart.js';
import { computeForecast, forecastView, grainOption, horizonOption, metricOption } from './forecast-report.js';

/** The `forecast` report module: definition and JSON shape in analytics.md (shared docs). */
export const forecastReport = defineReport({
  name: 'forecast',
  title: 'Forecast',
  summary: 'ETS forecast of monthly (or weekly, daily) revenue or orders with 80/95 % ranges, and the pace of this month and quarter',
  optionsSchema: z.object({
    grain: z.enum(['month', 'week', 'day']).optional(),
    metric: z.enum(['revenue', 'orders']).optional(),
    horizon: z.number().int().min(1).max(60).optional(),
  }),
  phrases: ['forecast', 'forecasts', 'prediction', 'predict', 'projection', 'outlook', 'on pace', 'pace', 'expected revenue', 'revenue forecast', 'sales forecast'],
  help: { example: 'region:North grain:week' },
  heavy: true,
  chart: forecastChart,
  options: [
    { key: 'grain', flag: '--grain <month|week|day>', description: 'period of the series (default month; day uses a weekday season)', parse: grainOption },
    { key: 'metric', flag: '--metric <revenue|orders>', description: 'what to forecast (default revenue)', parse: metricOption },
    { key: 'horizon', flag: '--horizon <n>', description: 'periods ahead (default 12 months, 13 weeks, 28 days)', parse: horizonOption },
  ],
  run: computeForecast,
  view: forecastView,
});
