import { z } from 'zod';
import { defineReport } from '../report-module.js';
import { forecastChart } from './forecast-chart.js';
import { modelOption } from './forecast-model-option.js';
import { computeForecast, forecastView, grainOption, horizonOption, metricOption } from './forecast-report.js';

/** The `forecast` report module: definition and JSON shape in analytics.md (shared docs). */
export const forecastReport = defineReport({
  name: 'forecast',
  title: 'Forecast',
  summary: 'ETS forecast of monthly (or quarterly, weekly, daily) revenue or orders with 80/95 % ranges, and the pace of this month and quarter',
  optionsSchema: z.object({
    grain: z.enum(['quarter', 'month', 'week', 'day']).optional(),
    metric: z.enum(['revenue', 'orders']).optional(),
    horizon: z.number().int().min(1).max(60).optional(),
    // the canonical code modelOption writes (`MAdM`), so a stored request reads back the same
    model: z.string().regex(/^[AM][NAM]d?[NAM]$/).optional(),
  }),
  phrases: ['forecast', 'forecasts', 'prediction', 'predict', 'projection', 'outlook', 'on pace', 'pace', 'expected revenue', 'revenue forecast', 'sales forecast'],
  help: { example: 'region:North grain:week' },
  heavy: true,
  chart: forecastChart,
  options: [
    { key: 'grain', flag: '--grain <quarter|month|week|day>', description: 'period of the series (default month; quarter has a yearly season; day uses a weekday season)', parse: grainOption },
    { key: 'metric', flag: '--metric <revenue|orders>', description: 'what to forecast (default revenue)', parse: metricOption },
    { key: 'horizon', flag: '--horizon <n>', description: 'periods ahead (default 8 quarters, 12 months, 13 weeks, 28 days)', parse: horizonOption },
    { key: 'model', flag: '--model <ets>', description: 'fit this one ETS model instead of choosing by AICc: error, trend, season as MAM, MAdM, ANN or ETS(M,Ad,M)', parse: modelOption },
  ],
  run: computeForecast,
  view: forecastView,
});
